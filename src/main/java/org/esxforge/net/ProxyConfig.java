package org.esxforge.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.esxforge.io.Redactor;
import org.jspecify.annotations.Nullable;

/**
 * Which proxy (if any) to use for a URL: an explicit {@code --proxy}, else the conventional
 * environment variables {@code HTTPS_PROXY}/{@code https_proxy} (for https URLs), {@code
 * HTTP_PROXY}/{@code http_proxy} (for http URLs), {@code ALL_PROXY}/{@code all_proxy}, minus the
 * hosts matched by {@code NO_PROXY}/{@code no_proxy} (see {@link NoProxy}). The lower-case form
 * wins when both are set, as in curl. A proxy URL may carry {@code user:password@}.
 *
 * @param httpProxy proxy for http URLs, or {@code null}
 * @param httpsProxy proxy for https URLs, or {@code null}
 * @param noProxy hosts reached directly
 *     <p>Immutable and thread-safe.
 */
public record ProxyConfig(
    @Nullable ProxyUri httpProxy, @Nullable ProxyUri httpsProxy, NoProxy noProxy) {

  public ProxyConfig {
    Objects.requireNonNull(noProxy, "noProxy");
  }

  /** No proxy at all ({@code --no-proxy}). */
  public static ProxyConfig direct() {
    return new ProxyConfig(null, null, NoProxy.parse(""));
  }

  /** One proxy for every scheme ({@code --proxy URL}), still honouring {@code NO_PROXY}. */
  public static ProxyConfig of(ProxyUri proxy, NoProxy noProxy) {
    return new ProxyConfig(proxy, proxy, noProxy);
  }

  /** The configuration the environment describes. */
  public static ProxyConfig fromEnvironment(Map<String, String> env) throws InvalidProxyException {
    ProxyUri all = parseEnv(env, "all_proxy");
    ProxyUri http = parseEnv(env, "http_proxy");
    ProxyUri https = parseEnv(env, "https_proxy");
    String no = first(env, "no_proxy");
    return new ProxyConfig(
        http != null ? http : all,
        https != null ? https : all,
        NoProxy.parse(no == null ? "" : no));
  }

  /** The proxy for {@code target}, or empty for a direct connection. */
  public Optional<ProxyUri> select(URI target) {
    String host = target.getHost();
    if (host == null || noProxy.matches(host, port(target))) {
      return Optional.empty();
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(scheme.equals("https") ? httpsProxy : httpProxy);
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static @Nullable ProxyUri parseEnv(Map<String, String> env, String lower)
      throws InvalidProxyException {
    String v = first(env, lower);
    return v == null ? null : ProxyUri.parse(v);
  }

  private static @Nullable String first(Map<String, String> env, String lower) {
    String v = env.get(lower);
    if (v == null || v.isBlank()) {
      v = env.get(lower.toUpperCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  /**
   * A proxy address: {@code [http://][user:password@]host[:port]}; default port 3128 when absent
   * (squid's). Only http proxies are supported (HTTPS goes through them with CONNECT). Parsing
   * registers the password with {@link Redactor#shared()}. Immutable; {@link #toString()} never
   * shows the credentials.
   *
   * @param password {@code null} when no credentials were given
   */
  public record ProxyUri(String host, int port, @Nullable String user, @Nullable String password) {
    public ProxyUri {
      Objects.requireNonNull(host, "host");
    }

    /** Parses a proxy URL as found in {@code HTTPS_PROXY} or {@code --proxy}. */
    public static ProxyUri parse(String text) throws InvalidProxyException {
      String t = text.strip();
      if (!t.contains("://")) {
        t = "http://" + t;
      }
      URI u;
      try {
        u = new URI(t);
      } catch (URISyntaxException e) {
        throw new InvalidProxyException(text, "not a URL");
      }
      if (!"http".equalsIgnoreCase(u.getScheme())) {
        throw new InvalidProxyException(text, "only http:// proxies are supported");
      }
      if (u.getHost() == null) {
        throw new InvalidProxyException(
            text,
            u.getRawAuthority() != null && u.getRawAuthority().matches(".*:\\d{6,}")
                ? "port out of range (1-65535)"
                : "no host");
      }
      if (u.getPort() == 0 || u.getPort() > 65535) {
        throw new InvalidProxyException(text, "port " + u.getPort() + " out of range (1-65535)");
      }
      String user = null;
      String password = null;
      if (u.getUserInfo() != null) {
        String ui = u.getUserInfo();
        int colon = ui.indexOf(':');
        user = colon < 0 ? ui : ui.substring(0, colon);
        password = colon < 0 ? "" : ui.substring(colon + 1);
        Redactor.shared().register(password);
      }
      return new ProxyUri(u.getHost(), u.getPort() > 0 ? u.getPort() : 3128, user, password);
    }

    /** {@code host:port} (never the credentials). */
    @Override
    public String toString() {
      return (user != null ? Redactor.MASK + "@" : "") + host + ":" + port;
    }
  }

  /** A proxy setting that cannot be used; the message never contains the password. Immutable. */
  public static final class InvalidProxyException extends Exception {
    public InvalidProxyException(String input, String what) {
      super("invalid proxy '" + Redactor.shared().redact(redactUserInfo(input)) + "': " + what);
    }

    private static String redactUserInfo(String s) {
      int at = s.lastIndexOf('@');
      if (at < 0) {
        return s;
      }
      int start = s.indexOf("://");
      return (start < 0 ? "" : s.substring(0, start + 3)) + Redactor.MASK + s.substring(at);
    }
  }
}
