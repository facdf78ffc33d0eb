package org.esxforge.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Sha256;

/**
 * Reads online depots through a {@link CachingFetcher} and fetches every VIB: what a build does
 * before writing an ISO. Prints {@code <sha256> <vib id>} per VIB (sorted) on stdout and the fetch
 * statistics on stderr. Used by the two-process test and {@code bench/warm-cache.sh}.
 *
 * <p>Usage: {@code FetchDepotMain <cacheDir|-> <depot url>...}
 */
public final class FetchDepotMain {
  private FetchDepotMain() {}

  public static void main(String[] args) throws Exception {
    Path cacheDir = args[0].equals("-") ? null : Path.of(args[0]);
    List<String> depots = Arrays.asList(args).subList(1, args.length);
    List<String> lines =
        run(cacheDir, depots, EventHandlers.of(e -> System.err.println(e)), System.err);
    lines.forEach(System.out::println);
  }

  /** Fetches everything; returns the sorted output lines. */
  static List<String> run(
      Path cacheDir, List<String> depots, EventHandlers events, java.io.PrintStream stats)
      throws IOException {
    RetryPolicy retry =
        new RetryPolicy(
            8,
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            RetryPolicy.Sleeper.THREAD,
            new java.util.Random());
    ProxyConfig proxy;
    try {
      proxy = ProxyConfig.fromEnvironment(System.getenv());
    } catch (ProxyConfig.InvalidProxyException e) {
      throw new IOException(e.getMessage());
    }
    NetworkSettings settings =
        NetworkSettings.defaults()
            .withProxy(proxy)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2))
            .withRetry(retry);
    List<String> out = new ArrayList<>();
    try (Cache cache = cacheDir == null ? null : Cache.open(cacheDir, Clock.systemUTC());
        CachingFetcher fetcher = Fetchers.create(settings, cache, false, events);
        Catalog catalog = Depots.open(depots, DepotOptions.defaults(), events, fetcher)) {
      for (CatalogVib v : catalog.vibs().values()) {
        out.add(hash(v) + " " + v.id());
      }
      CachingFetcher.Stats s = fetcher.stats();
      stats.println(
          "stats: hits="
              + s.cacheHits()
              + " downloads="
              + s.downloads()
              + " requests="
              + s.requests()
              + " bytesReceived="
              + s.bytesReceived());
    }
    out.sort(null);
    return out;
  }

  static Sha256 hash(CatalogVib v) throws IOException {
    MessageDigest md = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(v.source().open(), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Sha256.fromDigest(md.digest());
  }
}
