package org.esxforge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.esxforge.io.ChecksumMismatchException;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path tmp;

  private Cache open(Instant now) throws IOException {
    return Cache.open(tmp.resolve("c"), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void put_thenBlob_returnsVerifiedFileAtContentAddress() throws IOException {
    try (Cache c = open(T0)) {
      Sha256 sha = Sha256.of(bytes("hello vib"));
      Path p = c.put(new ByteArrayInputStream(bytes("hello vib")), sha, "test");
      assertEquals(
          c.directory().resolve("blobs/sha256/" + sha.hex().substring(0, 2) + "/" + sha.hex()), p);
      assertEquals(Optional.of(p), c.blob(sha));
      assertArrayEquals(bytes("hello vib"), Files.readAllBytes(p));
      assertEquals(T0, Files.getLastModifiedTime(p).toInstant());
    }
  }

  @Test
  void put_wrongExpectedDigest_refusedAndNothingLeft() throws IOException {
    try (Cache c = open(T0)) {
      Sha256 wrong = Sha256.of(bytes("other"));
      ChecksumMismatchException e =
          assertThrows(
              ChecksumMismatchException.class,
              () -> c.put(new ByteArrayInputStream(bytes("hello")), wrong, "http://h/x.vib"));
      assertEquals(
          "http://h/x.vib: sha-256 mismatch: actual "
              + Sha256.of(bytes("hello"))
              + " != expected "
              + wrong,
          e.getMessage());
      assertEquals(0, c.info().blobCount());
      assertEquals(List.of(), list(c.directory().resolve("tmp")));
    }
  }

  @Test
  void blob_corruptedOnDisk_deletedAndReportedNeverReturned() throws IOException {
    try (Cache c = open(T0)) {
      Sha256 sha = Sha256.of(bytes("payload"));
      Path p = c.put(new ByteArrayInputStream(bytes("payload")), null, "test");
      Files.write(p, bytes("pay1oad"));
      CacheCorruptedException e = assertThrows(CacheCorruptedException.class, () -> c.blob(sha));
      assertEquals(
          p
              + ": corrupt cache entry: sha256 actual "
              + Sha256.of(bytes("pay1oad"))
              + " != expected "
              + sha
              + ". The entry was deleted and will be fetched again; if this repeats, check the disk"
              + " or run {setting:prune_all}",
          e.getMessage());
      assertFalse(Files.exists(p));
      assertEquals(Optional.empty(), c.blob(sha));
    }
  }

  @Test
  void recordUrl_roundTripsAndCorruptRecordIsDropped() throws IOException {
    try (Cache c = open(T0)) {
      Sha256 sha = Sha256.of(bytes("index"));
      UrlEntry e =
          new UrlEntry("http://h/index.xml", sha, 5, "\"e1\"", "Thu, 01 Jan 2026 00:00:00 GMT");
      c.recordUrl("http://h/index.xml", e);
      assertEquals(Optional.of(e), c.url("http://h/index.xml"));
      assertEquals(Optional.empty(), c.url("http://h/other.xml"));
      try (Stream<Path> s = Files.list(c.directory().resolve("urls"))) {
        Files.writeString(s.findFirst().orElseThrow(), "{not json");
      }
      assertThrows(CacheCorruptedException.class, () -> c.url("http://h/index.xml"));
      assertEquals(Optional.empty(), c.url("http://h/index.xml"));
    }
  }

  @Test
  void info_countsByKind() throws IOException {
    try (Cache c = open(T0)) {
      Path meta = c.put(new ByteArrayInputStream(bytes("<vendorList/>")), null, "t");
      c.put(new ByteArrayInputStream(bytes("vib one")), null, "t");
      c.put(new ByteArrayInputStream(bytes("vib two!")), null, "t");
      c.recordUrl(
          "http://h/index.xml",
          new UrlEntry("http://h/index.xml", Sha256.of(Files.readAllBytes(meta)), 13, null, null));
      CacheInfo i = c.info();
      assertEquals(new CacheInfo(c.directory(), 3, 13 + 7 + 8, 1, 13, 2, 15, 1), i);
    }
  }

  @Test
  void prune_whileOpen_refusedWithOneLine() throws IOException {
    try (Cache c = open(T0)) {
      IOException e =
          assertThrows(
              IOException.class, () -> Cache.prune(c.directory(), PrunePolicy.everything(T0)));
      assertEquals(
          c.directory()
              + ": cache is in use by another esxforge process; run prune again when it"
              + " has finished",
          e.getMessage());
    }
  }

  @Test
  void prune_byAgeThenSize_removesLeastRecentlyUsed() throws IOException {
    Path dir;
    try (Cache c = open(T0)) {
      dir = c.directory();
      for (int i = 0; i < 4; i++) {
        Path p = c.put(new ByteArrayInputStream(bytes("blob-" + i + "-0123456789")), null, "t");
        Files.setLastModifiedTime(p, FileTime.from(T0.plus(Duration.ofDays(i * 10L))));
      }
      c.recordUrl(
          "http://h/a",
          new UrlEntry("http://h/a", Sha256.of(bytes("blob-0-0123456789")), 17, null, null));
    }
    Instant now = T0.plus(Duration.ofDays(35));
    PruneResult aged = Cache.prune(dir, new PrunePolicy(false, Duration.ofDays(20), -1, now));
    assertEquals(new PruneResult(2, 34, 2, 34), aged);
    PruneResult sized = Cache.prune(dir, new PrunePolicy(false, null, 20, now));
    assertEquals(new PruneResult(1, 17, 1, 17), sized);
    try (Cache c = Cache.open(dir, Clock.fixed(now, ZoneOffset.UTC))) {
      assertEquals(Optional.empty(), c.url("http://h/a"));
      assertTrue(c.blob(Sha256.of(bytes("blob-3-0123456789"))).isPresent());
    }
    assertEquals(new PruneResult(1, 17, 0, 0), Cache.prune(dir, PrunePolicy.everything(now)));
  }

  @Test
  void put_sameBlobFromManyThreads_oneEntryNoLeftovers() throws Exception {
    byte[] content = new byte[1 << 20];
    new java.util.Random(5).nextBytes(content);
    Sha256 sha = Sha256.of(content);
    try (Cache c = open(T0)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Path>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(pool.submit(() -> c.put(new ByteArrayInputStream(content), sha, "t")));
      }
      for (Future<Path> f : fs) {
        Path got = f.get();
        assertEquals(c.blob(sha).orElseThrow(), got);
      }
      pool.shutdown();
      assertEquals(1, c.info().blobCount());
      assertEquals(List.of(), list(c.directory().resolve("tmp")));
    }
  }

  @Test
  void defaultDirectory_xdgThenHome() {
    assertEquals(
        Path.of("/x/esxforge"), Cache.defaultDirectory(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"));
    assertEquals(Path.of("/home/u/.cache/esxforge"), Cache.defaultDirectory(Map.of(), "/home/u"));
    assertEquals(
        Path.of("/home/u/.cache/esxforge"),
        Cache.defaultDirectory(Map.of("XDG_CACHE_HOME", "rel"), "/home/u"));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void open_leftoverPartsOfAKilledRun_removedWhenNobodyElseUsesTheCache_andByPrune()
      throws IOException {
    Path dir = tmp.resolve("c");
    try (Cache c = open(T0)) {
      Files.writeString(c.directory().resolve("tmp").resolve("dl-1.part"), "half");
      try (Cache second = Cache.open(dir, Clock.fixed(T0, ZoneOffset.UTC))) {
        // another user is active: the part may be a download in progress, it stays
        assertEquals(1, list(second.directory().resolve("tmp")).size());
      }
    }
    try (Cache c = open(T0)) {
      assertEquals(List.of(), list(c.directory().resolve("tmp")));
      Files.writeString(c.directory().resolve("tmp").resolve("dl-2.part"), "half");
    }
    Cache.prune(dir, new PrunePolicy(false, java.time.Duration.ofDays(30), -1, T0));
    assertEquals(List.of(), list(dir.resolve("tmp")));
  }
}
