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

  /** Resolves a possibly absolute reference against a base (urljoin). */
  static URI resolve(URI base, String ref) throws URISyntaxException {
    String r = ref.trim().replace(" ", "%20");
    return r.isEmpty() ? base : base.resolve(new URI(r));
  }
}
