package org.esxforge.depot;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Fetches the bytes behind an http(s) URI. The one seam through which depots touch the network,
 * so that a cache (later issue) can wrap it. Implementations throw {@link
 * org.esxforge.io.DepotAccessException} naming the URI (without user-info) for unreachable hosts
 * and HTTP errors; {@code status()} is 404 for a missing file.
 *
 * <p>{@link Depots#httpFetcher} gives the default implementation, for wrapping. Implementations
 * must be thread-safe.
 */
public interface DepotFetcher extends Closeable {

  /** Opens a plain GET of {@code uri}; the caller closes the stream. */
  InputStream open(URI uri) throws IOException;

  /** Releases connection pools; the default does nothing. */
  @Override
  default void close() throws IOException {}
}
