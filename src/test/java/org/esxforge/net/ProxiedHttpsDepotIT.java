package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Broadcom shape: an HTTPS depot (nginx, TLS, certificate from a private CA as an inspecting
 * proxy would present) reached only through an authenticating tinyproxy with CONNECT, the token in
 * the URL path coming from the environment.
 */
class ProxiedHttpsDepotIT {
  private static final String TOKEN = "Tk9sZWFrc0FsbG93ZWQ0MjQyNDI0Mg";
  @TempDir static Path tmp;
  static LoopbackDaemons nginx;
  static LoopbackDaemons proxy;
  static Path caPem;
  static Sha256 vibSha;

  @BeforeAll
  static void start() throws Exception {
    Path docroot = tmp.resolve("www");
    RealDepots.unpack(RealDepots.USB_FLING, docroot.resolve(TOKEN + "/PROD/COMP/ESX_HOST/usb"));
    vibSha = RealDepots.vibs(docroot).firstKey();
    Path[] pem = TestCertificates.selfSigned(tmp.resolve("tls"), LoopbackDaemons.DEPOT_HOST);
    caPem = pem[0];
    try (var files = Files.walk(tmp)) {
      files.forEach(p -> p.toFile().setReadable(true, false));
    }
    nginx = LoopbackDaemons.nginx(docroot, tmp.resolve("nginx"), pem[0], pem[1]);
    proxy = LoopbackDaemons.tinyproxy(tmp.resolve("tp"), "bob", "C0nnectPassw0rd");
  }

  @AfterAll
  static void stop() throws IOException {
    for (LoopbackDaemons d : new LoopbackDaemons[] {proxy, nginx}) {
      if (d != null) {
        d.close();
      }
    }
  }

  private static String template() {
    return "https://"
        + LoopbackDaemons.DEPOT_HOST
        + ":"
        + nginx.port
        + "/${ESXFORGE_TOKEN}/PROD/COMP/ESX_HOST/usb/index.xml";
  }

  private static NetworkSettings settings(Redactor r, String proxyUrl, List<Path> certs)
      throws Exception {
    return NetworkSettings.defaults()
        .withProxy(
            proxyUrl == null
                ? ProxyConfig.direct()
                : ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", proxyUrl)))
        .withCaCerts(certs)
        .withRedactor(r)
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5))
        .withRetry(
            new RetryPolicy(
                2, Duration.ofMillis(5), Duration.ofMillis(10), d -> {}, new Random(1)));
  }

  @Test
  void https_throughAuthenticatingProxyWithCaCert_buildsAndTokenStaysHidden() throws Exception {
    Redactor r = new Redactor();
    String url = new SecretTemplates(Map.of("ESXFORGE_TOKEN", TOKEN)::get, r).expand(template());
    List<String> seen = new ArrayList<>();
    EventHandlers h = EventHandlers.of(e -> seen.add(String.valueOf(e)));
    NetworkSettings s =
        settings(r, "http://bob:C0nnectPassw0rd@127.0.0.1:" + proxy.port, List.of(caPem));
    try (Cache cache = Cache.open(tmp.resolve("cache"), Clock.systemUTC());
        CachingFetcher f = Fetchers.create(s, cache, false, h);
        Catalog c = Depots.open(List.of(url), DepotOptions.defaults().withTempDir(tmp), h, f)) {
      CatalogVib v = c.vibs().values().iterator().next();
      assertEquals(vibSha, FetchDepotMain.hash(v));
    }
    assertTrue(
        seen.stream().noneMatch(x -> x.contains(TOKEN) || x.contains("C0nnectPassw0rd")),
        seen.toString());
  }

  @Test
  void https_direct_blocked403_andWithoutCaCert_tlsHint() throws Exception {
    Redactor r = new Redactor();
    URI u =
        URI.create(new SecretTemplates(Map.of("ESXFORGE_TOKEN", TOKEN)::get, r).expand(template()));
    try (HttpTransport t =
        HttpTransport.create(settings(r, null, List.of(caPem)), EventHandlers.none())) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> t.download(u, tmp.resolve("d"), null, -1));
      assertEquals(403, e.status());
      assertTrue(
          e.getMessage().contains("/<redacted>/PROD/COMP/ESX_HOST/usb/index.xml: HTTP 403"),
          e.getMessage());
    }
    String viaProxy = "http://bob:C0nnectPassw0rd@127.0.0.1:" + proxy.port;
    try (HttpTransport t =
        HttpTransport.create(settings(r, viaProxy, List.of()), EventHandlers.none())) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> t.download(u, tmp.resolve("e"), null, -1));
      assertTrue(e.getMessage().endsWith(HttpFailures.TLS_HINT), e.getMessage());
      assertTrue(!e.getMessage().contains(TOKEN));
    }
  }

  @Test
  void https_proxyWithoutCredentials_407WithProxyHint() throws Exception {
    Redactor r = new Redactor();
    URI u =
        URI.create(new SecretTemplates(Map.of("ESXFORGE_TOKEN", TOKEN)::get, r).expand(template()));
    try (HttpTransport t =
        HttpTransport.create(
            settings(r, "http://127.0.0.1:" + proxy.port, List.of(caPem)), EventHandlers.none())) {
      DepotAccessException e =
          assertThrows(DepotAccessException.class, () -> t.download(u, tmp.resolve("f"), null, -1));
      assertEquals(
          u.toString().replace(TOKEN, "<redacted>")
              + ": HTTP 407 Proxy Authentication Required. "
              + HttpFailures.PROXY_AUTH_HINT,
          e.getMessage());
      assertEquals(407, e.status());
      assertEquals(1, t.requestCount());
    }
  }
}
