package org.esxforge.net;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.esxforge.cache.Cache;
import org.esxforge.cache.CacheCorruptedException;
import org.esxforge.cache.UrlEntry;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.ChecksumMismatchException;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Messages;
import org.esxforge.io.Sha256;
import org.esxforge.io.UserSetting;
import org.jspecify.annotations.Nullable;

/**
 * The {@link DepotFetcher} esxforge uses online: {@link HttpTransport} (proxies, retries, resume)
 * behind a content-addressed {@link Cache}.
 *
 * <ul>
 *   <li>A VIB (opened with its declared SHA-256) is served from the cache by digest with no request
 *       at all; otherwise it is downloaded into the cache, verified against the digest, and served
 *       from there.
 *   <li>Other files (depot indexes, {@code metadata.zip}) are found through the URL index and
 *       revalidated with a conditional GET (304 transfers no body).
 *   <li>Offline, only the cache is used; a missing file fails naming the (redacted) URL.
 *   <li>Without a cache, downloads go to a temp file that is deleted when the stream is closed.
 *   <li>A corrupt cache entry is reported (a warning), removed and fetched again; never used.
 *   <li>Only proven content is stored: a digest the depot declares, or a body whose length the
 *       server announced; a body that merely stopped is used once and not cached.
 *   <li>A read-only cache serves what it holds and stores nothing.
 *   <li>{@link #location} reports where a URL was redirected to, also offline (from the index).
 * </ul>
 *
 * <p>Thread-safe. Closing it closes the transport (not the cache, which the caller owns).
 */
public final class CachingFetcher implements DepotFetcher, Closeable {
  /** Makes the transport on first use. */
  @FunctionalInterface
  interface TransportFactory {
    HttpTransport create() throws IOException;
  }

  private final NetworkSettings settings;
  private final TransportFactory factory;
  // made on the first download: a command that reads only local depots never builds the TLS
  // context (the JDK's CA store) and the HTTP client, which cost more CPU than reading a small
  // depot
  private @Nullable HttpTransport transport; // guarded by this
  private boolean closed; // guarded by this
  private final @Nullable Cache cache;
  private final boolean offline;
  private final EventHandlers events;
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong downloads = new AtomicLong();
  private final ConcurrentHashMap<Sha256, Object> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<URI, URI> locations = new ConcurrentHashMap<>();

  CachingFetcher(
      HttpTransport transport, @Nullable Cache cache, boolean offline, EventHandlers events) {
    this(transport.settings(), () -> transport, cache, offline, events);
  }

  CachingFetcher(
      NetworkSettings settings,
      TransportFactory factory,
      @Nullable Cache cache,
      boolean offline,
      EventHandlers events) {
    if (offline && cache == null) {
      throw new IllegalArgumentException(
          UserSetting.OFFLINE
              + " needs a cache (it cannot be combined with "
              + UserSetting.NO_CACHE
              + ")");
    }
    this.settings = settings;
    this.factory = factory;
    this.cache = cache;
    this.offline = offline;
    this.events = events;
  }

  /** Counters for benchmarks and the CLI summary. Immutable. */
  public record Stats(long cacheHits, long downloads, long requests, long bytesReceived) {}

  public Stats stats() {
    HttpTransport t;
    synchronized (this) {
      t = transport;
    }
    return new Stats(
        cacheHits.get(),
        downloads.get(),
        t == null ? 0 : t.requestCount(),
        t == null ? 0 : t.bytesReceived());
  }

  /** The transport, made on first use. */
  private synchronized HttpTransport transport() throws IOException {
    if (closed) {
      throw new IllegalStateException("fetcher closed");
    }
    HttpTransport t = transport;
    if (t == null) {
      t = factory.create();
      transport = t;
    }
    return t;
  }

  @Override
  public InputStream open(URI uri) throws IOException {
    return open(uri, -1, null);
  }

