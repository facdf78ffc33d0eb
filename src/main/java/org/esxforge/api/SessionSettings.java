package org.esxforge.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.esxforge.depot.DepotOptions;
import org.esxforge.net.NetworkSettings;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link DepotSession} reaches depots: the network (proxy, CA certificates, timeouts,
 * retries), the download cache and how depots are opened.
 *
 * <p>Immutable and thread-safe.
 *
 * @param network proxy, trust, timeouts and retries of the one HTTP stack every URL goes through
 * @param cacheDirectory the content-addressed download cache, or {@code null} for none
 * @param offline serve online files from the cache only; needs a cache
 * @param depotOptions limits and the temp directory for opened depots
 * @param clock the cache's clock (last-use times for pruning); never used for output bytes
 */
public record SessionSettings(
    NetworkSettings network,
    @Nullable Path cacheDirectory,
    boolean offline,
    DepotOptions depotOptions,
    Clock clock) {

  public SessionSettings {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(depotOptions, "depotOptions");
    Objects.requireNonNull(clock, "clock");
    if (offline && cacheDirectory == null) {
      throw new IllegalArgumentException("offline needs a cache directory");
    }
  }

  /** Direct connections, JDK trust, no cache, default depot limits. */
  public static SessionSettings defaults() {
    return new SessionSettings(
        NetworkSettings.defaults(), null, false, DepotOptions.defaults(), Clock.systemUTC());
  }

  public SessionSettings withNetwork(NetworkSettings n) {
    return new SessionSettings(n, cacheDirectory, offline, depotOptions, clock);
  }

  /** Uses the cache in {@code dir} ({@code null}: none); {@code offline} serves it alone. */
  public SessionSettings withCache(@Nullable Path dir, boolean offlineOnly) {
    return new SessionSettings(network, dir, offlineOnly, depotOptions, clock);
  }

  public SessionSettings withDepotOptions(DepotOptions o) {
    return new SessionSettings(network, cacheDirectory, offline, o, clock);
  }

  public SessionSettings withClock(Clock c) {
    return new SessionSettings(network, cacheDirectory, offline, depotOptions, c);
  }
}
