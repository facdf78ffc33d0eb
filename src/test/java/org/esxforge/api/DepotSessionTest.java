package org.esxforge.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.testing.Cli;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's entry point: one HTTP stack for every URL, catalogs, verification. */
class DepotSessionTest {
  private static final String COMPONENT =
      "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";

  /** Serves {@code root} on loopback, recording each request path. */
  static HttpServer serve(Path root, List<String> seen) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          seen.add(ex.getRequestURI().getPath());
          Path f = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
          if (!f.startsWith(root) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    return server;
  }

  static void unpack(Path zip, Path dir) throws Exception {
    for (Map.Entry<String, byte[]> e : RealZips.members(zip).entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
  }

  @Test
  void fetcher_urlWithTokenSegment_requestsTheRealPath() throws Exception {
    String token = "Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0";
    byte[] body = "<vendorList/>".getBytes(StandardCharsets.UTF_8);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          seen.add(ex.getRequestURI().getPath());
          boolean ok = ex.getRequestURI().getPath().equals("/" + token + "/PROD/index.xml");
          ex.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
          if (ok) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    try (DepotSession s = DepotSession.open(EventHandlers.none())) {
      URI uri =
          URI.create(
              "http://127.0.0.1:"
                  + server.getAddress().getPort()
                  + "/"
                  + token
                  + "/PROD/index.xml");
      try (InputStream in = s.fetcher().open(uri)) {
        assertArrayEquals(body, in.readAllBytes());
      }
      assertEquals("/" + token + "/PROD/index.xml", seen.get(seen.size() - 1));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void catalog_onlineDepotThroughCache_servedOfflineAfterwards(@TempDir Path tmp) throws Exception {
    unpack(Fixtures.real(COMPONENT), tmp.resolve("www"));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = serve(tmp.resolve("www"), seen);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.xml";
    SessionSettings cached = SessionSettings.defaults().withCache(tmp.resolve("cache"), false);
    int vibs;
    try (DepotSession s = DepotSession.open(cached, EventHandlers.none());
        Catalog c = s.catalog(List.of(url))) {
      vibs = c.vibs().size();
      assertTrue(s.stats().downloads() > 0);
    } finally {
      server.stop(0);
    }
    try (DepotSession s =
            DepotSession.open(cached.withCache(tmp.resolve("cache"), true), EventHandlers.none());
        Catalog c = s.catalog(List.of(url))) {
      assertEquals(vibs, c.vibs().size());
      assertEquals(0, s.stats().requests());
    }
  }

  @Test
  void verify_componentZip_everyVibReportedInIdOrder(@TempDir Path tmp) throws Exception {
    List<String> ok = new ArrayList<>();
    try (DepotSession s =
            DepotSession.open(
                SessionSettings.defaults()
                    .withDepotOptions(DepotOptions.defaults().withTempDir(tmp)),
                EventHandlers.none());
        Catalog c = s.catalog(List.of(Fixtures.real(COMPONENT).toString()))) {
      s.verify(
          c,
          new VibVerifier.Options(false, List.of()),
          v -> ok.add(v.vib().id() + " " + v.verification().ok()));
    }
    assertEquals(List.of("VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077 true"), ok);
  }

  /**
   * The VIBs are verified on every core, streamed from the zip without a temporary copy, and still
   * handed over in id order, each with the verdict a check of its own file gives.
   */
  @Test
  void verify_bundle_inIdOrderSameVerdictsAsEachFileAloneNoTempFileLeft(@TempDir Path tmp)
      throws Exception {
    Path zip = Path.of("samples", "HP-drivers-7.0-offline-bundle.zip");
    Path own = Files.createDirectories(tmp.resolve("own"));
    unpack(zip, own);
    Path temp = Files.createDirectories(tmp.resolve("temp"));
    VibVerifier.Options options = new VibVerifier.Options(true, List.of());
    List<String> ids = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    List<String> alone = new ArrayList<>();
    try (DepotSession s =
            DepotSession.open(
                SessionSettings.defaults()
                    .withDepotOptions(DepotOptions.defaults().withTempDir(temp)),
                EventHandlers.none());
        Catalog c = s.catalog(List.of(zip.toString()))) {
      s.verify(
          c,
          options,
          v -> {
            ids.add(v.vib().id().value());
            verdicts.add(v.vib().id() + " " + v.verification().oneLine(""));
          });
      for (org.esxforge.depot.CatalogVib v : c.vibs().values()) {
        Path file = own.resolve(v.relativePath());
        alone.add(
            v.id()
                + " "
                + VibVerifier.verify(file, v.expected(), options.from(v.depots())).oneLine(""));
      }
    }
    assertTrue(ids.size() >= 3, ids.toString());
    assertEquals(ids.stream().sorted().toList(), ids);
    assertEquals(alone.stream().sorted().toList(), verdicts);
    try (var left = Files.list(temp)) {
      assertEquals(List.of(), left.toList(), "the verification's temp directory is removed");
    }
  }

  /**
   * A VIB missing from its depot: every VIB before it (in id order) is handed over, then its
   * failure is thrown, as a single pass would, however the threads were scheduled.
   */
  @Test
  void verify_vibMissingFromFolderDepot_earlierVibsReportedThenItsFailure(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("depot");
    unpack(Path.of("samples", "HP-drivers-7.0-offline-bundle.zip"), dir);
    List<String> all;
    try (Catalog c =
        Depots.open(List.of(dir.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      all = c.vibs().keySet().stream().map(Object::toString).sorted().toList();
    }
    assertTrue(all.size() >= 3, all.toString());
    String gone = all.get(1);
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals(gone + ".vib")).toList()) {
        Files.delete(f);
      }
    }
    for (int round = 0; round < 3; round++) {
      List<String> seen = new ArrayList<>();
      try (DepotSession s = DepotSession.open(SessionSettings.defaults(), EventHandlers.none());
          Catalog c = s.catalog(List.of(dir.toString()))) {
        java.io.IOException e =
            assertThrows(
                java.io.IOException.class,
                () ->
                    s.verify(
                        c,
                        new VibVerifier.Options(false, List.of()),
                        v -> seen.add(v.vib().id().value())));
        assertEquals(List.of(all.get(0)), seen);
        assertTrue(e.getMessage().contains(gone), e.getMessage());
      }
    }
  }

  @Test
  void depotsOpen_withoutSession_refusesOnlineLocationNamingIt() {
    DepotAccessException e =
        assertThrows(
            DepotAccessException.class,
            () ->
                Depots.open(
                    List.of("http://127.0.0.1:9/index.xml"),
                    DepotOptions.defaults(),
                    EventHandlers.none()));
    assertEquals(
        "http://127.0.0.1:9/index.xml: online depot opened without a network session."
            + " open it through a DepotSession",
        e.getMessage());
  }

  @Test
  void inspectUrl_goesThroughTheCache_thenWorksOffline(@TempDir Path tmp) throws Exception {
    unpack(Fixtures.real(COMPONENT), tmp.resolve("www"));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = serve(tmp.resolve("www"), seen);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.xml";
    String cache = tmp.resolve("cache").toString();
    Cli.Result online;
    try {
      online = Cli.run("inspect", url, "--cache", cache);
    } finally {
      server.stop(0);
    }
    assertEquals(0, online.exitCode(), online.err());
    assertTrue(seen.contains("/index.xml"), seen.toString());
    Cli.Result offline = Cli.run("inspect", url, "--cache", cache, "--offline");
    assertEquals(0, offline.exitCode(), offline.err());
    assertEquals(online.out(), offline.out());
  }
}
