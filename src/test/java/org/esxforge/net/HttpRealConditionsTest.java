package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.esxforge.net.FaultServer.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online depots under real conditions (issues 10 and 17), against fault-injecting servers on
 * loopback: redirects and credentials, retry classification, resume without validators, slow
 * transfers, full disks, and the cache never keeping an unproven body.
 */
class HttpRealConditionsTest {
  @TempDir Path tmp;
  private FaultServer a;
  private FaultServer b;
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<BuildEvent> events = new ArrayList<>();
  private final byte[] body = new byte[200_000];

  @BeforeEach
  void start() throws IOException {
    new Random(3).nextBytes(body);
    a = new FaultServer().serve("/depot/file.bin", body);
    b = new FaultServer().serve("/other/file.bin", body);
  }

  @AfterEach
  void stop() throws IOException {
    a.close();
    b.close();
  }

  private NetworkSettings settings() {
    return NetworkSettings.defaults()
        .withRedactor(new Redactor())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800))
        .withRetry(
            new RetryPolicy(
                3, Duration.ofMillis(100), Duration.ofSeconds(5), sleeps::add, new Random(1)));
  }

  private HttpTransport transport(NetworkSettings s) throws IOException {
    return HttpTransport.create(
        s,
        EventHandlers.of(
            e -> {
              synchronized (events) {
                events.add(e);
              }
            }));
  }

  private List<String> warnings() {
    synchronized (events) {
      return events.stream()
          .filter(e -> e instanceof LogEvent l && l.level() == LogEvent.Level.WARN)
          .map(e -> ((LogEvent) e).message())
          .toList();
    }
  }

  private static URI withUser(URI u, String userInfo) {
    return URI.create(u.toString().replace("://", "://" + userInfo + "@"));
  }

  @Test
  void redirect_toAnotherOrigin_credentialsNotForwarded() throws IOException {
    a.redirect("/depot/moved.bin", 302, b.uri("/other/file.bin").toString());
    try (HttpTransport t = transport(settings())) {
      Download d =
          t.download(
              withUser(a.uri("/depot/moved.bin"), "alice:s3cret"), tmp.resolve("o"), null, -1);
      assertEquals(Sha256.of(body), d.sha256());
      assertEquals(b.uri("/other/file.bin"), d.location());
    }
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    assertEquals(basic, a.seen().get(0).headers().get("authorization"));
    assertEquals(1, b.seen().size());
    assertNull(b.seen().get(0).headers().get("authorization"), b.seen().toString());
  }

  @Test
  void redirect_sameOrigin_keepsCredentials() throws IOException {
    a.redirect("/depot/moved.bin", 301, "/depot/file.bin");
    try (HttpTransport t = transport(settings())) {
      Download d =
          t.download(
              withUser(a.uri("/depot/moved.bin"), "alice:s3cret"), tmp.resolve("o"), null, -1);
      assertEquals(a.uri("/depot/file.bin"), d.location());
    }
    assertEquals(2, a.seen().size());
    assertTrue(a.seen().get(1).headers().get("authorization").startsWith("Basic "));
  }

  @Test
  void redirectLoop_failsOnceWithoutRetry() throws IOException {
    a.redirect("/x", 302, "/y").redirect("/y", 307, "/x");
    try (HttpTransport t = transport(settings())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> t.download(a.uri("/x"), tmp.resolve("o"), null, -1));
      assertEquals(
          a.uri("/x")
              + ": redirect loop: "
              + a.uri("/y")
              + " redirects to "
              + a.uri("/x")
              + ", which was already visited",
          e.getMessage());
    }
    assertEquals(2, a.requestCount());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void fileUrl_refusedWithoutRetry() throws IOException {
    try (HttpTransport t = transport(settings())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> t.download(URI.create("file:///etc/hostname"), tmp.resolve("o"), null, -1));
      assertEquals(
          "file:///etc/hostname: cannot fetch a 'file:' URL over the network. Give a local"
              + " path or an http:// or https:// URL",
          e.getMessage());
      assertEquals(0, t.requestCount());
    }
  }

  @Test
  void connectionRefused_messagesCarryNoClassNames() throws IOException {
    URI closed = URI.create("http://127.0.0.1:" + LoopbackDaemons.freePort() + "/index.xml");
    try (HttpTransport t = transport(settings())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class, () -> t.download(closed, tmp.resolve("o"), null, -1));
      assertEquals(
          closed
              + ": connection refused (after 3 attempts). Check that the server is reachable,"
              + " or the proxy settings ({setting:proxy}, HTTPS_PROXY, NO_PROXY)",
          e.getMessage());
    }
    assertEquals(2, warnings().size());
    for (String w : warnings()) {
      assertFalse(w.matches(".*[A-Z][a-z]+(Exception|NonRetryable).*"), w);
      assertTrue(w.startsWith(closed + ": connection refused; retrying in "), w);
    }
  }

  @Test
  void retryAfterHttpDate_honouredFromTheServersDate() throws IOException {
    a.enqueue(Fault.STATUS_503_RETRY_AFTER_DATE);
    try (HttpTransport t = transport(settings())) {
      t.download(a.uri("/depot/file.bin"), tmp.resolve("o"), null, -1);
    }
    assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
  }

  @Test
  void retryAfter_parsesSecondsAndDates_cappedBelowZero() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    assertEquals(Duration.ofSeconds(7), HttpTransport.retryAfter("7", null, clock));
    assertEquals(
        Duration.ofSeconds(60),
        HttpTransport.retryAfter("Fri, 02 Jan 2026 03:05:05 GMT", null, clock));
    assertEquals(
        Duration.ofSeconds(10),
        HttpTransport.retryAfter(
            "Fri, 02 Jan 2026 03:05:05 GMT", "Fri, 02 Jan 2026 03:04:55 GMT", clock));
    assertEquals(
        Duration.ZERO, HttpTransport.retryAfter("Thu, 01 Jan 2026 00:00:00 GMT", null, clock));
    assertNull(HttpTransport.retryAfter("soon", null, clock));
  }

  @Test
  void truncatedWithoutValidator_restartsFromZeroNeverSplices() throws IOException {
    a.sendValidators(false).enqueue(Fault.TRUNCATE);
    try (HttpTransport t = transport(settings())) {
      Download d = t.download(a.uri("/depot/file.bin"), tmp.resolve("o"), null, -1);
      assertEquals(Sha256.of(body), d.sha256());
    }
    assertEquals(2, a.seen().size());
    assertNull(a.seen().get(1).headers().get("range"), a.seen().toString());
  }

  @Test
  void range416_warnsWithTheRealOffset() throws IOException {
    a.enqueue(Fault.TRUNCATE, Fault.STATUS_416);
    try (HttpTransport t = transport(settings())) {
      Download d = t.download(a.uri("/depot/file.bin"), tmp.resolve("o"), null, -1);
      assertEquals(Sha256.of(body), d.sha256());
    }
    String range = a.seen().get(1).headers().get("range");
    long from = Long.parseLong(range.substring(6, range.length() - 1));
    assertTrue(
        warnings()
            .get(1)
            .contains(
                "the server refused to resume from byte "
                    + from
                    + " (HTTP 416); fetching the whole file again; retrying in "),
        warnings().toString());
    assertNull(a.seen().get(2).headers().get("range"));
  }

  @Test
  void drippingServer_failsAsTooSlow_thenResumesOnAnotherAttempt() throws IOException {
    byte[] small = new byte[40];
    new Random(5).nextBytes(small);
    a.serve("/small.bin", small).dripMillis(50).enqueue(Fault.DRIP);
    NetworkSettings s = settings().withMinSpeed(100, Duration.ofMillis(400));
    try (HttpTransport t = transport(s)) {
      Download d = t.download(a.uri("/small.bin"), tmp.resolve("o"), null, -1);
      assertEquals(Sha256.of(small), d.sha256());
    }
    assertEquals(1, warnings().size(), warnings().toString());
    assertTrue(
        warnings()
            .get(0)
            .matches(
                ".*/small\\.bin: too slow: \\d+ bytes in [0-9.]+ s, below the minimum of"
                    + " 100 bytes/s \\(\\{setting:min_speed\\}\\); retrying in \\d+ ms from byte \\d+ \\(attempt 2\\)"),
        warnings().get(0));
    assertTrue(a.seen().get(1).headers().get("range").startsWith("bytes="));
  }

  @Test
  void drippingServer_everyAttempt_failsWithOneLine() throws IOException {
    // every attempt the transport may make (at most 4 x maxAttempts) drips
    Fault[] drips = new Fault[12];
    java.util.Arrays.fill(drips, Fault.DRIP);
    a.serve("/small.bin", new byte[4000]).dripMillis(50).enqueue(drips);
    a.sendValidators(false); // no resume: each attempt starts again, so none makes progress
    NetworkSettings s = settings().withMinSpeed(100, Duration.ofMillis(300));
    try (HttpTransport t = transport(s)) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> t.download(a.uri("/small.bin"), tmp.resolve("o"), null, -1));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  ".*/small\\.bin: too slow: \\d+ bytes in [0-9.]+ s, below the minimum of"
                      + " 100 bytes/s \\(\\{setting:min_speed\\}\\) \\(after (\\d+) attempts\\)\\. The server or the network is too slow;"
                      + " check the connection or the proxy, or lower the limit with \\{setting:min_speed\\}")
              .matcher(e.getMessage());
      assertTrue(m.matches(), e.getMessage());
      // 4 = the first attempt and 3 fruitless ones. A restarted attempt that happens to get a byte
      // further than every earlier one (the drip is timed, so under load it varies) counts as
      // progress and earns one more, up to the cap of 4 x maxAttempts: the exact count is timing.
      int attempts = Integer.parseInt(m.group(1));
      assertTrue(attempts >= 4 && attempts <= 12, e.getMessage());
      assertEquals(
          attempts,
          a.seen().stream().filter(r -> r.path().equals("/small.bin")).count(),
          "one request per attempt");
    }
  }

  @Test
  void diskFull_isALocalErrorNamingThePath_notRetried() throws IOException {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full");
    try (HttpTransport t = transport(settings())) {
      IOException e =
          assertThrows(
              IOException.class, () -> t.download(a.uri("/depot/file.bin"), full, null, -1));
      assertFalse(e instanceof DepotAccessException, e.toString());
      assertEquals(
          "/dev/full: cannot save the download of "
              + a.uri("/depot/file.bin")
              + ": No space left on device; free space on that file system, or point {setting:cache} (or"
              + " TMPDIR with {setting:no_cache}) at another one",
          e.getMessage());
    }
    assertEquals(1, a.requestCount());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void shortBodyNeverCached_andATruncatedOneIsRefetched() throws IOException {
    a.serve("/depot/index.xml", body).enqueue(Fault.UNDELIMITED_TRUNCATE);
    URI u = a.uri("/depot/index.xml");
    try (Cache cache = Cache.open(tmp.resolve("cache"), Clock.systemUTC());
        CachingFetcher f =
            new CachingFetcher(transport(settings()), cache, false, EventHandlers.none())) {
      try (InputStream in = f.open(u)) {
        assertEquals(body.length / 2, in.readAllBytes().length); // used once, as served
      }
      assertTrue(cache.url(u.toString()).isEmpty(), "an unproven body must not be cached");
      try (InputStream in = f.open(u)) {
        assertArrayEquals(body, in.readAllBytes());
      }
      assertEquals(Sha256.of(body), cache.url(u.toString()).orElseThrow().sha256());
    }
    // the second request was a plain GET (no validators from a bad entry)
    assertNull(a.seen().get(1).headers().get("if-none-match"));
  }

  @Test
  void relativeLocations_resolveAgainstTheFinalUrl() throws IOException {
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    RealDepots.serve(a, usb, "/real/usb/");
    a.redirect("/old/index.xml", 301, "/real/usb/index.xml");
    try (Cache cache = Cache.open(tmp.resolve("cache"), Clock.systemUTC());
        CachingFetcher f =
            new CachingFetcher(transport(settings()), cache, false, EventHandlers.none());
        Catalog c =
            Depots.open(
                List.of(a.uri("/old/index.xml").toString()),
                DepotOptions.defaults().withTempDir(tmp),
                EventHandlers.none(),
                f)) {
      assertEquals(1, c.vibs().size());
    }
    // and offline, from the cache's record of the redirect
    try (Cache cache = Cache.open(tmp.resolve("cache"), Clock.systemUTC());
        CachingFetcher f =
            new CachingFetcher(transport(settings()), cache, true, EventHandlers.none());
        Catalog c =
            Depots.open(
                List.of(a.uri("/old/index.xml").toString()),
                DepotOptions.defaults().withTempDir(tmp),
                EventHandlers.none(),
                f)) {
      assertEquals(1, c.vibs().size());
    }
  }
}