  @Override
  public InputStream open(URI uri, long expectedSize, @Nullable Sha256 expectedSha256)
      throws IOException {
    String shown = settings.redactor().redact(uri.toString());
    if (cache == null) {
      return uncached(uri, shown, expectedSize, expectedSha256);
    }
    if (!cache.writable() && !offline) {
      // a read-only cache serves what it holds; everything else is fetched without storing it
      if (expectedSha256 != null) {
        Optional<Path> hit = cachedBlob(expectedSha256);
        if (hit.isPresent()) {
          cacheHits.incrementAndGet();
          return Files.newInputStream(hit.get());
        }
      }
      return uncached(uri, shown, expectedSize, expectedSha256);
    }
    if (expectedSha256 != null) {
      return byDigest(uri, shown, expectedSize, expectedSha256);
    }
    return byUrl(uri, shown);
  }

  private InputStream byDigest(URI uri, String shown, long size, Sha256 sha) throws IOException {
    // one download per digest at a time in this process (other processes are safe by construction)
    Object lock = inFlight.computeIfAbsent(sha, k -> new Object());
    try {
      synchronized (lock) {
        Optional<Path> hit = cachedBlob(sha);
        if (hit.isPresent()) {
          cacheHits.incrementAndGet();
          return Files.newInputStream(hit.get());
        }
        if (offline) {
          throw notCached(shown, "sha256 " + sha);
        }
        return Files.newInputStream(downloadToCache(uri, shown, size, sha));
      }
    } finally {
      inFlight.remove(sha, lock);
    }
  }

