package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.esxforge.bundle.DepotContent;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.esxforge.model.ImageProfile;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path tmp;
  @TempDir static Path shared;
  private static SampleDepotResult sample;

  /** The sample 7.0 depot, written once for the class (a test may copy it, never change it). */
  private static synchronized SampleDepotResult sample() throws IOException {
    if (sample == null) {
      sample =
          SampleDepot.write(
              shared.resolve("sample"), SampleVersion.parse("7.0"), EventHandlers.none());
    }
    return sample;
  }

  private FaultServer server;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private Mirror.Result mirror(Path target, List<String> profiles, String... paths)
      throws IOException {
    return mirror(target, profiles, Mirror.DEFAULT_PARALLEL_FETCHES, paths);
  }

  private Mirror.Result mirror(Path target, List<String> profiles, int parallel, String... paths)
      throws IOException {
    List<String> urls = new ArrayList<>();
    for (String p : paths) {
      urls.add(server.uri(p).toString());
    }
    NetworkSettings s =
        NetworkSettings.defaults()
            .withRedactor(new Redactor())
            .withRetry(
                new RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}, new Random(1)));
    try (CachingFetcher f = Fetchers.create(s, null, false, EventHandlers.none())) {
      return Mirror.run(
          new Mirror.Request(urls, target, profiles, T, parallel),
          f,
          DepotOptions.defaults().withTempDir(tmp),
          EventHandlers.none());
    }
  }

  @Test
  void run_twoRealDepots_folderIsValidDepotWithIdenticalVibs_rerunFetchesNothing()
      throws IOException {
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    Path r8168 = RealDepots.unpack(RealDepots.R8168, tmp.resolve("r8168"));
    RealDepots.serve(server, usb, "/usb/");
    RealDepots.serve(server, r8168, "/r8168/");
    Path target = tmp.resolve("mirror");

    Mirror.Result first = mirror(target, List.of(), "/usb/index.xml", "/r8168/index.xml");
    assertEquals(2, first.vibCount());
    assertEquals(2, first.fetchedCount());

    TreeMap<Sha256, Path> originals = RealDepots.vibs(usb);
    originals.putAll(RealDepots.vibs(r8168));
    TreeMap<Sha256, Path> mirrored = RealDepots.vibs(target);
    assertEquals(originals.keySet(), mirrored.keySet());
    for (Sha256 sha : originals.keySet()) {
      assertArrayEquals(
          Files.readAllBytes(originals.get(sha)), Files.readAllBytes(mirrored.get(sha)));
    }
    try (Catalog c =
        Depots.open(
            List.of(target.toString()),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      assertEquals(2, c.vibs().size());
      for (CatalogVib v : c.vibs().values()) {
        assertEquals(v.sha256(), FetchDepotMain.hash(v));
      }
    }
    byte[] metadata = Files.readAllBytes(target.resolve("metadata.zip"));

    long served = server.bodyBytesServed();
    Mirror.Result again = mirror(target, List.of(), "/usb/index.xml", "/r8168/index.xml");
    assertEquals(0, again.fetchedCount());
    assertEquals(2, again.keptCount());
    long vibBytes = originals.values().stream().mapToLong(p -> p.toFile().length()).sum();
    assertTrue(server.bodyBytesServed() - served < vibBytes / 50, "re-run fetched VIB bytes");
    assertArrayEquals(
        metadata, Files.readAllBytes(target.resolve("metadata.zip")), "not deterministic");
  }

  @Test
  void run_changedVibOnDisk_refetchedAndStaleRemoved() throws IOException {
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    RealDepots.serve(server, usb, "/usb/");
    Path target = tmp.resolve("mirror");
    mirror(target, List.of(), "/usb/index.xml");
    Path vib = RealDepots.vibs(target).firstEntry().getValue();
    Files.write(vib, new byte[] {1, 2, 3});
    Path stale = target.resolve("vib20/old/old.vib");
    Files.createDirectories(stale.getParent());
    Files.write(stale, new byte[] {4});
    Mirror.Result r = mirror(target, List.of(), "/usb/index.xml");
    assertEquals(1, r.fetchedCount());
    assertEquals(1, r.removedCount());
    assertEquals(RealDepots.vibs(usb).keySet(), RealDepots.vibs(target).keySet());
  }

  @Test
  void run_profileFilter_onlyThatProfilesVibs() throws IOException {
    SampleDepotResult sample = sample();
    RealDepots.serve(server, sample.folder(), "/sample/");
    String profile = sample.profiles().get(0);
    Path target = tmp.resolve("mirror");
    Mirror.Result r = mirror(target, List.of(profile), "/sample/index.xml");
    try (Catalog c =
        Depots.open(
            List.of(target.toString()),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      ImageProfile p = c.profile(profile).orElseThrow();
      assertEquals(List.of(profile), c.profiles().stream().map(ImageProfile::name).toList());
      assertEquals(p.vibIds().size(), c.vibs().size());
      assertEquals(r.vibCount(), c.vibs().size());
      assertTrue(c.vibs().size() < sample.vibCount() || sample.profiles().size() == 1);
    }
    IOException e =
        assertThrows(
            IOException.class,
            () -> mirror(tmp.resolve("m2"), List.of("nope"), "/sample/index.xml"));
    assertEquals(
        "image profile 'nope' is not in the depots; available: "
            + String.join(", ", sample.profiles()),
        e.getMessage());
  }

  @Test
  void run_parallelFetches_overlapWithinTheBound_folderSameAsOneAtATime() throws IOException {
    SampleDepotResult sample = sample();
    RealDepots.serve(server, sample.folder(), "/sample/");
    Path serial = tmp.resolve("serial");
    mirror(serial, List.of(), 1, "/sample/index.xml");
    assertEquals(1, server.maxInFlight(), "one at a time");
    server.delayMillis(50); // a distant server: four fetches surely overlap
    Path parallel = tmp.resolve("parallel");
    Mirror.Result r = mirror(parallel, List.of(), 4, "/sample/index.xml");
    assertEquals(sample.vibCount(), r.fetchedCount());
    assertEquals(4, server.maxInFlight(), "fetches overlap, at most 4 at a time");
    assertEquals(listing(serial), listing(parallel));
    for (String f : List.of("metadata.zip", "vendor-index.xml", "index.xml")) {
      assertArrayEquals(
          Files.readAllBytes(serial.resolve(f)),
          Files.readAllBytes(parallel.resolve(f)),
          f + " differs between serial and parallel fetches");
    }
  }

  @Test
  void run_oneVibFails_othersStopped_noMetadata_nothingWrittenAfterTheFailure() throws Exception {
    SampleDepotResult sample = sample();
    Path missing;
    try (Catalog c =
        Depots.open(
            List.of(sample.folder().toString()),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      // a quarter of the way through the mirror's order
      CatalogVib v = new ArrayList<>(c.vibs().values()).get(c.vibs().size() / 4);
      missing = sample.folder().resolve(DepotContent.Vib.layoutPath(v.descriptor()));
    }
    String name = missing.getFileName().toString();
    RealDepots.serve(server, sample.folder(), "/sample/");
    server.forget("/sample/" + sample.folder().relativize(missing).toString().replace('\\', '/'));
    server.delayMillis(5);
    Path target = tmp.resolve("mirror");
    IOException e =
        assertThrows(IOException.class, () -> mirror(target, List.of(), 4, "/sample/index.xml"));
    assertTrue(e.getMessage().contains(name) && e.getMessage().contains("404"), e.getMessage());
    List<String> after = listing(target);
    assertTrue(
        after.stream().noneMatch(f -> !f.startsWith("vib20/") || f.endsWith(".tmp")),
        "a failed first mirror must not look like a depot nor leave temp files: " + after);
    assertTrue(
        after.size() < sample.vibCount() - 1,
        "the other fetches were not stopped: " + after.size());
    Thread.sleep(300);
    assertEquals(after, listing(target), "a fetch wrote into the folder after the failure");
  }

  /** Relative paths of the regular files below {@code dir}, sorted. */
  private static List<String> listing(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
