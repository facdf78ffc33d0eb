package org.esxforge.depot;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * Opens depots (the user's {@code -d/--depot} values) into one {@link Catalog}. Each location's
 * kind is detected from its bytes: an http(s) URL of a depot index or of a folder, an offline
 * bundle or component zip, a zip wrapping a bundle, a depot-like directory, a plain folder of
 * packages, a loose {@code .vib}, an ESXi installer ISO ({@link InstallerIso}). Anything else fails
 * with one line, e.g. {@code notes.zip: not a depot: text file}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Depots {
  private Depots() {}

  /** What every loader needs. */
  record Context(DepotOptions options, EventHandlers events, DepotFetcher fetcher) {}

  /**
   * Opens local locations only (paths, {@code file:} URIs); an online location fails naming it.
   * Online depots are read through the api package's {@code DepotSession}, whose one HTTP stack
   * applies the proxy, CA certificates, credentials and the download cache.
   */
  public static Catalog open(List<String> locations, DepotOptions options, EventHandlers events)
      throws IOException {
    return open(locations, options, events, NO_NETWORK, null);
  }

  /**
   * Opens the locations, fetching online files through {@code fetcher} (the session's caching,
   * proxy-aware fetcher). The catalog does not close the fetcher; keep it open while VIB sources
   * are in use.
   */
  public static Catalog open(
      List<String> locations, DepotOptions options, EventHandlers events, DepotFetcher fetcher)
      throws IOException {
    return open(locations, options, events, fetcher, null);
  }

  private static Catalog open(
      List<String> locations,
      DepotOptions options,
      EventHandlers events,
      DepotFetcher fetcher,
      @Nullable Closeable owned)
      throws IOException {
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("no depot given");
    }
    Context ctx = new Context(options, events, fetcher);
    List<Closeable> resources = new ArrayList<>();
    if (owned != null) {
      resources.add(owned);
    }
    try {
      List<DepotLoader.Loaded> loaded = new ArrayList<>();
      for (String loc : locations) {
        events.info("Reading depot " + Locations.redact(loc));
        loaded.add(new LocationOpener(ctx, resources).open(loc));
      }
      return merge(loaded, resources, events);
    } catch (IOException | RuntimeException e) {
      closeAll(resources, e);
      throw e;
    }
  }

  private static Catalog merge(
      List<DepotLoader.Loaded> loaded, List<Closeable> resources, EventHandlers events) {
    TreeMap<VibId, CatalogVib> vibs = new TreeMap<>();
    Map<String, Bulletin> bulletins = new LinkedHashMap<>();
    Map<String, ImageProfile> profiles = new LinkedHashMap<>();
    Map<String, ReleaseUnit> units = new LinkedHashMap<>();
    List<DepotInfo> infos = new ArrayList<>();
    for (DepotLoader.Loaded l : loaded) {
      infos.add(l.info());
      for (CatalogVib v : l.vibs()) {
        vibs.merge(v.id(), v, (a, b) -> a.withDepots(b.depots()));
      }
      l.bulletins().forEach(b -> bulletins.putIfAbsent(b.id(), b));
      for (ImageProfile p : l.profiles()) {
        ImageProfile prev = profiles.putIfAbsent(p.name(), p);
        if (prev != null && !prev.equals(p)) {
          events.warn(
              l.info().location()
                  + ": image profile '"
                  + p.name()
                  + "' already read from another depot; keeping the first");
        }
      }
      l.releaseUnits().forEach(u -> units.putIfAbsent(u.effectiveId(), u));
    }
    return new Catalog(
        infos,
        vibs,
        new ArrayList<>(profiles.values()),
        new ArrayList<>(bulletins.values()),
        new ArrayList<>(units.values()),
        resources);
  }

  private static void closeAll(List<Closeable> resources, Exception primary) {
    for (Closeable c : resources) {
      try {
        c.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Reads up to {@link Detector#HEAD_BYTES} leading bytes of a file. */
  static byte[] head(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(Detector.HEAD_BYTES);
    }
  }

  /** Parses a local location: a path or a {@code file:} URI. */
  static Path localPath(String loc) throws DepotAccessException {
    try {
      return loc.startsWith("file:") ? Paths.get(new URI(loc)) : Paths.get(loc);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new DepotAccessException(loc, -1, "invalid path", null, e);
    }
  }

  /** Lists a directory's entries (names). */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The fetcher of {@link #open(List, DepotOptions, EventHandlers)}: no network at all. */
  private static final DepotFetcher NO_NETWORK =
      uri -> {
        throw new DepotAccessException(
            Locations.redact(uri),
            -1,
            "online depot opened without a network session",
            "open it through a DepotSession",
            null);
      };

  /** The failure for a location that is not a depot. */
  static NotADepotException notADepot(String loc, String what) {
    return new NotADepotException(loc, what);
  }
}
