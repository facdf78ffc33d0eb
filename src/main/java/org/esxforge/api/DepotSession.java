package org.esxforge.api;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.esxforge.build.BuildException;
import org.esxforge.build.BuildPipeline;
import org.esxforge.build.BuildRequest;
import org.esxforge.build.BuildResult;
import org.esxforge.build.Resolution;
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.Depots;
import org.esxforge.depot.LocalRegion;
import org.esxforge.depot.VibSource;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.InOrderWork;
import org.esxforge.io.TempDirectories;
import org.esxforge.net.CachingFetcher;
import org.esxforge.net.Fetchers;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.jspecify.annotations.Nullable;

/**
 * The public entry point of the esxforge library: one session reaches depots through one HTTP stack
 * (proxy, CA certificates, credentials, retries, the download cache and offline mode all apply to
 * every URL) and gives a {@linkplain #catalog catalog}, a {@linkplain #build build} and a
 * {@linkplain #verify verification}. The CLI, recipes and tests open depots only through it.
 *
 * <pre>{@code
 * try (DepotSession s = DepotSession.open(SessionSettings.defaults(), events);
 *     Catalog c = s.catalog(List.of("https://host/depot/index.xml"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Close the session after the last VIB has been read: remote VIB sources fetch through it
 * lazily. Closing it closes the fetcher, then the cache.
 *
 * <p>Thread-safe as its parts are (the fetcher and the cache are).
 */
public final class DepotSession implements Closeable {
  private final SessionSettings settings;
  private final EventHandlers events;
  private final @Nullable Cache cache;
  private final CachingFetcher fetcher;

  private DepotSession(
      SessionSettings settings,
      EventHandlers events,
      @Nullable Cache cache,
      CachingFetcher fetcher) {
    this.settings = settings;
    this.events = events;
    this.cache = cache;
    this.fetcher = fetcher;
  }

  /** Opens the cache (when the settings name one) and the fetcher. */
  public static DepotSession open(SessionSettings settings, EventHandlers events)
      throws IOException {
    Cache cache =
        settings.cacheDirectory() == null
            ? null
            : Cache.open(settings.cacheDirectory(), settings.clock());
    try {
      CachingFetcher fetcher =
          Fetchers.create(settings.network(), cache, settings.offline(), events);
      return new DepotSession(settings, events, cache, fetcher);
    } catch (IOException | RuntimeException e) {
      if (cache != null) {
        cache.close();
      }
      throw e;
    }
  }

  /** A session with {@link SessionSettings#defaults()}: direct connections, no cache. */
  public static DepotSession open(EventHandlers events) throws IOException {
    return open(SessionSettings.defaults(), events);
  }

  public SessionSettings settings() {
    return settings;
  }

  public EventHandlers events() {
    return events;
  }

  /** The fetcher every online file of this session goes through. */
  public DepotFetcher fetcher() {
    return fetcher;
  }

  /** Cache hits, downloads and bytes received so far. */
  public CachingFetcher.Stats stats() {
    return fetcher.stats();
  }

  /**
   * Opens {@code locations} (URLs, bundle or component zips, depot folders, loose {@code .vib}s)
   * into one catalog; the caller closes it before the session.
   */
  public Catalog catalog(List<String> locations) throws IOException {
    return Depots.open(locations, settings.depotOptions(), events, fetcher);
  }

  /** Runs {@code esxforge build} (see {@link BuildPipeline#run}). */
  public BuildResult build(BuildRequest request)
      throws IOException, ProfileValidationException, BuildException {
    return BuildPipeline.run(request, events, fetcher);
  }

  /** Resolves what {@link #build} would build, verifying and writing nothing. */
  public Resolution resolve(BuildRequest request)
      throws IOException, ProfileValidationException, BuildException {
    return BuildPipeline.resolve(request, events, fetcher);
  }

  /** One verified VIB of a catalog. */
  public record VerifiedVib(CatalogVib vib, String source, VibVerification verification) {}

  /** Receives each VIB as it is verified. */
  @FunctionalInterface
  public interface VerificationListener {
    void verified(VerifiedVib v) throws IOException;
  }

  /**
   * Verifies every VIB of {@code catalog} (payload checksums, descriptor and signature), handing
   * each result to {@code listener} in VIB-id order, on the calling thread, as soon as it and every
   * VIB before it are done. The VIBs are verified on as many threads as there are cores. A VIB that
   * is not a file of its own (in a zip, behind a URL) is verified as it is read, without a
   * temporary copy, unless its first member is not {@code descriptor.xml} (no real VIB): then it is
   * copied into a temporary file, deleted after the check. Each VIB is judged with {@code options}
   * for the depots it came from (scoped trust anchors, docs/trust.md). When a VIB cannot be read at
   * all (missing from its depot), every VIB before it is still reported, and then that failure is
   * thrown, as a single pass would.
   */
  public void verify(Catalog catalog, VibVerifier.Options options, VerificationListener listener)
      throws IOException {
    Path temp = Files.createTempDirectory(settings.depotOptions().tempDir(), "esxforge-verify");
    try {
      List<CatalogVib> vibs = new ArrayList<>(catalog.vibs().values());
      vibs.sort(Comparator.comparing(CatalogVib::id));
      InOrderWork.run(
          vibs.size(),
          Runtime.getRuntime().availableProcessors(),
          "verify-vib",
          (i, worker) -> verifyOne(vibs.get(i), options, temp.resolve(Integer.toString(worker))),
          (i, v) -> listener.verified(v));
    } finally {
      TempDirectories.deleteTree(temp);
    }
  }

  /**
   * Verifies one VIB; {@code scratch} is the calling worker's own temp directory (two VIBs of one
   * depot may have the same file name).
   */
  private static VerifiedVib verifyOne(CatalogVib v, VibVerifier.Options options, Path scratch)
      throws IOException {
    VibSource src = v.source();
    VibVerifier.Options o = options.from(v.depots());
    VibVerification result = null;
    if (!ownFile(src) || src.verifiedPayloads().isPresent()) {
      // a VIB in a zip or behind a URL: verified as it is read, without a temporary copy (its
      // descriptor.xml comes first in every real VIB; else it is copied and read below). So is
      // one that esxforge rebuilt (an installer ISO's), whose payloads it checked as it wrote them
      try (InputStream in = new BufferedInputStream(src.open(), 1 << 16)) {
        result =
            VibVerifier.readVerified(
                    in, src.describe(), v.expected(), o, null, src.verifiedPayloads().orElse(null))
                .map(VibVerifier.Read::verification)
                .orElse(null);
      }
    }
    if (result == null) {
      // the VIB's own file when it is one (folder depots, loose VIBs), else a temporary copy
      Path file = src.materialize(scratch);
      result = VibVerifier.verify(file, v.expected(), o);
      if (file.startsWith(scratch)) {
        Files.deleteIfExists(file);
      }
    }
    return new VerifiedVib(v, src.describe(), result);
  }

  /** True when the VIB is a whole local file (a folder depot's, a loose one), read in place. */
  private static boolean ownFile(VibSource src) throws IOException {
    Optional<LocalRegion> r = src.localRegion();
    return r.isPresent() && r.get().offset() == 0 && Files.size(r.get().file()) == r.get().length();
  }

  @Override
  public void close() throws IOException {
    try (Cache c = cache;
        CachingFetcher f = fetcher) {
      // closed in reverse order: fetcher, then cache
    }
  }
}
