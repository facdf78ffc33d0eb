package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

class HttpTransportTest {
  @TempDir Path tmp;
  private FaultServer server;
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<BuildEvent> events = new ArrayList<>();
  private byte[] body;

  @BeforeEach
  void start() throws IOException {
    body = new byte[300_000];
    new Random(7).nextBytes(body);
    server = new FaultServer().serve("/depot/file.bin", body).stallMillis(1500);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private HttpTransport transport(int maxAttempts) throws IOException {
    RetryPolicy retry =
        new RetryPolicy(
            maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(2), sleeps::add, new Random(1));
    NetworkSettings s =
        NetworkSettings.defaults()
            .withRedactor(new Redactor())
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400))
            .withRetry(retry);
    return HttpTransport.create(
        s,
        EventHandlers.of(
            e -> {
              synchronized (events) {
                events.add(e);
              }
            }));
  }

  private Download fetch(HttpTransport t, String path, long expected) throws IOException {
    return t.download(server.uri(path), tmp.resolve("out"), Download.Validators.none(), expected);
  }

  @Test
  void download_clean_writesBytesAndDigest() throws IOException {
    try (HttpTransport t = transport(3)) {
      Download d = fetch(t, "/depot/file.bin", body.length);
      assertArrayEquals(body, Files.readAllBytes(tmp.resolve("out")));
      assertEquals(Sha256.of(body), d.sha256());
      assertEquals(body.length, d.byteCount());
      assertEquals(1, d.attempts());
      assertEquals(body.length, t.bytesReceived());
      assertTrue(sleeps.isEmpty());
    }
  }

  @Test
  void download_resetThen503ThenTruncated_retriesAndResumesWithRange() throws IOException {
    server.enqueue(Fault.RESET, Fault.STATUS_503, Fault.TRUNCATE);
    try (HttpTransport t = transport(5)) {
      Download d = fetch(t, "/depot/file.bin", -1);
      assertArrayEquals(body, Files.readAllBytes(tmp.resolve("out")));
      assertEquals(Sha256.of(body), d.sha256());
      assertEquals(4, d.attempts());
      // resumed: the truncated prefix was not sent twice
      assertEquals(body.length, server.bodyBytesServed());
      assertEquals(3, sleeps.size());
      long warnings =
          events.stream()
              .filter(e -> e instanceof LogEvent l && l.level() == LogEvent.Level.WARN)
              .count();
      assertEquals(3, warnings);
    }
  }

  @Test
  void download_serverIgnoresRange_refetchesWholeBody() throws IOException {
    server.honourRange(false).enqueue(Fault.TRUNCATE);
    try (HttpTransport t = transport(5)) {
      Download d = fetch(t, "/depot/file.bin", body.length);
      assertArrayEquals(body, Files.readAllBytes(tmp.resolve("out")));
      assertEquals(Sha256.of(body), d.sha256());
      assertEquals(2, d.attempts());
    }
  }

  @Test
  void download_stallBeyondReadTimeout_retries() throws IOException {
    server.enqueue(Fault.STALL);
    try (HttpTransport t = transport(3)) {
      Download d = fetch(t, "/depot/file.bin", body.length);
      assertEquals(Sha256.of(body), d.sha256());
      assertEquals(2, d.attempts());
    }
  }

  @Test
  void download_always503_failsWithOneLineNamingUrl() throws IOException {
    server.enqueue(Fault.STATUS_503, Fault.STATUS_503, Fault.STATUS_503);
    try (HttpTransport t = transport(3)) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> fetch(t, "/depot/file.bin", -1));
      assertEquals(
          server.uri("/depot/file.bin")
              + ": HTTP 503 Service Unavailable (after 3 attempts)."
              + " The server kept failing; try again later",
          e.getMessage());
      assertEquals(503, e.status());
      assertEquals(2, sleeps.size());
    }
  }

  @Test
  void download_missing_404WithoutRetry() throws IOException {
    try (HttpTransport t = transport(3)) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> fetch(t, "/depot/none.vib", -1));
      assertEquals(
          server.uri("/depot/none.vib")
              + ": HTTP 404 Not Found."
              + " Check the depot URL; the depot may have moved or the file was removed",
          e.getMessage());
      assertEquals(1, server.requestCount());
    }
  }

  @Test
  void download_wrongSizeAnnounced_failsWithoutRetry() throws IOException {
    try (HttpTransport t = transport(3)) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> fetch(t, "/depot/file.bin", 12));
      assertTrue(
          e.getMessage().contains("server announced 300000 bytes, expected 12"), e.getMessage());
      assertEquals(1, server.requestCount());
    }
  }

  @Test
  void download_conditionalWithMatchingEtag_notModified() throws IOException {
    try (HttpTransport t = transport(3)) {
      Download first = fetch(t, "/depot/file.bin", -1);
      Download second =
          t.download(
              server.uri("/depot/file.bin"),
              tmp.resolve("again"),
              new Download.Validators(first.etag(), null),
              -1);
      assertTrue(second.notModified());
      assertEquals(body.length, t.bytesReceived());
    }
  }

  @Test
  void download_randomFaults_completesOrFailsWithOneLine() throws IOException {
    for (long seed = 1; seed <= 12; seed++) {
      server.randomFaults(seed, 0.5);
      try (HttpTransport t = transport(6)) {
        Path out = tmp.resolve("r" + seed);
        try {
          Download d =
              t.download(server.uri("/depot/file.bin"), out, Download.Validators.none(), -1);
          assertEquals(Sha256.of(body), d.sha256(), "seed " + seed);
          assertArrayEquals(body, Files.readAllBytes(out));
        } catch (DepotAccessException e) {
          assertFalse(e.getMessage().contains("\n"), e.getMessage());
          assertTrue(
              e.getMessage().startsWith(server.uri("/depot/file.bin") + ": "), e.getMessage());
        }
      }
    }
  }

  @Test
  void download_tokenInUrl_neverInMessagesOrEvents() throws IOException {
    String token = "Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0";
    try (HttpTransport t = transport(2)) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/" + token + "/PROD/file.bin");
      server.enqueue(Fault.STATUS_503, Fault.STATUS_503);
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> t.download(uri, tmp.resolve("x"), Download.Validators.none(), -1));
      String all = e.getMessage() + e.getCause() + events;
      assertFalse(all.contains(token), all);
      assertTrue(e.getMessage().contains("/<redacted>/PROD/file.bin"), e.getMessage());
    }
  }

  @Test
  void download_503WithRetryAfter_waitsAsAskedWithinCap() throws IOException {
    server.enqueue(Fault.STATUS_503_RETRY_AFTER);
    try (HttpTransport t = transport(3)) {
      assertEquals(Sha256.of(body), fetch(t, "/depot/file.bin", -1).sha256());
      assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }
  }

  @Test
  void delayBefore_growsExponentiallyWithJitterAndCap() {
    RetryPolicy p =
        new RetryPolicy(
            5, Duration.ofMillis(1000), Duration.ofMillis(5000), d -> {}, new Random(3));
    for (int retry = 1; retry <= 6; retry++) {
      long capped = Math.min(5000, 1000L << (retry - 1));
      long ms = p.delayBefore(retry).toMillis();
      assertTrue(ms >= capped / 2 && ms < capped, "retry " + retry + ": " + ms);
    }
  }
}
