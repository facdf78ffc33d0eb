package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real depot (an unpacked real component zip) served by nginx on 127.0.0.2, reachable only from
 * 127.0.0.3, which is where tinyproxy's outgoing connections come from: the direct route gets 403,
 * the proxied one works, with and without proxy authentication.
 */
class ProxiedDepotIT {
  @TempDir static Path tmp;
  static LoopbackDaemons nginx;
  static LoopbackDaemons proxy;
  static LoopbackDaemons authProxy;
  static Sha256 vibSha;

  @BeforeAll
  static void start() throws Exception {
    Path docroot = tmp.resolve("www");
    RealDepots.unpack(RealDepots.USB_FLING, docroot.resolve("usb"));
    vibSha = RealDepots.vibs(docroot).firstKey();
    try (var files = Files.walk(tmp)) {
      files.forEach(p -> p.toFile().setReadable(true, false));
    }
    nginx = LoopbackDaemons.nginx(docroot, tmp.resolve("nginx"));
    proxy = LoopbackDaemons.tinyproxy(tmp.resolve("tp"), null, null);
    authProxy = LoopbackDaemons.tinyproxy(tmp.resolve("tpa"), "alice", "Pr0xyPassw0rd");
  }

  @AfterAll
  static void stop() throws IOException {
    for (LoopbackDaemons d : new LoopbackDaemons[] {authProxy, proxy, nginx}) {
      if (d != null) {
        d.close();
      }
    }
  }

  static URI depot() {
    return URI.create("http://" + LoopbackDaemons.DEPOT_HOST + ":" + nginx.port + "/usb/index.xml");
  }

  private static NetworkSettings settings(ProxyConfig p) {
    return NetworkSettings.defaults()
        .withProxy(p)
        .withRedactor(new Redactor())
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5))
        .withRetry(
            new RetryPolicy(
                2, Duration.ofMillis(10), Duration.ofMillis(20), d -> {}, new Random(1)));
  }

  private static List<String> build(NetworkSettings s, Path cacheDir, List<BuildEvent> events)
      throws IOException {
    EventHandlers h = EventHandlers.of(events::add);
    List<String> out = new ArrayList<>();
    try (Cache cache = Cache.open(cacheDir, Clock.systemUTC());
        CachingFetcher f = Fetchers.create(s, cache, false, h);
        Catalog c =
            Depots.open(
                List.of(depot().toString()), DepotOptions.defaults().withTempDir(tmp), h, f)) {
      for (CatalogVib v : c.vibs().values()) {
        out.add(FetchDepotMain.hash(v) + " " + v.id());
      }
    }
    return out;
  }

  @Test
  void direct_blockedByNginx_403() throws IOException {
    try (HttpTransport t =
        HttpTransport.create(settings(ProxyConfig.direct()), EventHandlers.none())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> t.download(depot(), tmp.resolve("direct"), null, -1));
      assertEquals(403, e.status());
      assertTrue(
          e.getMessage()
              .startsWith(depot() + ": HTTP 403 Forbidden. Check the depot's download token"),
          e.getMessage());
    }
  }

  @Test
  void viaProxyFromEnvironment_buildsFromRealDepot() throws Exception {
    ProxyConfig p =
        ProxyConfig.fromEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + proxy.port));
    List<String> got = build(settings(p), tmp.resolve("cache-env"), new ArrayList<>());
    assertEquals(
        List.of(vibSha + " VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077"), got);
    String access = Files.readString(nginx.dir.resolve("access.log"));
    assertTrue(access.contains(LoopbackDaemons.PROXY_EGRESS + " - - "), access);
  }

  @Test
  void noProxyMatchingDepot_goesDirectAndIsBlocked() throws Exception {
    ProxyConfig p =
        ProxyConfig.fromEnvironment(
            Map.of(
                "HTTP_PROXY",
                "http://127.0.0.1:" + proxy.port,
                "NO_PROXY",
                "127.0.0.0/24,127.0.0.2"));
    DepotAccessException e =
        assertThrows(
            DepotAccessException.class,
            () -> build(settings(p), tmp.resolve("cache-np"), new ArrayList<>()));
    assertEquals(403, e.status());
  }

  @Test
  void authProxy_withoutCredentials_407WithHint() throws Exception {
    ProxyConfig p =
        ProxyConfig.of(
            ProxyConfig.ProxyUri.parse("127.0.0.1:" + authProxy.port), NoProxy.parse(""));
    DepotAccessException e =
        assertThrows(
            DepotAccessException.class,
            () -> build(settings(p), tmp.resolve("cache-407"), new ArrayList<>()));
    assertEquals(407, e.status());
    assertTrue(
        e.getMessage()
            .endsWith("Check the user:password of {setting:proxy} or of HTTPS_PROXY/HTTP_PROXY"),
        e.getMessage());
  }

  @Test
  void authProxy_wrongPassword_tinyproxys401BlamesTheProxyNotTheToken() throws Exception {
    ProxyConfig p =
        ProxyConfig.of(
            ProxyConfig.ProxyUri.parse("http://alice:wrong@127.0.0.1:" + authProxy.port),
            NoProxy.parse(""));
    DepotAccessException e =
        assertThrows(
            DepotAccessException.class,
            () -> build(settings(p), tmp.resolve("cache-401"), new ArrayList<>()));
    assertEquals(
        depot()
            + ": HTTP 401 Unauthorized from the proxy: the proxy refused the credentials. "
            + HttpFailures.PROXY_AUTH_HINT,
        e.getMessage());
  }

  @Test
  void authProxy_withCredentials_buildsAndNeverShowsPassword() throws Exception {
    ProxyConfig p =
        ProxyConfig.of(
            ProxyConfig.ProxyUri.parse("http://alice:Pr0xyPassw0rd@127.0.0.1:" + authProxy.port),
            NoProxy.parse(""));
    List<BuildEvent> events = new ArrayList<>();
    List<String> got = build(settings(p), tmp.resolve("cache-auth"), events);
    assertEquals(1, got.size());
    assertTrue(got.get(0).startsWith(vibSha.hex()));
    assertFalse(events.toString().contains("Pr0xyPassw0rd"));
    assertFalse(p.toString().contains("Pr0xyPassw0rd"), p.toString());
  }
}
