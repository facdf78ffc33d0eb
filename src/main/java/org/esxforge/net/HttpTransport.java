package org.esxforge.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Sha256;

/**
 * Downloads files over HTTP(S) with Apache HttpClient 5: proxies per {@link ProxyConfig} (with
 * proxy authentication), extra trust anchors, connect/read timeouts, bounded retries with backoff
 * and jitter, resume with {@code Range} requests, truncation detection, and one-line errors whose
 * URL is redacted.
 *
 * <p>Thread-safe: one instance serves concurrent downloads (pooled connections).
 */
public final class HttpTransport implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final NetworkSettings settings;
  private final EventHandlers events;
  private final CloseableHttpClient client;
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  private HttpTransport(NetworkSettings settings, EventHandlers events, CloseableHttpClient client) {
    this.settings = settings;
    this.events = events;
    this.client = client;
  }

  /** A transport for {@code settings}; fails when a {@code --ca-cert} file is unusable. */
  public static HttpTransport create(NetworkSettings settings, EventHandlers events)
      throws IOException {
    Timeout connect = Timeout.of(settings.connectTimeout());
    Timeout read = Timeout.of(settings.readTimeout());
    PoolingHttpClientConnectionManager cm =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(TrustStores.sslContext(settings.caCerts())))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
            .setMaxConnPerRoute(8)
            .setMaxConnTotal(16)
            .build();
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    ProxyConfig pc = settings.proxy();
    for (ProxyConfig.ProxyUri p : new ProxyConfig.ProxyUri[] {pc.httpProxy(), pc.httpsProxy()}) {
      if (p != null && p.user() != null) {
        credentials.setCredentials(
            new AuthScope(p.host(), p.port()),
            new UsernamePasswordCredentials(p.user(), p.password().toCharArray()));
      }
    }
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(cm)
            .setRoutePlanner(new ProxyRoutePlanner(pc))
            .setDefaultCredentialsProvider(credentials)
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).build())
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .setUserAgent(settings.userAgent())
            .build();
    return new HttpTransport(settings, events, client);
  }

  /** Body bytes received so far by this transport (all downloads, all attempts). */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** HTTP requests sent so far. */
  public long requestCount() {
    return requests.get();
  }

  public NetworkSettings settings() {
    return settings;
  }

  /**
   * Downloads {@code uri} into {@code target} (created or truncated), hashing while writing.
   * Retries per the {@link RetryPolicy}; a partial body is resumed with {@code Range: bytes=N-}
   * when the server honours it (206 with a matching {@code Content-Range}) and re-fetched whole
   * otherwise.
   *
   * @param validators sent as {@code If-None-Match}/{@code If-Modified-Since}; a 304 answer
   *     returns {@link Download#notModified()} and leaves {@code target} empty
   * @param expectedSize the size the caller knows (e.g. a VIB's {@code packedSize}), or -1; a body
   *     of another size is a failure
   * @throws DepotAccessException with the redacted URL, the cause and a remedy, when every attempt
   *     failed or the failure cannot be retried
   */
  public Download download(URI uri, Path target, Download.Validators validators, long expectedSize)
      throws IOException {
    String where = settings.redactor().redact(uri.toString());
    String task = "download " + fileName(where);
    RetryPolicy policy = settings.retry();
    try (FileChannel ch =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      Attempt state = new Attempt(ch, expectedSize, task);
      int attempts = 0;
      int fruitless = 0;
      while (true) {
        attempts++;
        long before = state.offset;
        try {
          Download d = attempt(uri, state, validators, attempts);
          ch.force(false);
          return d;
        } catch (IOException e) {
          if (!HttpFailures.retryable(e)) {
            throw finalError(where, e, attempts);
          }
          fruitless = state.offset > before ? fruitless : fruitless + 1;
          if (fruitless >= policy.maxAttempts() || attempts >= 4 * policy.maxAttempts()) {
            throw finalError(where, e, attempts);
          }
          Duration delay = policy.delayBefore(fruitless == 0 ? 1 : fruitless);
          if (e instanceof StatusException s && s.retryAfter != null) {
            // honour Retry-After (429/503), but never wait longer than the policy's cap
            Duration asked = s.retryAfter.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : s.retryAfter;
            delay = asked.compareTo(delay) > 0 ? asked : delay;
          }
          events.warn(
              where + ": " + HttpFailures.describe(e, settings.redactor()) + "; retrying in "
                  + delay.toMillis() + " ms" + (state.offset > 0 ? " from byte " + state.offset : "")
                  + " (attempt " + (attempts + 1) + ")");
          sleep(policy, delay, where);
        }
      }
    }
  }

  /** {@code uri} without its user-info part. */
  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    String s = uri.toString();
    int at = s.indexOf('@', s.indexOf("//") + 2);
    return URI.create(s.substring(0, s.indexOf("//") + 2) + s.substring(at + 1));
  }

  private Download attempt(URI uri, Attempt state, Download.Validators validators, int attempt)
      throws IOException {
    HttpGet get = new HttpGet(withoutUserInfo(uri));
    if (uri.getRawUserInfo() != null) {
      // credentials in a depot URL (private mirrors): sent as preemptive Basic auth, never as part
      // of the request URI (HttpClient 5 refuses user-info there); the URL is redacted everywhere
      String userInfo = java.net.URLDecoder.decode(
          uri.getRawUserInfo().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
      get.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
          userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    boolean ranged = state.offset > 0;
    if (ranged) {
      get.setHeader("Range", "bytes=" + state.offset + "-");
      String ifRange = state.etag != null ? state.etag : state.lastModified;
      if (ifRange != null) {
        get.setHeader("If-Range", ifRange);
      }
    } else if (validators != null) {
      if (validators.etag() != null) {
        get.setHeader("If-None-Match", validators.etag());
      }
      if (validators.lastModified() != null) {
        get.setHeader("If-Modified-Since", validators.lastModified());
      }
    }
    requests.incrementAndGet();
    try (ClassicHttpResponse response = client.executeOpen(null, get, null)) {
      int status = response.getCode();
      if (status == 304 && !ranged && validators != null && !validators.isEmpty()) {
        return new Download(true, 0, null, validators.etag(), validators.lastModified(), attempt);
      }
      if (status == 206 && ranged) {
        long start = contentRangeStart(response);
        if (start != state.offset) {
          long asked = state.offset;
          state.restart();
          throw new IOException("server sent Content-Range from " + start + ", asked for " + asked);
        }
      } else if (status == 200) {
        if (ranged) {
          state.restart(); // the server ignored Range: take the whole body again
        }
        state.etag = header(response, "ETag");
        state.lastModified = header(response, "Last-Modified");
      } else if (status == 416 && ranged) {
        state.restart(); // the file changed under us: fetch it whole again
        throw new IOException("server refused the range from byte " + state.offset);
      } else {
        throw statusError(status, response.getReasonPhrase(), header(response, "Retry-After"));
      }
      HttpEntity entity = response.getEntity();
      long length = entity == null ? 0 : entity.getContentLength();
      long total = length < 0 ? state.expectedSize : state.offset + length;
      if (state.expectedSize >= 0 && total >= 0 && total != state.expectedSize) {
        throw new HttpFailures.NonRetryable(
            "server announced " + total + " bytes, expected " + state.expectedSize);
      }
      long got = entity == null ? 0 : copy(entity.getContent(), state, total);
      if (length >= 0 && got != length) {
        throw new HttpFailures.TruncatedBodyException(got, length);
      }
      if (state.expectedSize >= 0 && state.offset != state.expectedSize) {
        throw new HttpFailures.TruncatedBodyException(state.offset, state.expectedSize);
      }
      state.channel.truncate(state.offset);
      return new Download(
          false,
          state.offset,
          Sha256.fromDigest(state.digest.digest()),
          state.etag,
          state.lastModified,
          attempt);
    }
  }

  private long copy(InputStream in, Attempt state, long total) throws IOException {
    byte[] buf = new byte[BUFFER];
    long got = 0;
    long lastReport = -1;
    long step = Math.max(1 << 20, total / 50);
    events.dispatch(new ProgressEvent(state.task, state.offset, total, "bytes"));
    int n;
    while ((n = in.read(buf)) > 0) {
      if (state.expectedSize >= 0 && state.offset + n > state.expectedSize) {
        throw new HttpFailures.NonRetryable("body longer than the expected " + state.expectedSize + " bytes");
      }
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
      while (bb.hasRemaining()) {
        state.channel.write(bb, state.offset + (n - bb.remaining()));
      }
      state.digest.update(buf, 0, n);
      state.offset += n;
      got += n;
      bytesReceived.addAndGet(n);
      if (state.offset - lastReport >= step) {
        lastReport = state.offset;
        events.dispatch(new ProgressEvent(state.task, state.offset, total, "bytes"));
      }
    }
    if (lastReport != state.offset) {
      events.dispatch(new ProgressEvent(state.task, state.offset, total, "bytes"));
    }
    return got;
  }

  private static long contentRangeStart(ClassicHttpResponse response) {
    String cr = header(response, "Content-Range");
    if (cr == null || !cr.startsWith("bytes ")) {
      return -1;
    }
    int dash = cr.indexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(cr.substring(6, dash).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String header(ClassicHttpResponse response, String name) {
    Header h = response.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  private static IOException statusError(int status, String reason, String retryAfter) {
    String what = "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
    if (!HttpFailures.retryableStatus(status)) {
      return new FatalStatus(status, what);
    }
    Duration wait = null;
    if (retryAfter != null && retryAfter.strip().matches("\\d{1,9}")) {
      wait = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
    }
    return new StatusException(status, what, wait);
  }

  private DepotAccessException finalError(String where, IOException e, int attempts) {
    int status = e instanceof StatusException s ? s.status : e instanceof FatalStatus f ? f.status : -1;
    String hint = status > 0 ? HttpFailures.hintFor(status) : HttpFailures.hintFor(e);
    String what =
        status > 0 ? e.getMessage() : HttpFailures.describe(e, settings.redactor());
    if (attempts > 1) {
      what += " (after " + attempts + " attempts)";
    }
    IOException cause = new IOException(settings.redactor().redact(e.toString()));
    cause.setStackTrace(e.getStackTrace());
    return new DepotAccessException(where, status, what, hint, cause);
  }

  private static void sleep(RetryPolicy policy, Duration delay, String where) throws IOException {
    try {
      policy.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(where + ": interrupted while waiting to retry");
    }
  }

  private static String fileName(String url) {
    String u = url;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    return u.substring(u.lastIndexOf('/') + 1);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  /** Mutable per-download state carried across attempts. */
  private static final class Attempt {
    final FileChannel channel;
    final long expectedSize;
    final String task;
    final MessageDigest digest = Sha256.newDigest();
    long offset;
    String etag;
    String lastModified;

    Attempt(FileChannel channel, long expectedSize, String task) {
      this.channel = channel;
      this.expectedSize = expectedSize;
      this.task = task;
    }

    void restart() throws IOException {
      offset = 0;
      digest.reset();
      channel.truncate(0);
    }
  }

  /** A retryable HTTP status, with the server's Retry-After (delta-seconds form) if any. */
  private static final class StatusException extends IOException {
    final int status;
    final Duration retryAfter;

    StatusException(int status, String what, Duration retryAfter) {
      super(what);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  /** A status that retrying cannot fix (401, 403, 404, …). */
  private static final class FatalStatus extends HttpFailures.NonRetryable {
    final int status;

    FatalStatus(int status, String what) {
      super(what);
      this.status = status;
    }
  }
}
