package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.esxforge.cache.Cache;
import org.esxforge.depot.DepotOptions;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (a real 128 KiB tmpfs, mounted as root) while mirroring or caching a 357 KB VIB is a
 * local error naming the file and what to free: sent once, never retried, never reported as a depot
 * failure, and no temp file is left behind.
 */
class DiskFullIT {
  private static final String VIB = CachingFetcherTest.VIB;
  @TempDir Path tmp;
  private FaultServer server;
  private Sha256 vibSha;
  private Path small;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
    small = tmp.resolve("small");
    Files.createDirectories(small);
    boolean ok =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", small.toString())
                .start()
                .waitFor()
            == 0;
    if (!ok) {
      small = null;
    }
    Assumptions.assumeTrue(ok, "cannot mount a tmpfs (no CAP_SYS_ADMIN)");
    server = new FaultServer();
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    RealDepots.serve(server, usb, "/usb/");
    vibSha = RealDepots.vibs(usb).firstKey();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (small != null) {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }

  private NetworkSettings settings() {
    return NetworkSettings.defaults()
        .withRedactor(new Redactor())
        .withRetry(
            new RetryPolicy(
                5, Duration.ofMillis(1), Duration.ofMillis(2), sleeps::add, new Random(1)));
  }

  private long vibRequests() {
    return server.seen().stream().filter(s -> s.path().endsWith(".vib")).count();
  }

  private List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  @Test
  void mirrorIntoAFullFileSystem_localErrorNamingTheVibFile_notRetried() throws Exception {
    Path target = small.resolve("mirror");
    IOException e;
    try (CachingFetcher f = Fetchers.create(settings(), null, false, EventHandlers.none())) {
      e =
          assertThrows(
              IOException.class,
              () ->
                  Mirror.run(
                      new Mirror.Request(
                          List.of(server.uri("/usb/index.xml").toString()),
                          target,
                          List.of(),
                          Instant.parse("2026-01-01T00:00:00Z")),
                      f,
                      DepotOptions.defaults().withTempDir(tmp),
                      EventHandlers.none()));
    }
    assertFalse(e instanceof DepotAccessException, e.toString());
    String vib = target.resolve("vib20").toString();
    assertTrue(e.getMessage().startsWith(vib), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                ".vib: cannot write: No space left on device; free space on that file system, or"
                    + " mirror into another folder"),
        e.getMessage());
    assertEquals(1, vibRequests(), "a full disk is not a reason to fetch again");
    assertTrue(sleeps.isEmpty(), sleeps.toString());
    assertEquals(List.of(), files(target), "temp files or metadata left behind");
  }

  @Test
  void cacheOnAFullFileSystem_localErrorNamingTheCacheFile_notRetried() throws Exception {
    try (Cache cache = Cache.open(small.resolve("cache"), Clock.systemUTC());
        CachingFetcher f =
            new CachingFetcher(
                HttpTransport.create(settings(), EventHandlers.none()),
                cache,
                false,
                EventHandlers.none())) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                try (InputStream in = f.open(server.uri(VIB), 356920, vibSha)) {
                  in.readAllBytes();
                }
              });
      assertFalse(e instanceof DepotAccessException, e.toString());
      assertTrue(
          e.getMessage().startsWith(cache.directory().resolve("tmp").toString()), e.getMessage());
      assertTrue(e.getMessage().contains(": No space left on device; free space"), e.getMessage());
      assertEquals(1, vibRequests());
      assertTrue(sleeps.isEmpty(), sleeps.toString());
      assertEquals(List.of(), files(cache.directory().resolve("tmp")));
    }
  }
}
