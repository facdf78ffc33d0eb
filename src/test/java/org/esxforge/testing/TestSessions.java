package org.esxforge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.event.EventHandlers;
import org.esxforge.net.Fetchers;
import org.esxforge.net.NetworkSettings;
import org.esxforge.net.RetryPolicy;

/** The library's one HTTP stack for tests that open online depots below the api package. */
public final class TestSessions {
  private TestSessions() {}

  /** A fetcher without cache, direct connections, the given timeouts, no retries. */
  public static DepotFetcher fetcher(Duration connect, Duration read) {
    NetworkSettings d = NetworkSettings.defaults();
    NetworkSettings s =
        new NetworkSettings(
            d.proxy(),
            d.caCerts(),
            connect,
            read,
            new RetryPolicy(
                1,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                RetryPolicy.Sleeper.THREAD,
                RandomGenerator.getDefault()),
            d.redactor(),
            d.userAgent());
    try {
      return Fetchers.create(s, null, false, EventHandlers.none());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
