package org.esxforge.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code NO_PROXY} list, matched the way curl and Go do: comma- or space-separated entries;
 * {@code *} matches every host; {@code example.com} and {@code .example.com} match that domain and
 * every sub-domain; an IP address matches itself; {@code 10.0.0.0/8} (CIDR, IPv4) matches the
 * range; an entry with {@code :port} matches only that port. Case-insensitive.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoProxy {
  private final List<String> entries;
  private final boolean all;

  private NoProxy(List<String> entries, boolean all) {
    this.entries = List.copyOf(entries);
    this.all = all;
  }

  /** Parses a {@code NO_PROXY} value; blank means "no exceptions". */
  public static NoProxy parse(String text) {
    List<String> list = new ArrayList<>();
    boolean all = false;
    for (String raw : text.split("[,\\s]+", -1)) {
      String e = raw.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        all = true;
      }
      list.add(e);
    }
    return new NoProxy(list, all);
  }

  /** The entries as given (lower-cased). */
  public List<String> entries() {
    return entries;
  }

  /** True when {@code host} (at {@code port}) must be reached directly. */
  public boolean matches(String host, int port) {
    if (all) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String e : entries) {
      String pattern = e;
      int entryPort = -1;
      int colon = e.lastIndexOf(':');
      boolean bracketed = e.startsWith("[") && e.lastIndexOf(']') == colon - 1;
      if (colon > 0 && (e.indexOf(':') == colon || bracketed) && !e.contains("/")) {
        try {
          entryPort = Integer.parseInt(e.substring(colon + 1));
          pattern = e.substring(0, colon);
        } catch (NumberFormatException ignored) {
          // not a port: keep the whole entry
        }
      }
      if (entryPort >= 0 && entryPort != port) {
        continue;
      }
      if (pattern.startsWith("[") && pattern.endsWith("]")) {
        pattern = pattern.substring(1, pattern.length() - 1);
      }
      if (matchesPattern(h, pattern)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesPattern(String host, String pattern) {
    if (pattern.contains("/")) {
      return inCidr(host, pattern);
    }
    String domain = pattern.startsWith("*.") ? pattern.substring(1) : pattern;
    if (domain.startsWith(".")) {
      return host.endsWith(domain) || host.equals(domain.substring(1));
    }
    return host.equals(domain) || host.endsWith("." + domain);
  }

  private static boolean inCidr(String host, String cidr) {
    int slash = cidr.indexOf('/');
    long net = ipv4(cidr.substring(0, slash));
    long addr = ipv4(host);
    if (net < 0 || addr < 0) {
      return false;
    }
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (bits < 0 || bits > 32) {
      return false;
    }
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (net & mask) == (addr & mask);
  }

  /** The IPv4 address as an unsigned int, or -1 when {@code s} is not a dotted quad. */
  private static long ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      int b = Integer.parseInt(p);
      if (b > 255) {
        return -1;
      }
      v = (v << 8) | b;
    }
    return v;
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
