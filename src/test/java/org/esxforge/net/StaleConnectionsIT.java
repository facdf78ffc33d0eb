package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pooled connections that the other side closed while idle: tinyproxy answers HTTP/1.1 without
 * "Connection: close" and then closes; nginx with a 1 s keep-alive closes idle connections. Every
 * request must still succeed at once, with no warning and no backoff.
 */
class StaleConnectionsIT {
  @TempDir static Path tmp;
  static LoopbackDaemons nginx;
  static LoopbackDaemons proxy;
  static List<String> files = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path docroot = tmp.resolve("www");
    Files.createDirectories(docroot);
    Random r = new Random(11);
    for (int i = 0; i < 12; i++) {
      byte[] b = new byte[20_000 + i];
      r.nextBytes(b);
      Files.write(docroot.resolve("f" + i + ".bin"), b);
      files.add("f" + i + ".bin");
    }
    try (var all = Files.walk(tmp)) {
      all.forEach(p -> p.toFile().setReadable(true, false));
    }
    nginx =
        LoopbackDaemons.nginx(
            docroot, tmp.resolve("nginx"), null, null, "  keepalive_timeout 1s;\n", true);
    proxy = LoopbackDaemons.tinyproxy(tmp.resolve("tp"), null, null);
  }

  @AfterAll
  static void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (nginx != null) {
      nginx.close();
    }
  }

  private static List<Duration> sleeps = new ArrayList<>();

  private static HttpTransport transport(ProxyConfig p, List<BuildEvent> events)
      throws IOException {
    return HttpTransport.create(
        NetworkSettings.defaults()
            .withProxy(p)
            .withRedactor(new Redactor())
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5))
            .withRetry(
                new RetryPolicy(
                    3, Duration.ofMillis(500), Duration.ofSeconds(1), sleeps::add, new Random(1))),
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.level() == LogEvent.Level.WARN) {
                synchronized (events) {
                  events.add(e);
                }
              }
            }));
  }

  private static URI uri(String f) {
    return URI.create("http://" + LoopbackDaemons.DEPOT_HOST + ":" + nginx.port + "/" + f);
  }

  @Test
  void throughTinyproxy_everyRequestSucceedsWithoutWarnings() throws Exception {
    List<BuildEvent> warnings = new ArrayList<>();
    ProxyConfig p =
        ProxyConfig.fromEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + proxy.port));
    try (HttpTransport t = transport(p, warnings)) {
      for (String f : files) {
        Download d = t.download(uri(f), tmp.resolve("out"), null, -1);
        assertEquals(Files.size(tmp.resolve("www").resolve(f)), d.byteCount());
        assertEquals(1, d.attempts());
      }
      assertEquals(List.of(), warnings);
      assertTrue(sleeps.isEmpty(), sleeps.toString());
    }
  }

  @Test
  void nginxShortKeepAlive_idleConnectionIsNotReusedBlindly() throws Exception {
    List<BuildEvent> warnings = new ArrayList<>();
    try (HttpTransport t = transport(ProxyConfig.direct(), warnings)) {
      t.download(uri(files.get(0)), tmp.resolve("out"), null, -1);
      Thread.sleep(1500); // nginx closes the idle keep-alive connection after 1 s
      for (String f : files.subList(1, 4)) {
        assertEquals(1, t.download(uri(f), tmp.resolve("out"), null, -1).attempts());
      }
      assertEquals(List.of(), warnings);
    }
  }
}
