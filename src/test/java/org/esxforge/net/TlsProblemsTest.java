package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate refusals name the real cause (expired, not yet valid, issued for another host, not
 * TLS at all) with the remedy that fits; an https-to-http redirect is refused unless allowed. Real
 * TLS servers on loopback (the JDK's), certificates made for the test.
 */
class TlsProblemsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  @TempDir Path tmp;
  private final List<HttpsServer> servers = new ArrayList<>();
  private final List<FaultServer> plain = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    servers.forEach(s -> s.stop(0));
    for (FaultServer f : plain) {
      f.close();
    }
  }

  /** An HTTPS server on 127.0.0.1 with a certificate for {@code ip}; every path answers 'ok'. */
  private URI https(String ip, Instant from, Instant to, String name, String redirectTo)
      throws Exception {
    TestCertificates.Generated g = TestCertificates.generate(tmp.resolve(name), ip, from, to);
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(g.serverContext()));
    s.createContext(
        "/",
        x -> {
          if (redirectTo != null) {
            x.getResponseHeaders().add("Location", redirectTo);
            x.sendResponseHeaders(302, -1);
            x.close();
            return;
          }
          byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, b.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(b);
          }
        });
    s.start();
    servers.add(s);
    caCerts.add(g.certPem());
    return URI.create("https://127.0.0.1:" + s.getAddress().getPort() + "/index.xml");
  }

  private final List<Path> caCerts = new ArrayList<>();

  private NetworkSettings settings() {
    return NetworkSettings.defaults()
        .withRedactor(new Redactor())
        .withCaCerts(caCerts)
        .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3))
        .withRetry(
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}, new Random(1)));
  }

  private DepotAccessException refused(URI u) throws IOException {
    try (HttpTransport t = HttpTransport.create(settings(), EventHandlers.none())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class, () -> t.download(u, tmp.resolve("out"), null, -1));
      assertEquals(1, t.requestCount(), "a TLS refusal is not retried");
      return e;
    }
  }

  @Test
  void expiredCertificate_namesTheDate() throws Exception {
    URI u =
        https(
            "127.0.0.1",
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2026-03-01T00:00:00Z"),
            "exp",
            null);
    assertEquals(
        u
            + ": TLS certificate refused: the server's certificate expired on 2026-03-01 00:00 UTC. "
            + HttpFailures.EXPIRED_HINT,
        refused(u).getMessage());
  }

  @Test
  void notYetValidCertificate_pointsAtTheClock() throws Exception {
    URI u =
        https(
            "127.0.0.1",
            Instant.parse("2026-07-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            "nyv",
            null);
    assertEquals(
        u
            + ": TLS certificate refused: the server's certificate is not valid before 2026-07-01"
            + " 00:00 UTC (this machine's clock reads 2026-06-01 12:00 UTC). "
            + HttpFailures.NOT_YET_VALID_HINT,
        refused(u).getMessage());
  }

  @Test
  void expiredAndUntrusted_stillNamesTheExpiry() throws Exception {
    URI u =
        https(
            "127.0.0.1",
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:00:00Z"),
            "exp2",
            null);
    caCerts.clear();
    assertEquals(
        u
            + ": TLS certificate refused: the server's certificate expired on 2025-01-01 00:00 UTC. "
            + HttpFailures.EXPIRED_HINT,
        refused(u).getMessage());
  }

  @Test
  void certificateForAnotherHost_namesBoth() throws Exception {
    URI u =
        https(
            "127.0.0.2",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            "host",
            null);
    assertEquals(
        u
            + ": TLS certificate refused: the server's certificate was issued for 127.0.0.2, not"
            + " 127.0.0.1. "
            + HttpFailures.WRONG_HOST_HINT,
        refused(u).getMessage());
  }

  @Test
  void httpsToAPlainHttpPort_saysItIsNotTls() throws Exception {
    FaultServer f = new FaultServer().serve("/index.xml", "ok".getBytes(StandardCharsets.UTF_8));
    plain.add(f);
    URI u = URI.create("https://127.0.0.1:" + f.port() + "/index.xml");
    assertEquals(
        u
            + ": the server did not answer with TLS (an https:// URL pointing at a plain-HTTP"
            + " port?). "
            + HttpFailures.NOT_TLS_HINT,
        refused(u).getMessage());
  }

  @Test
  void untrustedCertificate_keepsTheCaCertAdvice() throws Exception {
    URI u =
        https(
            "127.0.0.1",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            "untrusted",
            null);
    caCerts.clear();
    assertEquals(
        u
            + ": TLS certificate not trusted (no trusted CA signed the server's certificate). "
            + HttpFailures.TLS_HINT,
        refused(u).getMessage());
  }

  @Test
  void httpsToHttpRedirect_refusedNamingBoth_unlessAllowed() throws Exception {
    FaultServer f = new FaultServer().serve("/index.xml", "ok".getBytes(StandardCharsets.UTF_8));
    plain.add(f);
    URI target = f.uri("/index.xml");
    URI u =
        https(
            "127.0.0.1",
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2027-01-01T00:00:00Z"),
            "down",
            target.toString());
    assertEquals(
        u
            + ": refused the redirect from "
            + u
            + " to "
            + target
            + " (from HTTPS to plain HTTP);"
            + " use {setting:allow_insecure_redirects} to follow it anyway",
        refused(u).getMessage());
    assertEquals(0, f.requestCount());
    try (HttpTransport t =
        HttpTransport.create(settings().withInsecureRedirects(true), EventHandlers.none())) {
      assertEquals(target, t.download(u, tmp.resolve("ok"), null, -1).location());
    }
  }
}
