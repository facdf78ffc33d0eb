package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [::1]:PORT} in {@code NO_PROXY}, end to end: a depot on the IPv6 loopback is reached
 * directly while the proxy (nothing listens there) would fail every request; the same host on a
 * port the entry does not name goes through the proxy.
 */
class NoProxyIpv6Test {
  @TempDir Path tmp;

  @Test
  void bracketedIpv6WithPort_inNoProxy_reachesTheDepotDirectly() throws Exception {
    byte[] body = "depot bytes".getBytes(StandardCharsets.US_ASCII);
    HttpServer server = serve(body);
    HttpServer other = serve(body);
    try {
      int port = server.getAddress().getPort();
      int deadProxy = LoopbackDaemons.freePort();
      ProxyConfig p =
          ProxyConfig.fromEnvironment(
              Map.of("http_proxy", "http://127.0.0.1:" + deadProxy, "NO_PROXY", "[::1]:" + port));
      NetworkSettings s =
          NetworkSettings.defaults()
              .withProxy(p)
              .withRedactor(new Redactor())
              .withRetry(
                  new RetryPolicy(
                      1, Duration.ofMillis(1), Duration.ofMillis(1), d -> {}, new Random(1)));
      try (HttpTransport t = HttpTransport.create(s, EventHandlers.none())) {
        Path out = tmp.resolve("out");
        t.download(URI.create("http://[::1]:" + port + "/f"), out, null, -1);
        assertArrayEquals(body, Files.readAllBytes(out));
        // a depot on another port of the same host is not exempt: it goes to the (dead) proxy
        URI elsewhere = URI.create("http://[::1]:" + other.getAddress().getPort() + "/f");
        DepotAccessException e =
            assertThrows(DepotAccessException.class, () -> t.download(elsewhere, out, null, -1));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
      }
    } finally {
      server.stop(0);
      other.stop(0);
    }
  }

  private static HttpServer serve(byte[] body) throws java.io.IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
    server.createContext(
        "/f",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    return server;
  }
}
