package org.esxforge.depot;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.esxforge.io.Redactor;

/** Helpers for depot locations and §1.3 URL resolution. Stateless and thread-safe. */
final class Locations {
  private Locations() {}

  static boolean isHttp(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://");
  }

  static boolean isHttp(URI u) {
    return u.getScheme() != null
        && (u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"));
  }

  /** The URI as text without user-info (credentials never reach a message). */
  static String redact(URI u) {
    if (u.getRawUserInfo() == null) {
      return Redactor.shared().redact(u.toString());
    }
    try {
      return Redactor.shared()
          .redact(
              new URI(
                      u.getScheme(),
                      null,
                      u.getHost(),
                      u.getPort(),
                      u.getPath(),
                      u.getQuery(),
                      u.getFragment())
                  .toString());
    } catch (URISyntaxException e) {
      return u.getScheme() + "://" + u.getHost();
    }
  }

  static String redact(String location) {
    if (!isHttp(location)) {
      return location;
    }
    try {
      return redact(new URI(location));
    } catch (URISyntaxException e) {
      return Redactor.shared().redact(location.replaceAll("//[^/@]*@", "//"));
    }
  }

  /** {@code u} with its last path segment removed (a directory URI ending in '/'). */
  static URI parent(URI u) {
    return u.resolve(".");
  }

  /** {@code s} with a trailing '/' (for "relativePath"-style directory values). */
  static String asDirectory(String s) {
    return s.isEmpty() || s.endsWith("/") ? s : s + "/";
  }

  /**
   * True when {@code ref} is a plain relative path: one or more non-empty segments of ASCII
   * letters, digits and {@code - . _ ~ + = , @}, separated by single '/', none of them "." or "..".
   * For such a reference and a directory URI whose path is already normalised, {@link #resolve}
   * gives that path followed by {@code ref}, character for character (no escapes to decode, no
   * query, fragment, scheme or authority, nothing to normalise), so a depot reader can skip
   * building the URI. Anything else answers false and is resolved the general way.
   */
  static boolean isPlainRelativePath(String ref) {
    int n = ref.length();
    if (n == 0) {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? ref.charAt(i) : '/';
      if (c == '/') {
        int len = i - segmentStart;
        if (len == 0 && i < n) {
          return false; // a leading '/' or '//'
        }
        if ((len == 1 || len == 2) && isDots(ref, segmentStart, len)) {
          return false;
        }
        segmentStart = i + 1;
      } else if (!plain(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDots(String s, int from, int len) {
    return s.charAt(from) == '.' && (len == 1 || s.charAt(from + 1) == '.');
  }

  private static boolean plain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '='
        || c == ','
        || c == '@';
  }

  /** Resolves a possibly absolute reference against a base (urljoin). */
  static URI resolve(URI base, String ref) throws URISyntaxException {
    String r = ref.trim().replace(" ", "%20");
    return r.isEmpty() ? base : base.resolve(new URI(r));
  }
}
