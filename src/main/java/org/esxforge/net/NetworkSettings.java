package org.esxforge.net;

import org.esxforge.io.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTTP layer needs to know about the network it runs in.
 *
 * @param proxy which proxy to use per URL
 * @param caCerts PEM files whose certificates are trusted in addition to the JDK's defaults (for
 *     SSL-inspecting proxies); there is deliberately no "trust all" switch
 * @param connectTimeout TCP connect timeout
 * @param readTimeout longest silence while waiting for response bytes before the attempt fails
 * @param retry retry policy
 * @param redactor hides secrets in every message
 * @param userAgent the User-Agent header
 *     <p>Immutable and thread-safe.
 */
public record NetworkSettings(
    ProxyConfig proxy,
    List<Path> caCerts,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry,
    Redactor redactor,
    String userAgent) {

  public NetworkSettings {
    Objects.requireNonNull(proxy, "proxy");
    caCerts = List.copyOf(caCerts);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(userAgent, "userAgent");
  }

  /** Direct connections, JDK trust, 30 s connect / 60 s read timeouts, default retries. */
  public static NetworkSettings defaults() {
    return new NetworkSettings(
        ProxyConfig.direct(),
        List.of(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        RetryPolicy.defaults(),
        Redactor.shared(),
        "esxforge");
  }

  public NetworkSettings withProxy(ProxyConfig p) {
    return new NetworkSettings(p, caCerts, connectTimeout, readTimeout, retry, redactor, userAgent);
  }

  public NetworkSettings withCaCerts(List<Path> certs) {
    return new NetworkSettings(proxy, certs, connectTimeout, readTimeout, retry, redactor, userAgent);
  }

  public NetworkSettings withTimeouts(Duration connect, Duration read) {
    return new NetworkSettings(proxy, caCerts, connect, read, retry, redactor, userAgent);
  }

  public NetworkSettings withRetry(RetryPolicy r) {
    return new NetworkSettings(proxy, caCerts, connectTimeout, readTimeout, r, redactor, userAgent);
  }

  public NetworkSettings withRedactor(Redactor r) {
    return new NetworkSettings(proxy, caCerts, connectTimeout, readTimeout, retry, r, userAgent);
  }
}
