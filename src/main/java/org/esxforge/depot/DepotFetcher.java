package org.esxforge.depot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Fetches the bytes behind an http(s) URI. The one seam through which depots touch the network,
 * so that a cache (later issue) can wrap it. Implementations throw {@link
 * org.esxforge.io.DepotAccessException} naming the URI (without user-info) for unreachable hosts
 * and HTTP errors; {@code status()} is 404 for a missing file.
 *
 * <p>Implementations must be thread-safe.
 */
public interface DepotFetcher {

  /** Opens a plain GET of {@code uri}; the caller closes the stream. */
  InputStream open(URI uri) throws IOException;
}
