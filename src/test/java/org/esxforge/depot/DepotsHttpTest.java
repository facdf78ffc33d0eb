package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.testing.Fixtures;
import org.esxforge.testing.TestSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotsHttpTest {

  private static final DepotOptions OPTIONS =
      DepotOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** The one HTTP stack, as a session opens it (no cache). */
  private static final DepotFetcher HTTP =
      TestSessions.fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10));

  static Catalog open(String... locations) throws Exception {
    return Depots.open(List.of(locations), OPTIONS, EventHandlers.none(), HTTP);
  }

  @Test
  void open_onlineDepotIndex_readsExactlyLikeTheZip(@TempDir Path tmp) throws Exception {
    for (Path zip : RealZips.bundles()) {
      Path dir = tmp.resolve(zip.getFileName().toString());
      DepotsRealFixturesTest.unpack(zip, dir);
      Files.move(dir.resolve("index.xml"), dir.resolve("vmw-depot-index.xml"));
      try (TestDepotServer s = new TestDepotServer(dir, false);
          Catalog online = open(s.url("/depot/vmw-depot-index.xml"));
          Catalog offline = open(zip.toString())) {
        CatalogAssert.sameContent(offline, online);
        assertEquals(DepotKind.ONLINE, online.depots().get(0).kind());
        for (CatalogVib v : online.vibs().values()) {
          assertNull(v.signed());
          assertTrue(v.source().localRegion().isEmpty());
          assertEquals(s.url("/depot/" + v.relativePath()), v.source().describe());
          byte[] bytes;
          try (InputStream in = v.source().open()) {
            bytes = in.readAllBytes();
          }
          assertEquals(v.sha256().hex(), Independent.sha256(bytes));
        }
        // loading the catalog never downloads a VIB; only the reads above did
        assertEquals(
            online.vibs().size(), s.requests().stream().filter(r -> r.endsWith(".vib")).count());
      }
    }
  }

  @Test
  void open_wrappedFetcher_seesEveryRequestAndStaysOpen(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    DepotsRealFixturesTest.unpack(zip, tmp);
    List<java.net.URI> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TestDepotServer s = new TestDepotServer(tmp, false);
        DepotFetcher http = TestSessions.fetcher(Duration.ofSeconds(5), Duration.ofSeconds(10))) {
      DepotFetcher counting =
          uri -> {
            seen.add(uri);
            return http.open(uri);
          };
      try (Catalog c =
          Depots.open(
              List.of(s.url("/depot/index.xml")), OPTIONS, EventHandlers.none(), counting)) {
        assertEquals(1, c.vibs().size());
      }
      assertEquals(s.requests(), seen.stream().map(java.net.URI::getPath).toList());
      try (InputStream in = http.open(java.net.URI.create(s.url("/depot/index.xml")))) {
        assertEquals(319, in.readAllBytes().length); // the catalog did not close it
      }
    }
  }

  @Test
  void open_folderUrlWithoutListing_triesIndexNames(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    DepotsRealFixturesTest.unpack(zip, tmp);
    try (TestDepotServer s = new TestDepotServer(tmp, false);
        Catalog online = open(s.url("/depot"));
        Catalog offline = open(zip.toString())) {
      CatalogAssert.sameContent(offline, online);
      assertEquals(
          List.of("/depot", "/depot/index.xml", "/depot/vendor-index.xml", "/depot/metadata.zip"),
          s.requests());
    }
  }

  @Test
  void open_folderUrlWithHtmlListing_findsIndex(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip");
    Path dir = tmp.resolve("bundle");
    DepotsRealFixturesTest.unpack(zip, dir);
    Files.move(dir.resolve("index.xml"), dir.resolve("vmw-depot-index.xml"));
    try (TestDepotServer s = new TestDepotServer(dir, true);
        Catalog online = open(s.url("/depot/"));
        Catalog offline = open(zip.toString())) {
      CatalogAssert.sameContent(offline, online);
      assertTrue(s.requests().contains("/depot/vmw-depot-index.xml"));
    }
  }

  @Test
  void open_htmlPageLinkingToIndexElsewhere_followsLink(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Path dir = tmp.resolve("b");
    DepotsRealFixturesTest.unpack(zip, dir.resolve("esx"));
    Files.move(dir.resolve("esx/index.xml"), dir.resolve("esx/vmw-depot-index.xml"));
    try (TestDepotServer s = new TestDepotServer(dir, false)) {
      s.fixed(
          "/downloads.html",
          ("<html><body><p>ESXi depot: <a href=\"/depot/esx/"
                  + "vmw-depot-index.xml\">index</a></p></body></html>")
              .getBytes(StandardCharsets.UTF_8));
      try (Catalog online = open(s.url("/downloads.html"));
          Catalog offline = open(zip.toString())) {
        CatalogAssert.sameContent(offline, online);
      }
    }
  }

  @Test
  void open_offlineBundleUrl_downloadedAndOpened(@TempDir Path tmp) throws Exception {
    Path zip =
        Fixtures.real("nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip");
    Files.copy(zip, tmp.resolve("c.zip"));
    try (TestDepotServer s = new TestDepotServer(tmp, false);
        Catalog online = open(s.url("/depot/c.zip"));
        Catalog offline = open(zip.toString())) {
      CatalogAssert.sameContent(offline, online);
      assertEquals(DepotKind.COMPONENT, online.depots().get(0).kind());
    }
  }

  @Test
  void open_relativePathAndAbsoluteUrls_resolvedAsSpec(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Path dir = tmp.resolve("main");
    DepotsRealFixturesTest.unpack(zip, dir.resolve("esx/vmw"));
    Files.delete(dir.resolve("esx/vmw/index.xml"));
    Files.move(dir.resolve("esx/vmw/vendor-index.xml"), dir.resolve("esx/vmw/vmw-esx-index.xml"));
    try (TestDepotServer s = new TestDepotServer(dir, false)) {
      String index =
          "<vendorList><vendor><name>VMware</name><code>VMW</code>"
              + "<indexfile>vmw-esx-index.xml</indexfile><patchUrl></patchUrl>"
              + "<relativePath>esx/vmw</relativePath><content><name>VMware ESX</name>"
              + "<type>http://www.vmware.com/depotmanagement/esx</type></content></vendor>"
              + "</vendorList>";
      Files.writeString(dir.resolve("vmw-depot-index.xml"), index);
      try (Catalog c = open(s.url("/depot/vmw-depot-index.xml"))) {
        assertEquals(
            s.url("/depot/esx/vmw/metadata.zip"), c.depots().get(0).metadata().get(0).url());
        CatalogVib v = c.vibs().values().iterator().next();
        assertEquals(s.url("/depot/esx/vmw/" + v.relativePath()), v.source().describe());
      }
      // absolute relativePath on the depot index: used alone
      Files.writeString(
          dir.resolve("vmw-depot-index.xml"),
          index.replace("esx/vmw</relativePath>", s.url("/depot/esx/vmw/") + "</relativePath>"));
      try (Catalog c = open(s.url("/depot/vmw-depot-index.xml"))) {
        assertEquals(1, c.vibs().size());
      }
      // absolute metadata url in the vendor index
      Path vi = dir.resolve("esx/vmw/vmw-esx-index.xml");
      Files.writeString(
          vi,
          Files.readString(vi)
              .replace(
                  "<url>metadata.zip</url>",
                  "<url>" + s.url("/depot/esx/vmw/metadata.zip") + "</url>"));
      try (Catalog c = open(s.url("/depot/vmw-depot-index.xml"))) {
        assertEquals(1, c.vibs().size());
      }
    }
  }

  @Test
  void open_http404_depotAccessNamesUrl(@TempDir Path tmp) throws Exception {
    try (TestDepotServer s = new TestDepotServer(tmp, false)) {
      String url = s.url("/depot/vmw-depot-index.xml");
      DepotAccessException e = assertThrows(DepotAccessException.class, () -> open(url));
      assertEquals(
          url
              + ": HTTP 404 Not Found. Check the depot URL; the depot may have moved or"
              + " the file was removed",
          e.getMessage());
      assertEquals(404, e.status());
    }
  }

  @Test
  void open_http401And403_oneLineWithHint(@TempDir Path tmp) throws Exception {
    try (TestDepotServer s = new TestDepotServer(tmp, false)) {
      s.status("/depot/a/vmw-depot-index.xml", 401);
      s.status("/depot/b/vmw-depot-index.xml", 403);
      for (String p : List.of("a", "b")) {
        String url = s.url("/depot/" + p + "/vmw-depot-index.xml");
        DepotAccessException e = assertThrows(DepotAccessException.class, () -> open(url));
        int st = p.equals("a") ? 401 : 403;
        assertEquals(
            url
                + ": HTTP "
                + st
                + (st == 401 ? " Unauthorized" : " Forbidden")
                + ". Check the depot's download token: Broadcom depots need"
                + " https://dl.broadcom.com/<token>/PROD/...; keep the token off the command line with"
                + " ${ENV_VAR} or ${file:PATH} in the URL, and check that it is entitled to this"
                + " depot",
            e.getMessage());
        assertEquals(st, e.status());
      }
    }
  }

  @Test
  void open_userInfoInUrl_secretNeverEchoed(@TempDir Path tmp) throws Exception {
    try (TestDepotServer s = new TestDepotServer(tmp, false)) {
      String url = s.url("/depot/index.xml");
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class,
              () -> open(url.replace("http://", "http://alice:s3cret@")));
      assertEquals(
          url.replace("http://", "http://<redacted>@")
              + ": HTTP 404 Not Found. Check"
              + " the depot URL; the depot may have moved or the file was removed",
          e.getMessage());
      assertEquals("/depot/index.xml", s.requests().get(0));
    }
  }

  @Test
  void open_closedLoopbackPort_connectionRefused() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/depot/vmw-depot-index.xml";
    DepotAccessException e = assertThrows(DepotAccessException.class, () -> open(url));
    // no class names in messages (issue 10); this fetcher makes one attempt
    assertEquals(
        url
            + ": connection refused. Check that the server is reachable, or the"
            + " proxy settings ({setting:proxy}, HTTPS_PROXY, NO_PROXY)",
        e.getMessage());
  }
}
