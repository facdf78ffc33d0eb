package org.esxforge.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Messages;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * Downloads files over HTTP(S) with Apache HttpClient 5: proxies per {@link ProxyConfig} (with
 * proxy authentication), extra trust anchors, connect/read timeouts and a minimum speed, bounded
 * retries with backoff and jitter, resume with {@code Range} requests (only with a validator),
 * truncation detection, and one-line errors whose URL is redacted.
 *
 * <p>Redirects are followed here, not by HttpClient: credentials from the URL go only to its own
 * origin, an https-to-http redirect is refused unless allowed, loops stop at once, and {@link
 * Download#location()} reports the final URL (relative references resolve against it).
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
  private final AtomicLong staleRetries = new AtomicLong();

  private HttpTransport(
      NetworkSettings settings, EventHandlers events, CloseableHttpClient client) {
    this.settings = settings;
    this.events = events;
    this.client = client;
  }

  /** Redirects followed per request before giving up. */
  static final int MAX_REDIRECTS = 10;

  /** A transport for {@code settings}; fails when a {@code --ca-cert} file is unusable. */
  public static HttpTransport create(NetworkSettings settings, EventHandlers events)
      throws IOException {
    Timeout connect = Timeout.of(settings.connectTimeout());
    Timeout read = Timeout.of(settings.readTimeout());
    PoolingHttpClientConnectionManager cm =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(
                new DefaultClientTlsStrategy(
                    TrustStores.sslContext(settings.caCerts(), settings.clock()),
                    HostnameVerificationPolicy.CLIENT,
                    new TlsProblems.CheckingHostnameVerifier()))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connect)
                    .setSocketTimeout(read)
                    // proxies (tinyproxy) and servers with a short keep-alive close idle
                    // connections without telling: check a pooled connection before reusing it
                    .setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
                    .build())
            .setMaxConnPerRoute(8)
            .setMaxConnTotal(16)
            .build();
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    ProxyConfig pc = settings.proxy();
    for (ProxyConfig.ProxyUri p : new ProxyConfig.ProxyUri[] {pc.httpProxy(), pc.httpsProxy()}) {
      if (p != null && p.user() != null && p.password() != null) { // set together
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
            .disableRedirectHandling() // followed here: origin checks, downgrade refusal, final URL
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

  /** Requests sent again at once because a pooled connection had been closed while idle. */
  public long staleConnectionRetries() {
    return staleRetries.get();
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
   * @param validators sent as {@code If-None-Match}/{@code If-Modified-Since}; a 304 answer returns
   *     {@link Download#notModified()} and leaves {@code target} empty
   * @param expectedSize the size the caller knows (e.g. a VIB's {@code packedSize}), or -1; a body
   *     of another size is a failure
   * @throws DepotAccessException with the redacted URL, the cause and a remedy, when every attempt
   *     failed or the failure cannot be retried
   */
  public Download download(
      URI uri, Path target, Download.@Nullable Validators validators, long expectedSize)
      throws IOException {
    String where = settings.redactor().redact(uri.toString());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DepotAccessException(
          where,
          -1,
          "cannot fetch a '" + scheme + ":' URL over the network",
          "Give a local path or an http:// or https:// URL",
          null);
    }
    String task = "download " + fileName(where);
    RetryPolicy policy = settings.retry();
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              target,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw LocalWriteException.of(target, where, e);
    }
    try (FileChannel ch = channel) {
      Attempt state = new Attempt(ch, target, expectedSize, task, where);
      int attempts = 0;
      int fruitless = 0;
      long furthest = 0; // an attempt that only re-fetches bytes (a restart) is no progress
      while (true) {
        attempts++;
        try {
          Download d = attempt(uri, state, validators, attempts);
          try {
            ch.force(false);
          } catch (IOException e) {
            throw LocalWriteException.of(target, where, e);
          }
          return d;
        } catch (LocalWriteException e) {
          throw e.local();
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted()) {
            // stopped by the caller (e.g. a parallel mirror whose other fetch failed): no retry
            InterruptedIOException stop = new InterruptedIOException(where + ": stopped");
            stop.initCause(e);
            throw stop;
          }
          if (!HttpFailures.retryable(e)) {
            throw finalError(where, e, attempts);
          }
          fruitless = state.offset > furthest ? fruitless : fruitless + 1;
          furthest = Math.max(furthest, state.offset);
          if (fruitless >= policy.maxAttempts() || attempts >= 4 * policy.maxAttempts()) {
            throw finalError(where, e, attempts);
          }
          Duration delay = policy.delayBefore(fruitless == 0 ? 1 : fruitless);
          if (e instanceof StatusException s && s.retryAfter != null) {
            // honour Retry-After (429/503), but never wait longer than the policy's cap
            Duration asked =
                s.retryAfter.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : s.retryAfter;
            delay = asked.compareTo(delay) > 0 ? asked : delay;
          }
          events.warn(
              where
                  + ": "
                  + HttpFailures.describe(e, settings.redactor())
                  + "; retrying in "
                  + delay.toMillis()
                  + " ms"
                  + (state.offset > 0 ? " from byte " + state.offset : "")
                  + " (attempt "
                  + (attempts + 1)
                  + ")");
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

  private Download attempt(
      URI uri, Attempt state, Download.@Nullable Validators validators, int attempt)
      throws IOException {
    if (state.offset > 0 && state.etag == null && state.lastModified == null) {
      // no validator: a Range request could splice two versions of the file; start again
      state.restart();
    }
    URI current = uri;
    List<URI> seen = new ArrayList<>();
    while (true) {
      seen.add(current);
      HttpGet get = request(uri, current, state, validators);
      try (ClassicHttpResponse response = execute(get)) {
        int status = response.getCode();
        String location = header(response, "Location");
        if (location != null
            && (status == 301
                || status == 302
                || status == 303
                || status == 307
                || status == 308)) {
          URI next = redirectTarget(current, location, seen);
          EntityUtils.consumeQuietly(response.getEntity()); // keep the connection reusable
          current = next;
          continue;
        }
        try {
          return receive(response, status, state, validators, attempt, withoutUserInfo(current));
        } catch (IOException | RuntimeException e) {
          // abort, do not drain: closing normally would read the rest of a slow or endless body
          get.cancel();
          throw e;
        }
      }
    }
  }

  /** The GET for {@code current} (reached from {@code original} through redirects, or equal). */
  private static HttpGet request(
      URI original, URI current, Attempt state, Download.@Nullable Validators validators) {
    HttpGet get = new HttpGet(withoutUserInfo(current));
    if (original.getRawUserInfo() != null && sameOrigin(original, current)) {
      // credentials in a depot URL (private mirrors): sent as preemptive Basic auth, never as part
      // of the request URI, and never to another origin after a redirect
      String userInfo =
          URLDecoder.decode(original.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
      get.setHeader(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    if (state.offset > 0) {
      get.setHeader("Range", "bytes=" + state.offset + "-");
      get.setHeader("If-Range", state.etag != null ? state.etag : state.lastModified);
    } else if (validators != null) {
      if (validators.etag() != null) {
        get.setHeader("If-None-Match", validators.etag());
      }
      if (validators.lastModified() != null) {
        get.setHeader("If-Modified-Since", validators.lastModified());
      }
    }
    return get;
  }

  /**
   * Sends {@code get}. A pooled connection the server (or a proxy) closed while it was idle fails
   * before any response byte; such a request is sent again at once on a new connection, without a
   * warning or a backoff, since nothing went wrong but the reuse.
   */
  private ClassicHttpResponse execute(HttpGet get) throws IOException {
    for (int i = 0; ; i++) {
      HttpClientContext context = HttpClientContext.create();
      requests.incrementAndGet();
      try {
        return client.executeOpen(null, get, context);
      } catch (NoHttpResponseException | SocketException e) {
        EndpointDetails details = context.getEndpointDetails();
        boolean reused = details != null && details.getRequestCount() > 1;
        if (i > 0 || !reused || e instanceof ConnectException) {
          throw e;
        }
        staleRetries.incrementAndGet();
      }
    }
  }

  /** Where a redirect from {@code from} to {@code location} leads; refuses loops and downgrades. */
  private URI redirectTarget(URI from, String location, List<URI> seen) throws IOException {
    URI next;
    try {
      next = from.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new HttpFailures.NonRetryable("redirect to an invalid URL '" + redact(location) + "'");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new HttpFailures.NonRetryable(
          "redirect to a '"
              + scheme
              + ":' URL ("
              + redact(next.toString())
              + "), which esxforge does not follow");
    }
    if ("https".equalsIgnoreCase(from.getScheme())
        && scheme.equals("http")
        && !settings.allowInsecureRedirects()) {
      throw new HttpFailures.NonRetryable(
          "refused the redirect from "
              + redact(from.toString())
              + " to "
              + redact(next.toString())
              + " (from HTTPS to plain HTTP); pass --allow-insecure-redirects"
              + " to follow it anyway");
    }
    if (seen.contains(next)) {
      throw new HttpFailures.NonRetryable(
          "redirect loop: "
              + redact(from.toString())
              + " redirects to "
              + redact(next.toString())
              + ", which was already visited");
    }
    if (seen.size() > MAX_REDIRECTS) {
      throw new HttpFailures.NonRetryable("more than " + MAX_REDIRECTS + " redirects");
    }
    return next;
  }

  /** True when {@code a} and {@code b} share scheme, host and port (RFC 6454 origin). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private String redact(String s) {
    return settings.redactor().redact(s);
  }

  private Download receive(
      ClassicHttpResponse response,
      int status,
      Attempt state,
      Download.@Nullable Validators validators,
      int attempt,
      URI location)
      throws IOException {
    boolean ranged = state.offset > 0;
    if (status == 304 && !ranged && validators != null && !validators.isEmpty()) {
      return new Download(
          true, 0, null, validators.etag(), validators.lastModified(), attempt, location, true);
    }
    if (status == 206 && ranged) {
      long start = contentRangeStart(response);
      if (start != state.offset) {
        long asked = state.offset;
        state.restart();
        throw new HttpFailures.Worded(
            "the server sent bytes from " + start + " when asked for bytes from " + asked);
      }
    } else if (status == 200) {
      if (ranged) {
        state.restart(); // the server ignored Range (or the file changed): take the whole body
      }
      state.etag = header(response, "ETag");
      state.lastModified = header(response, "Last-Modified");
    } else if (status == 416 && ranged) {
      long from = state.offset;
      state.restart(); // the file changed under us: fetch it whole again
      throw new HttpFailures.Worded(
          "the server refused to resume from byte "
              + from
              + " (HTTP 416); fetching the whole file again");
    } else if (status == 401 && fromProxy(response, location)) {
      throw new FatalStatus(
          407, "HTTP 401 Unauthorized from the proxy: the proxy refused the credentials");
    } else {
      throw statusError(
          status,
          response.getReasonPhrase(),
          header(response, "Retry-After"),
          header(response, "Date"));
    }
    HttpEntity entity = response.getEntity();
    long length = entity == null ? 0 : entity.getContentLength();
    long total = length < 0 ? state.expectedSize : state.offset + length;
    if (state.expectedSize >= 0 && total >= 0 && total != state.expectedSize) {
      throw new HttpFailures.NonRetryable(
          "the server announced "
              + total
              + " bytes, expected "
              + state.expectedSize
              + " (the size the depot metadata declares)");
    }
    long got = entity == null ? 0 : copy(entity.getContent(), state, total);
    if (length >= 0 && got != length) {
      throw new HttpFailures.TruncatedBodyException(got, length);
    }
    if (state.expectedSize >= 0 && state.offset != state.expectedSize) {
      throw new HttpFailures.TruncatedBodyException(state.offset, state.expectedSize);
    }
    boolean proven =
        length >= 0 || (entity != null && entity.isChunked()) || state.expectedSize >= 0;
    try {
      state.channel.truncate(state.offset);
    } catch (IOException e) {
      throw LocalWriteException.of(state.target, state.where, e);
    }
    return new Download(
        false,
        state.offset,
        Sha256.fromDigest(state.digest.digest()),
        state.etag,
        state.lastModified,
        attempt,
        location,
        proven);
  }

  /**
   * True when a 401 came from the proxy rather than the depot: tinyproxy answers wrong proxy
   * credentials with 401 (not 407), naming itself in {@code Server} or its realm.
   */
  private boolean fromProxy(ClassicHttpResponse response, URI target) {
    if (settings.proxy().select(target).isEmpty()) {
      return false;
    }
    String server = String.valueOf(header(response, "Server")).toLowerCase(Locale.ROOT);
    String realm = String.valueOf(header(response, "WWW-Authenticate")).toLowerCase(Locale.ROOT);
    return server.contains("proxy") || server.contains("squid") || realm.contains("proxy");
  }

  private long copy(InputStream in, Attempt state, long total) throws IOException {
    byte[] buf = new byte[BUFFER];
    long got = 0;
    long lastReport = -1;
    long step = Math.max(1 << 20, total / 50);
    long minSpeed = settings.minSpeed();
    long window = settings.minSpeedWindow().toNanos();
    long windowStart = System.nanoTime();
    long windowBytes = 0;
    events.dispatch(new ProgressEvent(state.task, state.offset, total, "bytes"));
    int n;
    while ((n = in.read(buf)) > 0) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("stopped");
      }
      if (state.expectedSize >= 0 && state.offset + n > state.expectedSize) {
        throw new HttpFailures.NonRetryable(
            "the body is longer than the "
                + state.expectedSize
                + " bytes the depot metadata declares");
      }
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
      try {
        while (bb.hasRemaining()) {
          state.channel.write(bb, state.offset + (n - bb.remaining()));
        }
      } catch (IOException e) {
        throw LocalWriteException.of(state.target, state.where, e);
      }
      state.digest.update(buf, 0, n);
      state.offset += n;
      got += n;
      bytesReceived.addAndGet(n);
      if (state.offset - lastReport >= step) {
        lastReport = state.offset;
        events.dispatch(new ProgressEvent(state.task, state.offset, total, "bytes"));
      }
      windowBytes += n;
      long now = System.nanoTime();
      if (minSpeed > 0 && now - windowStart >= window) {
        double seconds = (now - windowStart) / 1e9;
        if (windowBytes < minSpeed * seconds) {
          throw new HttpFailures.TooSlowException(windowBytes, seconds, minSpeed);
        }
        windowStart = now;
        windowBytes = 0;
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

  private static @Nullable String header(ClassicHttpResponse response, String name) {
    Header h = response.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  private IOException statusError(
      int status, String reason, @Nullable String retryAfter, @Nullable String date) {
    String what = "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
    if (!HttpFailures.retryableStatus(status)) {
      return new FatalStatus(status, what);
    }
    return new StatusException(status, what, retryAfter(retryAfter, date, settings.clock()));
  }

  /**
   * The wait a {@code Retry-After} value asks for: delay-seconds, or an HTTP date (measured from
   * the response's own {@code Date}, so a skewed local clock does not matter, else from {@code
   * clock}); {@code null} when absent or unreadable.
   */
  static @Nullable Duration retryAfter(@Nullable String value, @Nullable String date, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Instant now = clock.instant();
      if (date != null) {
        try {
          now = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
          // keep the local clock
        }
      }
      Duration d = Duration.between(now, when);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private DepotAccessException finalError(String where, IOException e, int attempts) {
    int status =
        e instanceof StatusException s ? s.status : e instanceof FatalStatus f ? f.status : -1;
    String hint = status > 0 ? HttpFailures.hintFor(status) : HttpFailures.hintFor(e);
    String what = status > 0 ? Messages.of(e) : HttpFailures.describe(e, settings.redactor());
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
    final Path target;
    final long expectedSize;
    final String task;
    final String where;
    final MessageDigest digest = Sha256.newDigest();
    long offset;
    @Nullable String etag;
    @Nullable String lastModified;

    Attempt(FileChannel channel, Path target, long expectedSize, String task, String where) {
      this.channel = channel;
      this.target = target;
      this.expectedSize = expectedSize;
      this.task = task;
      this.where = where;
    }

    void restart() throws IOException {
      offset = 0;
      etag = null;
      lastModified = null;
      digest.reset();
      try {
        channel.truncate(0);
      } catch (IOException e) {
        throw LocalWriteException.of(target, where, e);
      }
    }
  }

  /**
   * Writing the download to the local disk failed (disk full, permissions): not a network problem,
   * never retried; reported as a plain {@link IOException} naming the path.
   */
  static final class LocalWriteException extends HttpFailures.NonRetryable {
    LocalWriteException(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }

    static LocalWriteException of(Path target, String where, IOException e) {
      String reason = e.getMessage() == null ? "write failed" : e.getMessage();
      if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
        reason = fse.getReason();
      }
      String remedy =
          reason.contains("No space left") || reason.contains("quota")
              ? "free space on that file system, or point --cache (or TMPDIR with --no-cache) at another one"
              : "check that the directory is writable, or pass --cache DIR (or --no-cache)";
      return new LocalWriteException(
          target + ": cannot save the download of " + where + ": " + reason + "; " + remedy, e);
    }

    IOException local() {
      return new IOException(getMessage(), getCause());
    }
  }

  /** A retryable HTTP status, with the server's Retry-After (delta-seconds form) if any. */
  private static final class StatusException extends IOException {
    final int status;
    final @Nullable Duration retryAfter;

    StatusException(int status, String what, @Nullable Duration retryAfter) {
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
