package org.esxforge.depot;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the bytes behind an http(s) URI. The one seam through which depots touch the network, so
 * that a cache (later issue) can wrap it. Implementations throw {@link
 * org.esxforge.io.DepotAccessException} naming the URI (without user-info) for unreachable hosts
 * and HTTP errors; {@code status()} is 404 for a missing file.
 *
 * <p>The net package's {@code CachingFetcher} is the implementation (the one HTTP stack, opened by
 * the api package's {@code DepotSession}). Implementations must be thread-safe.
 */
public interface DepotFetcher extends Closeable {

  /** Opens a plain GET of {@code uri}; the caller closes the stream. */
  InputStream open(URI uri) throws IOException;

  /**
   * Opens {@code uri} whose size and SHA-256 the depot metadata declares (a VIB), so that a
   * content-addressed cache can serve it by digest without any request and verify what it
   * downloads. The default ignores the hints.
   *
   * @param expectedSize the size in bytes, or -1 when unknown
   * @param expectedSha256 the digest, or {@code null} when unknown
   */
  default InputStream open(URI uri, long expectedSize, @Nullable Sha256 expectedSha256)
      throws IOException {
    return open(uri);
  }

  /**
   * The URL the content of {@code uri} came from after redirects, once it has been opened, so that
   * relative references in it resolve the way browsers and pip resolve them; the default (no
   * redirects followed, or not opened yet) is {@code uri} itself.
   */
  default URI location(URI uri) {
    return uri;
  }

  /**
   * Forgets what is held for {@code uri} (its content was read but turned out unusable: an intact
   * cache entry that does not parse), so that the next {@link #open} fetches it whole, without
   * validators. Returns true when that next open fetches from the network; false when it cannot
   * (offline) or this fetcher holds nothing (the default).
   */
  default boolean discard(URI uri) throws IOException {
    return false;
  }

  /** Releases connection pools; the default does nothing. */
  @Override
  default void close() throws IOException {}
}
