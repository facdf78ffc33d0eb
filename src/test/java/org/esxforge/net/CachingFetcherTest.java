package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.esxforge.cache.Cache;
import org.esxforge.cache.UrlEntry;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingFetcherTest {
  static final String VIB =
      "/usb/vib20/vmkusb-nic-fling/VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib";
  @TempDir Path tmp;
  private FaultServer server;
  private Path cacheDir;
  private Sha256 vibSha;
  private final List<BuildEvent> events = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer().stallMillis(1200);
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    RealDepots.serve(server, usb, "/usb/");
    RealDepots.serve(server, RealDepots.unpack(RealDepots.R8168, tmp.resolve("r8168")), "/r8168/");
    vibSha = RealDepots.vibs(usb).firstKey();
    cacheDir = tmp.resolve("cache");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private NetworkSettings settings() {
    return NetworkSettings.defaults()
        .withRedactor(new Redactor())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
        .withRetry(
            new RetryPolicy(
                6, Duration.ofMillis(10), Duration.ofMillis(50), d -> {}, new Random(9)));
  }

  /** Opens the depots and reads every VIB; returns "sha id" lines. */
  private List<String> build(Cache cache, boolean offline, String... paths) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String p : paths) {
      urls.add(server.uri(p).toString());
    }
    EventHandlers h =
        EventHandlers.of(
            e -> {
              synchronized (events) {
                events.add(e);
              }
            });
    List<String> out = new ArrayList<>();
    try (CachingFetcher f =
            new CachingFetcher(HttpTransport.create(settings(), h), cache, offline, h);
        Catalog c = Depots.open(urls, DepotOptions.defaults().withTempDir(tmp), h, f)) {
      for (CatalogVib v : c.vibs().values()) {
        Sha256 got = FetchDepotMain.hash(v);
        assertEquals(v.sha256() == null ? got : v.sha256(), got, v.id().toString());
        out.add(got + " " + v.id());
      }
    }
    return out;
  }

  @Test
  void open_warmCache_transfersZeroBodyBytes() throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> cold = build(cache, false, "/usb/index.xml", "/r8168/index.xml");
      long coldBytes = server.bodyBytesServed();
      assertTrue(server.bodyBytesServed(VIB) == 356920, "cold run fetched the VIB once");
      List<String> warm = build(cache, false, "/usb/index.xml", "/r8168/index.xml");
      assertEquals(cold, warm);
      assertEquals(2, warm.size());
      assertEquals(coldBytes, server.bodyBytesServed(), "second run transferred body bytes");
      assertTrue(cache.blob(vibSha).isPresent());
    }
  }

  @Test
  void open_offlineAfterWarm_needsNoServer_andColdOfflineNamesMissingUrl() throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> online = build(cache, false, "/usb/index.xml");
      long requests = server.requestCount();
      assertEquals(online, build(cache, true, "/usb/index.xml"));
      assertEquals(requests, server.requestCount(), "offline sent requests");
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> build(cache, true, "/r8168/index.xml"));
      assertEquals(
          server.uri("/r8168/index.xml")
              + ": not in the cache and {setting:offline} was given. Run the same"
              + " command once without {setting:offline} to fill the cache "
              + cache.directory(),
          e.getMessage());
    }
  }

  @Test
  void open_corruptCachedVib_reportedRefetchedNeverUsed() throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> first = build(cache, false, "/usb/index.xml");
      Path blob =
          cache
              .directory()
              .resolve("blobs/sha256/" + vibSha.hex().substring(0, 2) + "/" + vibSha.hex());
      byte[] b = Files.readAllBytes(blob);
      b[1000] ^= 1;
      Files.write(blob, b);
      events.clear();
      assertEquals(first, build(cache, false, "/usb/index.xml"));
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e instanceof LogEvent l
                          && l.level() == LogEvent.Level.WARN
                          && l.message()
                              .startsWith(blob + ": corrupt cache entry: sha256 actual ")),
          events.toString());
      assertEquals(2 * 356920, server.bodyBytesServed(VIB));
      assertEquals(List.of(), RealDepots.badBlobs(cache.directory()));
    }
  }

  @Test
  void open_randomFaults_buildCompletesOrFailsOneLine_cacheHoldsOnlyVerifiedEntries()
      throws IOException {
    int completed = 0;
    for (long seed = 1; seed <= 6; seed++) {
      server.randomFaults(seed, 0.35);
      try (Cache cache = Cache.open(tmp.resolve("cache-" + seed), Clock.systemUTC())) {
        try {
          assertEquals(2, build(cache, false, "/usb/index.xml", "/r8168/index.xml").size());
          completed++;
        } catch (DepotAccessException e) {
          assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(List.of(), RealDepots.badBlobs(cache.directory()));
        try (Stream<Path> s = Files.list(cache.directory().resolve("tmp"))) {
          assertEquals(0, s.count(), "temp files left");
        }
      }
    }
    assertTrue(completed >= 4, "only " + completed + " of 6 faulty builds completed");
  }

  @Test
  void open_noCache_fetchesEverythingAndLeavesNoTempFiles() throws IOException {
    List<String> a = build(null, false, "/usb/index.xml");
    List<String> b = build(null, false, "/usb/index.xml");
    assertEquals(a, b);
    assertEquals(2 * 356920, server.bodyBytesServed(VIB));
  }

  @Test
  void open_tokenInDepotUrl_neverInEventsOrErrors() throws IOException {
    String token = "Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0";
    RealDepots.serve(server, tmp.resolve("usb"), "/" + token + "/PROD/");
    server.enqueue(FaultServer.Fault.STATUS_503, FaultServer.Fault.RESET);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      build(cache, false, "/" + token + "/PROD/index.xml");
      IOException e =
          assertThrows(
              IOException.class, () -> build(cache, false, "/" + token + "/PROD/missing.xml"));
      new PrintStream(captured, true, StandardCharsets.UTF_8)
          .println(e.getMessage() + " " + e.getCause());
    }
    String all = captured.toString(StandardCharsets.UTF_8) + events;
    assertTrue(all.contains("/<redacted>/PROD/"), all);
    assertFalse(all.contains(token), all);
    try (Stream<Path> s = Files.walk(cacheDir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        assertFalse(
            Files.readString(p, StandardCharsets.ISO_8859_1).contains(token),
            p + " holds the token");
      }
    }
  }

  @Test
  void open_sameVibFromManyThreads_downloadedOnce() throws Exception {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC());
        CachingFetcher f =
            new CachingFetcher(
                HttpTransport.create(settings(), EventHandlers.none()),
                cache,
                false,
                EventHandlers.none())) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(6);
      List<java.util.concurrent.Future<Sha256>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (java.io.InputStream in = f.open(server.uri(VIB), 356920, vibSha)) {
                    return Sha256.of(in.readAllBytes());
                  }
                }));
      }
      for (java.util.concurrent.Future<Sha256> r : results) {
        assertEquals(vibSha, r.get());
      }
      pool.shutdown();
      assertEquals(356920, server.bodyBytesServed(VIB));
      assertEquals(11, f.stats().cacheHits());
    }
  }

  @Test
  void open_folderUrlOffline_replaysRemembered404Probes() throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> online = build(cache, false, "/usb/");
      assertEquals(1, online.size());
      long requests = server.requestCount();
      assertEquals(online, build(cache, true, "/usb/"));
      assertEquals(requests, server.requestCount());
      assertEquals(1, cache.info().payloadCount());
    }
  }

  /** The path of the usb depot's metadata zip, as requested from the server. */
  private String usbMetadataZip() {
    return server.seen().stream()
        .map(FaultServer.Seen::path)
        .filter(p -> p.startsWith("/usb/") && p.endsWith(".zip"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void open_cachedMetadataZipIntactButUnparseable_droppedAndFetchedAgainOnce() throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> first = build(cache, false, "/usb/index.xml");
      String zip = usbMetadataZip();
      String key = server.uri(zip).toString();
      UrlEntry good = cache.url(key).orElseThrow();
      // an intact entry (its blob matches its SHA-256) that does not parse, as an older version or
      // a depot that once served garbage leaves behind; the server's ETag still matches, so a
      // revalidation answers 304 and would keep it forever
      byte[] garbage = "PK\3\4 this is not a metadata zip".getBytes(StandardCharsets.US_ASCII);
      cache.put(new ByteArrayInputStream(garbage), null, key);
      cache.recordUrl(
          key,
          new UrlEntry(
              good.url(),
              Sha256.of(garbage),
              garbage.length,
              good.etag(),
              good.lastModified(),
              good.location()));
      long served = server.bodyBytesServed(zip);
      events.clear();

      assertEquals(first, build(cache, false, "/usb/index.xml"));
      assertEquals(2 * served, server.bodyBytesServed(zip), "fetched whole exactly once more");
      assertEquals(good.sha256(), cache.url(key).orElseThrow().sha256());
      List<String> warnings =
          events.stream()
              .filter(e -> e instanceof LogEvent l && l.level() == LogEvent.Level.WARN)
              .map(e -> ((LogEvent) e).message())
              .toList();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(
          warnings.get(0).startsWith(key + ": ") && warnings.get(0).endsWith("; fetching it again"),
          warnings.get(0));
      // and the next run revalidates the good copy: 304, no body
      assertEquals(first, build(cache, false, "/usb/index.xml"));
      assertEquals(2 * served, server.bodyBytesServed(zip));
    }
  }

  @Test
  void open_metadataZipUnparseableAlsoWhenFetchedAgain_oneLineNamingUrlAndProblem()
      throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      build(cache, false, "/usb/index.xml");
      String zip = usbMetadataZip();
      server.serve(zip, "<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII));
      long requests = server.seen().stream().filter(r -> r.path().equals(zip)).count();
      FormatException e =
          assertThrows(FormatException.class, () -> build(cache, false, "/usb/index.xml"));
      assertTrue(e.getMessage().startsWith(server.uri(zip) + ": "), e.getMessage());
      assertTrue(e.getMessage().endsWith(" (the same when fetched again)"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertEquals(
          requests + 2,
          server.seen().stream().filter(r -> r.path().equals(zip)).count(),
          "a revalidation, then one whole fetch");
    }
  }

  @Test
  void open_offlineWithUnparseableCachedMetadata_failsNamingUrl_nextOnlineRunRecovers()
      throws IOException {
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC())) {
      List<String> first = build(cache, false, "/usb/index.xml");
      String zip = usbMetadataZip();
      String key = server.uri(zip).toString();
      UrlEntry good = cache.url(key).orElseThrow();
      byte[] garbage = "not a zip".getBytes(StandardCharsets.US_ASCII);
      cache.put(new ByteArrayInputStream(garbage), null, key);
      cache.recordUrl(
          key,
          new UrlEntry(
              good.url(), Sha256.of(garbage), garbage.length, good.etag(), good.lastModified()));
      FormatException e =
          assertThrows(FormatException.class, () -> build(cache, true, "/usb/index.xml"));
      assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
      assertTrue(cache.url(key).isEmpty(), "the unusable entry is dropped");
      assertEquals(first, build(cache, false, "/usb/index.xml"));
    }
  }
}