  private InputStream byUrl(URI uri, String shown) throws IOException {
    String key = uri.toString();
    Optional<UrlEntry> entry = urlEntry(key);
    if (offline && entry.isPresent() && entry.get().isNotFound()) {
      throw new DepotAccessException(
          shown,
          404,
          "HTTP 404 Not Found (remembered in the cache; " + UserSetting.OFFLINE + ")",
          "Check the depot URL",
          null);
    }
    Optional<Path> blob =
        entry.isPresent() && entry.get().sha256() != null // not a remembered 404
            ? cachedBlob(entry.get().sha256())
            : Optional.empty();
    if (offline) {
      if (blob.isEmpty()) {
        throw notCached(shown, null);
      }
      cacheHits.incrementAndGet();
      remember(uri, entry.get().location());
      return Files.newInputStream(blob.get());
    }
    Download.Validators validators =
        blob.isPresent()
            ? new Download.Validators(entry.get().etag(), entry.get().lastModified())
            : Download.Validators.none();
    Path temp = store().tempFile();
    try {
      Download d;
      try {
        d = transport().download(uri, temp, validators.isEmpty() ? null : validators, -1);
      } catch (DepotAccessException e) {
        if (e.status() == 404) {
          store().recordUrl(key, UrlEntry.notFound(shown));
        }
        throw e;
      }
      remember(uri, d.location());
      if (d.notModified()) {
        cacheHits.incrementAndGet();
        return Files.newInputStream(blob.orElseThrow());
      }
      downloads.incrementAndGet();
      if (!d.lengthProven()) {
        // the body just stopped when the connection closed: maybe complete, maybe truncated;
        // use it this once, but never cache what is not proven
        store().forgetUrl(key);
        Path own = Files.createTempFile("esxforge-", ".part");
        Files.move(temp, own, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return deleteOnClose(own);
      }
      Path stored = store().commit(temp, d.bodySha256(), null, shown);
      store()
          .recordUrl(
              key,
              new UrlEntry(
                  shown,
                  d.bodySha256(),
                  d.byteCount(),
                  d.etag(),
                  d.lastModified(),
                  storableLocation(uri, d.location())));
      return Files.newInputStream(stored);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Drops the URL's cache entry (the content stays until pruned: other URLs may share it), so the
   * next {@link #open} fetches it whole; offline nothing can be fetched, but the entry is still
   * dropped so the next online run does not revalidate the unusable copy.
   */
  @Override
  public boolean discard(URI uri) throws IOException {
    if (cache != null && cache.writable()) {
      cache.forgetUrl(uri.toString());
    }
    return !offline;
  }

  @Override
  public URI location(URI uri) {
    return locations.getOrDefault(uri, uri);
  }

  /**
   * Remembers where {@code uri} was redirected to; the user-info of {@code uri} stays on a final
   * URL of the same origin (so relative references keep their credentials), never on another.
   */
  private void remember(URI uri, @Nullable Object finalLocation) {
    if (finalLocation == null) {
      return;
    }
    URI to = finalLocation instanceof URI u ? u : URI.create(finalLocation.toString());
    if (to.equals(uri) || to.equals(HttpTransport.withoutUserInfo(uri))) {
      return;
    }
    if (uri.getRawUserInfo() != null
        && to.getRawUserInfo() == null
        && HttpTransport.sameOrigin(uri, to)) {
      String s = to.toString();
      int start = s.indexOf("//") + 2;
      to = URI.create(s.substring(0, start) + uri.getRawUserInfo() + "@" + s.substring(start));
    }
    locations.put(uri, to);
  }

  /** The final URL to keep in the cache index: only one with no secret in it (else null). */
  private @Nullable String storableLocation(URI uri, URI finalLocation) {
    if (finalLocation == null || finalLocation.equals(HttpTransport.withoutUserInfo(uri))) {
      return null;
    }
    String s = finalLocation.toString();
    return settings.redactor().redact(s).equals(s) ? s : null;
  }

  /** Downloads into the cache, verified against {@code sha}; one more try on a digest mismatch. */
  private Path downloadToCache(URI uri, String shown, long size, Sha256 sha) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path temp = store().tempFile();
      try {
        Download d = transport().download(uri, temp, null, size);
        remember(uri, d.location());
        downloads.incrementAndGet();
        return store().commit(temp, d.bodySha256(), sha, shown);
      } catch (ChecksumMismatchException e) {
        if (attempt >= 2) {
          throw e;
        }
        events.warn(e.getMessage() + "; downloading it again");
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  private InputStream uncached(URI uri, String shown, long size, @Nullable Sha256 sha)
      throws IOException {
    Path temp = Files.createTempFile("esxforge-", ".part");
    boolean handedOver = false;
    try {
      Download d = transport().download(uri, temp, null, size);
      remember(uri, d.location());
      downloads.incrementAndGet();
      if (sha != null && !sha.equals(d.sha256())) {
        throw new ChecksumMismatchException(
            shown, null, "sha-256", sha.hex(), d.bodySha256().hex());
      }
      InputStream in = deleteOnClose(temp);
      handedOver = true;
      return in;
    } finally {
      if (!handedOver) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static InputStream deleteOnClose(Path temp) throws IOException {
    return new FilterInputStream(Files.newInputStream(temp)) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    };
  }

  private Optional<Path> cachedBlob(Sha256 sha) throws IOException {
    try {
      return store().blob(sha);
    } catch (CacheCorruptedException e) {
      events.warn(Messages.of(e));
      return Optional.empty();
    }
  }

  private Optional<UrlEntry> urlEntry(String key) throws IOException {
    try {
      return store().url(key);
    } catch (CacheCorruptedException e) {
      events.warn(Messages.of(e));
      return Optional.empty();
    }
  }

  private DepotAccessException notCached(String shown, @Nullable String what) {
    return new DepotAccessException(
        shown,
        -1,
        "not in the cache"
            + (what == null ? "" : " (" + what + ")")
            + " and "
            + UserSetting.OFFLINE
            + " was given",
        "Run the same command once without "
            + UserSetting.OFFLINE
            + " to fill the cache "
            + store().directory(),
        null);
  }

  @Override
  public void close() throws IOException {
    HttpTransport t;
    synchronized (this) {
      closed = true;
      t = transport;
      transport = null;
    }
    if (t != null) {
      t.close();
    }
  }

  /** The cache, on the paths {@link #open} takes only when there is one. */
  private Cache store() {
    if (cache == null) {
      throw new IllegalStateException("a cache path taken without a cache");
    }
    return cache;
  }
}
