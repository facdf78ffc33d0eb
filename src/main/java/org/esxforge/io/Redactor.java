package org.esxforge.io;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from every text that leaves esxforge: log lines, exception messages, JSON. One
 * instance is shared by the whole process ({@link #shared()}); tests may make their own.
 *
 * <p>What is redacted, inside any {@code scheme://} URL found in the text:
 *
 * <ul>
 *   <li>the user-info part ({@code https://user:pass@host} → {@code https://<redacted>@host});
 *   <li>on a {@code broadcom.com} host, the first path segment unless it is {@code PROD}: the
 *       download token of {@code https://dl.broadcom.com/<token>/PROD/COMP/ESX_HOST/...}
 *       (docs/formats.md §1.1);
 *   <li>on any host, a path segment that looks like a credential: 24 or more characters of {@code
 *       [A-Za-z0-9_-]} with at least one letter and one digit and no dot (file names in depots
 *       always have a dot or are short words);
 *   <li>the value of query parameters whose name suggests a secret ({@code token}, {@code key},
 *       {@code sig}, {@code password}, {@code auth}, {@code credential}, …).
 * </ul>
 *
 * and, anywhere in the text, every secret registered with {@link #register} (plain and
 * URL-encoded).
 *
 * <p>Thread-safe.
 */
public final class Redactor {
  /** What replaces a secret. */
  public static final String MASK = "<redacted>";

  private static final Redactor SHARED = new Redactor();
  private static final Pattern URL =
      Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.\\-]*://[^\\s'\"<>`]+");
  private static final Pattern TOKEN_SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]{24,}");
  private static final Pattern SECRET_PARAM =
      Pattern.compile(
          "(?i).*(token|key|secret|sig|signature|password|passwd|pwd|auth|credential|session).*");
  private static final Set<String> BROADCOM_PUBLIC = Set.of("PROD", "prod");

  private final List<String> secrets = new CopyOnWriteArrayList<>();

  /** A redactor with no registered secrets. */
  public Redactor() {}

  /** The process-wide redactor used by the CLI, the HTTP layer and the cache. */
  public static Redactor shared() {
    return SHARED;
  }

  /**
   * Registers a literal secret (e.g. a token read from a file); every later {@link #redact} hides
   * it. Values shorter than 4 characters are ignored (they would mask ordinary text).
   */
  public void register(String secret) {
    if (secret == null || secret.length() < 4 || secrets.contains(secret)) {
      return;
    }
    secrets.add(secret);
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    if (!encoded.equals(secret) && !secrets.contains(encoded)) {
      secrets.add(encoded);
    }
    // longest first, so a secret that contains another is masked whole
    secrets.sort(Comparator.comparingInt(String::length).reversed());
  }

  /** {@code text} with every secret replaced by {@link #MASK}; {@code null} stays {@code null}. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    if (out.contains("://")) {
      Matcher m = URL.matcher(out);
      StringBuilder sb = new StringBuilder(out.length());
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(redactUrl(m.group())));
      }
      m.appendTail(sb);
      out = sb.toString();
    }
    return out;
  }

  /** Redacts one URL (see the class comment). */
  private static String redactUrl(String url) {
    if (url.regionMatches(true, 0, "file:", 0, 5)) {
      return url; // a local path: nothing secret, and temp-directory names look like tokens
    }
    int schemeEnd = url.indexOf("://") + 3;
    int pathStart = indexOfAny(url, schemeEnd, '/', '?', '#');
    String authority = url.substring(schemeEnd, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0 && !authority.substring(0, at).matches("(?:\\$\\{[^}]+\\}|:)+")) {
      authority = MASK + authority.substring(at); // placeholders (${NAME}) are references, kept
    }
    String host = hostOf(authority).toLowerCase(Locale.ROOT);
    String rest = url.substring(pathStart);
    int q = indexOfAny(rest, 0, '?', '#');
    String path = rest.substring(0, q);
    String tail = rest.substring(q);
    return url.substring(0, schemeEnd) + authority + redactPath(host, path) + redactQuery(tail);
  }

  private static String redactPath(String host, String path) {
    if (path.isEmpty()) {
      return path;
    }
    String[] segments = path.split("/", -1);
    boolean broadcom = host.equals("broadcom.com") || host.endsWith(".broadcom.com");
    StringBuilder sb = new StringBuilder(path.length());
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      if (i > 0) {
        sb.append('/');
      }
      boolean firstSegment = i == 1;
      if (!seg.isEmpty()
          && !seg.equals(MASK)
          && ((broadcom && firstSegment && !BROADCOM_PUBLIC.contains(seg))
              || looksLikeToken(seg))) {
        sb.append(MASK);
      } else {
        sb.append(seg);
      }
    }
    return sb.toString();
  }

  /**
   * A credential-like segment: 24+ characters of {@code [A-Za-z0-9_-]} with letters and digits and
   * no dot, AND either an unbroken alphanumeric run of 16+ characters (random tokens) or 32+ hex
   * digits in UUID form. Hyphenated names such as the VIB directory {@code
   * lsuv2-intelv2-nvme-vmd-plugin} are not tokens.
   */
  static boolean looksLikeToken(String seg) {
    if (!TOKEN_SEGMENT.matcher(seg).matches()
        || seg.chars().noneMatch(Character::isDigit)
        || seg.chars().noneMatch(Character::isLetter)) {
      return false;
    }
    int run = 0;
    int longest = 0;
    for (int i = 0; i < seg.length(); i++) {
      run = Character.isLetterOrDigit(seg.charAt(i)) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    long hex = seg.chars().filter(c -> Character.digit(c, 16) >= 0).count();
    boolean uuidLike = seg.matches("[0-9a-fA-F-]+") && hex >= 32;
    return longest >= 16 || uuidLike;
  }

  private static String redactQuery(String tail) {
    if (!tail.startsWith("?")) {
      return tail;
    }
    int hash = tail.indexOf('#');
    String query = hash < 0 ? tail.substring(1) : tail.substring(1, hash);
    String fragment = hash < 0 ? "" : tail.substring(hash);
    StringBuilder sb = new StringBuilder("?");
    String[] params = query.split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        sb.append('&');
      }
      int eq = params[i].indexOf('=');
      if (eq > 0
          && SECRET_PARAM.matcher(params[i].substring(0, eq)).matches()
          && !params[i].substring(eq + 1).matches("\\$\\{[^}]+\\}")) {
        sb.append(params[i], 0, eq + 1).append(MASK);
      } else {
        sb.append(params[i]);
      }
    }
    return sb.append(fragment).toString();
  }

  private static String hostOf(String authority) {
    String h = authority.substring(authority.lastIndexOf('@') + 1);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static int indexOfAny(String s, int from, char... chars) {
    for (int i = from; i < s.length(); i++) {
      for (char c : chars) {
        if (s.charAt(i) == c) {
          return i;
        }
      }
    }
    return s.length();
  }
}
