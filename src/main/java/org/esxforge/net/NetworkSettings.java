package org.esxforge.net;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.esxforge.io.Redactor;

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
 * @param minSpeed the slowest acceptable transfer, in bytes per second averaged over {@code
 *     minSpeedWindow}; a slower transfer fails (and is retried, resuming); 0 turns the check off
 * @param minSpeedWindow how long a transfer may stay below {@code minSpeed}
 * @param allowInsecureRedirects follow a redirect from https:// to http:// (refused by default)
 * @param clock the time for certificate validity messages and {@code Retry-After} dates without a
 *     {@code Date} header
 *     <p>Immutable and thread-safe.
 */
public record NetworkSettings(
    ProxyConfig proxy,
    List<Path> caCerts,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry,
    Redactor redactor,
    String userAgent,
    long minSpeed,
    Duration minSpeedWindow,
    boolean allowInsecureRedirects,
    Clock clock) {

  /** The default {@link #minSpeed}: 1 KiB/s. */
  public static final long DEFAULT_MIN_SPEED = 1024;

  /** The default {@link #minSpeedWindow}: 30 s. */
  public static final Duration DEFAULT_MIN_SPEED_WINDOW = Duration.ofSeconds(30);

  public NetworkSettings {
    Objects.requireNonNull(proxy, "proxy");
    caCerts = List.copyOf(caCerts);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(minSpeedWindow, "minSpeedWindow");
    Objects.requireNonNull(clock, "clock");
    if (minSpeed < 0 || minSpeedWindow.isNegative() || minSpeedWindow.isZero()) {
      throw new IllegalArgumentException("minimum speed must be >= 0 over a positive window");
    }
  }

  /** Settings with the default minimum speed, no https-to-http redirects and the system clock. */
  public NetworkSettings(
      ProxyConfig proxy,
      List<Path> caCerts,
      Duration connectTimeout,
      Duration readTimeout,
      RetryPolicy retry,
      Redactor redactor,
      String userAgent) {
    this(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        DEFAULT_MIN_SPEED,
        DEFAULT_MIN_SPEED_WINDOW,
        false,
        Clock.systemUTC());
  }

  /**
   * Direct connections, JDK trust, 30 s connect / 60 s read timeouts, default retries, at least 1
   * KiB/s over 30 s, no https-to-http redirects.
   */
  public static NetworkSettings defaults() {
    return new NetworkSettings(
        ProxyConfig.direct(),
        List.of(),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        RetryPolicy.defaults(),
        Redactor.shared(),
        "esxforge",
        DEFAULT_MIN_SPEED,
        DEFAULT_MIN_SPEED_WINDOW,
        false,
        Clock.systemUTC());
  }

  public NetworkSettings withProxy(ProxyConfig p) {
    return new NetworkSettings(
        p,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        clock);
  }

  public NetworkSettings withCaCerts(List<Path> certs) {
    return new NetworkSettings(
        proxy,
        certs,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        clock);
  }

  public NetworkSettings withTimeouts(Duration connect, Duration read) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connect,
        read,
        retry,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        clock);
  }

  public NetworkSettings withRetry(RetryPolicy r) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        r,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        clock);
  }

  public NetworkSettings withRedactor(Redactor r) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        r,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        clock);
  }

  /** At least {@code bytesPerSecond} averaged over {@code window}; 0 turns the check off. */
  public NetworkSettings withMinSpeed(long bytesPerSecond, Duration window) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        bytesPerSecond,
        window,
        allowInsecureRedirects,
        clock);
  }

  public NetworkSettings withInsecureRedirects(boolean allow) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allow,
        clock);
  }

  public NetworkSettings withClock(Clock c) {
    return new NetworkSettings(
        proxy,
        caCerts,
        connectTimeout,
        readTimeout,
        retry,
        redactor,
        userAgent,
        minSpeed,
        minSpeedWindow,
        allowInsecureRedirects,
        c);
  }
}
