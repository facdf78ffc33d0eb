package org.esxforge.net;

import java.io.IOException;
import org.esxforge.cache.Cache;
import org.esxforge.event.EventHandlers;
import org.jspecify.annotations.Nullable;

/**
 * Creates the fetcher online depots are read through.
 *
 * <p>Thread-safe (stateless).
 */
public final class Fetchers {
  private Fetchers() {}

  /**
   * A caching, retrying, proxy-aware fetcher. Pass it to {@code Depots.open(locations, options,
   * events, fetcher)}; close it when done (the cache stays open; the caller owns it).
   *
   * @param cache the cache, or {@code null} for {@code --no-cache}
   * @param offline use only the cache ({@code --offline}); needs a cache
   */
  public static CachingFetcher create(
      NetworkSettings settings, @Nullable Cache cache, boolean offline, EventHandlers events)
      throws IOException {
    TrustStores.check(settings.caCerts()); // a bad CA file fails now, not at the first download
    return new CachingFetcher(
        settings, () -> HttpTransport.create(settings, events), cache, offline, events);
  }
}
