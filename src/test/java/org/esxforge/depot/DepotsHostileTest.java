package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.FormatException;
import org.esxforge.testing.Fixtures;
import org.esxforge.testing.TestSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotsHostileTest {
  private static final String COMPONENT =
      "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";
  private static final String VIB_PATH =
      "vib20/vmkusb-nic-fling/VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib";

  private static final DepotFetcher HTTP =
      TestSessions.fetcher(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10));

  static Catalog open(DepotOptions o, String... locations) throws Exception {
    return Depots.open(List.of(locations), o, EventHandlers.none(), HTTP);
  }

  static Catalog open(String... locations) throws Exception {
    return open(DepotOptions.defaults(), locations);
  }

  static byte[] zip(Map<String, byte[]> members) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.getKey());
        z.putArchiveEntry(ze);
        z.write(e.getValue());
        z.closeArchiveEntry();
      }
    }
    return bos.toByteArray();
  }

  /** The real component bundle with one member replaced. */
  static Map<String, byte[]> realWith(String member, byte[] bytes) throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>(RealZips.members(Fixtures.real(COMPONENT)));
    m.put(member, bytes);
    return m;
  }

  /** The real component bundle whose metadata zip has one member replaced. */
  static Map<String, byte[]> realWithMetadata(String member, byte[] bytes) throws Exception {
    Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(COMPONENT)));
    meta.put(member, bytes);
    return realWith("metadata.zip", zip(meta));
  }

  static Path write(Path dir, String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void open_externalEntityOnline_refusedAndNeverFetched(@TempDir Path tmp) throws Exception {
    try (TestDepotServer s = new TestDepotServer(tmp, false)) {
      String xml =
          "<?xml version=\"1.0\"?>\n<!DOCTYPE vendorList [<!ENTITY x SYSTEM \""
              + s.url("/evil")
              + "\">]>\n<vendorList>&x;</vendorList>\n";
      s.fixed("/depot/vmw-depot-index.xml", xml.getBytes(StandardCharsets.UTF_8));
      String url = s.url("/depot/vmw-depot-index.xml");
      FormatException e = assertThrows(FormatException.class, () -> open(url));
      assertEquals(
          url
              + "@"
              + xml.indexOf("<!DOCTYPE")
              + ": XML with a DOCTYPE or entity declaration is refused",
          e.getMessage());
      assertEquals(List.of("/depot/vmw-depot-index.xml"), s.requests());
    }
  }

  @Test
  void open_billionLaughsInVendorIndex_refused(@TempDir Path tmp) throws Exception {
    StringBuilder x =
        new StringBuilder(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n" + " <!ENTITY lol \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      x.append(" <!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        x.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      }
      x.append("\">\n");
    }
    x.append("]>\n<metaList><metadata><url>&lol9;</url></metadata></metaList>\n");
    Path p =
        write(
            tmp,
            "b.zip",
            zip(realWith("vendor-index.xml", x.toString().getBytes(StandardCharsets.UTF_8))));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p + "!vendor-index.xml@22: XML with a DOCTYPE or entity declaration is refused",
        e.getMessage());
  }

  @Test
  void open_doctypeInsideMetadataZip_namesNestedEntry(@TempDir Path tmp) throws Exception {
    byte[] evil =
        "<!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><metadataResponse>&e;"
            .concat("</metadataResponse>")
            .getBytes(StandardCharsets.UTF_8);
    Path p = write(tmp, "m.zip", zip(realWithMetadata("vmware.xml", evil)));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p + "!metadata.zip!vmware.xml@0: XML with a DOCTYPE or entity declaration is" + " refused",
        e.getMessage());
  }

  @Test
  void open_zipEntryWithDotDot_refused(@TempDir Path tmp) throws Exception {
    Path p = write(tmp, "t.zip", zip(realWith("../../evil.sh", new byte[] {1})));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p + ": unsafe zip entry name '../../evil.sh' (absolute path or '..': path" + " traversal)",
        e.getMessage());
  }

  @Test
  void open_zipEntryAbsolute_refused(@TempDir Path tmp) throws Exception {
    Path p = write(tmp, "a.zip", zip(realWith("/etc/cron.d/evil", new byte[] {1})));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p
            + ": unsafe zip entry name '/etc/cron.d/evil' (absolute path or '..': path"
            + " traversal)",
        e.getMessage());
  }

  @Test
  void open_metadataRelativePathEscapingDirectory_refused(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("d");
    DepotsRealFixturesTest.unpack(Fixtures.real(COMPONENT), dir);
    Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(COMPONENT)));
    for (Map.Entry<String, byte[]> e : meta.entrySet()) {
      e.setValue(
          new String(e.getValue(), StandardCharsets.UTF_8)
              .replace(VIB_PATH, "../../../etc/passwd")
              .getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve("metadata.zip"), zip(meta));
    FormatException e = assertThrows(FormatException.class, () -> open(dir.toString()));
    assertEquals(
        dir + ": unsafe path '../../../etc/passwd' outside the depot (path traversal)",
        e.getMessage());
  }

  @Test
  void open_zipBombByRatio_refused(@TempDir Path tmp) throws Exception {
    byte[] big = new byte[8 << 20];
    Arrays.fill(big, (byte) ' ');
    byte[] bundle = zip(realWithMetadata("vmware.xml", big));
    Path p = write(tmp, "bomb.zip", bundle);
    byte[] meta = RealZips.members(p).get("metadata.zip");
    long packed;
    try (ZipFile z =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(meta)).get()) {
      packed = z.getEntry("vmware.xml").getCompressedSize();
    }
    DepotOptions o = DepotOptions.defaults().withLimits(1L << 30, 1L << 30, 100);
    FormatException e = assertThrows(FormatException.class, () -> open(o, p.toString()));
    assertEquals(
        p
            + "!metadata.zip!vmware.xml: compression ratio "
            + (big.length / packed)
            + ":1 exceeds 100:1 ("
            + big.length
            + " bytes from "
            + packed
            + "; zip bomb?)",
        e.getMessage());
  }

  @Test
  void open_zipBombLyingSize_stopsAtDeclaredSize(@TempDir Path tmp) throws Exception {
    byte[] big = new byte[4 << 20];
    Arrays.fill(big, (byte) ' ');
    byte[] meta = zip(new LinkedHashMap<>(Map.of("vmware.xml", big)));
    // declare 100 bytes in both the local header (offset 22) and the central directory (24)
    patchSize(meta, new byte[] {'P', 'K', 3, 4}, 22, 100);
    patchSize(meta, new byte[] {'P', 'K', 1, 2}, 24, 100);
    Path p = write(tmp, "lie.zip", zip(realWith("metadata.zip", meta)));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p
            + "!metadata.zip!vmware.xml: inflates beyond its declared size of 100 bytes"
            + " (zip bomb?)",
        e.getMessage());
  }

  private static void patchSize(byte[] zip, byte[] sig, int field, int value) {
    for (int i = 0; i + 4 <= zip.length; i++) {
      if (zip[i] == sig[0]
          && zip[i + 1] == sig[1]
          && zip[i + 2] == sig[2]
          && zip[i + 3] == sig[3]) {
        for (int k = 0; k < 4; k++) {
          zip[i + field + k] = (byte) (value >>> (8 * k));
        }
        return;
      }
    }
    throw new IllegalStateException("signature not found");
  }

  @Test
  void open_truncatedZipAtManyOffsets_oneLineEach(@TempDir Path tmp) throws Exception {
    byte[] real = Files.readAllBytes(Fixtures.real(COMPONENT));
    Path p = tmp.resolve("cut.zip");
    int tested = 0;
    for (int cut = 0; cut < real.length; cut += (cut < 64 ? 1 : 9973)) {
      Files.write(p, Arrays.copyOf(real, cut));
      FormatException e =
          assertThrows(FormatException.class, () -> open(p.toString()), "cut at " + cut);
      String m = e.getMessage();
      assertFalse(m.contains("\n"), m);
      if (cut == 0) {
        assertEquals(p + ": not a depot: empty file", m);
      } else if (cut < 4) {
        assertTrue(m.startsWith(p + ": not a depot: "), m);
      } else {
        assertTrue(m.startsWith(p + ": corrupt or truncated zip archive ("), cut + ": " + m);
      }
      tested++;
    }
    for (int cut : new int[] {real.length - 22, real.length - 1}) {
      Files.write(p, Arrays.copyOf(real, cut));
      FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
      assertTrue(
          e.getMessage().startsWith(p + ": corrupt or truncated zip archive ("), e.getMessage());
    }
    assertTrue(tested > 90);
  }

  @Test
  void open_vibSizeDiffersFromMetadata_sizeMismatch(@TempDir Path tmp) throws Exception {
    byte[] vib = RealZips.members(Fixtures.real(COMPONENT)).get(VIB_PATH);
    byte[] longer = Arrays.copyOf(vib, vib.length + 1);
    Path p = write(tmp, "s.zip", zip(realWith(VIB_PATH, longer)));
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p
            + "!"
            + VIB_PATH
            + ": size mismatch: actual "
            + longer.length
            + " bytes != expected "
            + vib.length
            + " bytes (depot metadata)",
        e.getMessage());
    Path dir = tmp.resolve("d");
    DepotsRealFixturesTest.unpack(Fixtures.real(COMPONENT), dir);
    Files.write(dir.resolve(VIB_PATH), Arrays.copyOf(vib, vib.length - 10));
    e = assertThrows(FormatException.class, () -> open(dir.toString()));
    assertEquals(
        dir.resolve(VIB_PATH)
            + ": size mismatch: actual "
            + (vib.length - 10)
            + " bytes != expected "
            + vib.length
            + " bytes (depot metadata)",
        e.getMessage());
  }

  @Test
  void open_vibMissingFromBundle_listedWithWarning(@TempDir Path tmp) throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>(RealZips.members(Fixtures.real(COMPONENT)));
    m.remove(VIB_PATH);
    Path p = write(tmp, "novib.zip", zip(m));
    List<org.esxforge.event.BuildEvent> events = new java.util.ArrayList<>();
    try (Catalog c =
        Depots.open(
            List.of(p.toString()), DepotOptions.defaults(), EventHandlers.of(events::add))) {
      CatalogVib v = c.vibs().values().iterator().next();
      assertEquals(null, v.signed());
      FormatException e = assertThrows(FormatException.class, () -> v.source().open());
      assertEquals(
          p + "!" + VIB_PATH + ": VIB listed in the depot metadata is missing", e.getMessage());
      assertTrue(
          events.contains(
              org.esxforge.event.LogEvent.warn(
                  p + "!" + VIB_PATH + ": VIB listed in the depot metadata is missing")),
          events.toString());
    }
  }

  @Test
  void open_vibNotAnArchive_signedUnknownWithWarning(@TempDir Path tmp) throws Exception {
    byte[] vib = RealZips.members(Fixtures.real(COMPONENT)).get(VIB_PATH);
    Path p = write(tmp, "junk.zip", zip(realWith(VIB_PATH, new byte[vib.length])));
    List<org.esxforge.event.BuildEvent> events = new java.util.ArrayList<>();
    try (Catalog c =
        Depots.open(
            List.of(p.toString()), DepotOptions.defaults(), EventHandlers.of(events::add))) {
      assertEquals(null, c.vibs().values().iterator().next().signed());
      assertTrue(
          events.contains(
              org.esxforge.event.LogEvent.warn(
                  p + "!" + VIB_PATH + "@0: not an ar archive (no !<arch> magic)")),
          events.toString());
    }
  }

  @Test
  void open_isoWithoutImageDatabase_notADepot(@TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("VMware-VMvisor-Installer-8.0U3.x86_64.iso");
    org.esxforge.iso.IsoWriters.builtin()
        .write(
            org.esxforge.iso.IsoImage.builder()
                .volumeId("DATA")
                .addFile(
                    org.esxforge.iso.IsoPath.parse("/README.TXT"),
                    org.esxforge.iso.IsoSource.bytes("hi".getBytes(StandardCharsets.US_ASCII)))
                .build(),
            p);
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(
        p
            + ": not a depot: ISO 9660 image without IMGDB.TGZ (not an ESXi installer"
            + " ISO; give an installer ISO, an offline bundle zip or a depot)",
        e.getMessage());
  }

  @Test
  void open_truncatedIso_oneLine(@TempDir Path tmp) throws Exception {
    byte[] iso = new byte[40960];
    iso[32768] = 1;
    System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, 32769, 5);
    iso[32774] = 1;
    Path p = write(tmp, "broken.iso", iso);
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void open_otherNonDepots_oneLineEach(@TempDir Path tmp) throws Exception {
    Path text = write(tmp, "notes.zip", "just some notes\n".getBytes(StandardCharsets.UTF_8));
    assertMessage(text + ": not a depot: text file", text);
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertMessage(empty + ": not a depot: empty directory", empty);
    Path random =
        write(
            tmp,
            "random.zip",
            zip(new LinkedHashMap<>(Map.of("readme.txt", new byte[] {'h', 'i'}))));
    assertMessage(
        random
            + ": not a depot: zip archive without index.xml, vendor-index.xml or a"
            + " wrapped offline bundle",
        random);
    Path nothing = write(tmp, "nothing.vib", new byte[0]);
    assertMessage(nothing + ": not a depot: empty file", nothing);
    Path gz = write(tmp, "x.tgz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
    assertMessage(gz + ": not a depot: gzip data", gz);
    Path xml = write(tmp, "pom.xml", "<project/>".getBytes(StandardCharsets.UTF_8));
    assertMessage(
        xml + ": not a depot: XML document that is not a depot index (no <vendorList>)", xml);
    Path meta =
        write(tmp, "metadata.zip", RealZips.members(Fixtures.real(COMPONENT)).get("metadata.zip"));
    assertMessage(
        meta
            + ": not a depot: a metadata zip (give the offline bundle or depot that"
            + " contains it)",
        meta);
  }

  private static void assertMessage(String expected, Path p) {
    FormatException e = assertThrows(FormatException.class, () -> open(p.toString()));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void open_wrappedBundle_unwrapped(@TempDir Path tmp) throws Exception {
    Path inner = Fixtures.real("ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip");
    Map<String, byte[]> outer = new LinkedHashMap<>();
    outer.put("README.txt", "Install with esxcli".getBytes(StandardCharsets.UTF_8));
    outer.put(
        "ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip", Files.readAllBytes(inner));
    Path p = write(tmp, "fling.zip", zip(outer));
    Path temps = Files.createDirectory(tmp.resolve("t"));
    DepotOptions o = DepotOptions.defaults().withTempDir(temps);
    try (Catalog w = open(o, p.toString());
        Catalog d = open(inner.toString())) {
      CatalogAssert.sameContent(d, w);
      assertEquals(DepotKind.WRAPPED_BUNDLE, w.depots().get(0).kind());
      assertEquals(1, DepotsRealFixturesTest.list(temps).size());
    }
    assertEquals(0, DepotsRealFixturesTest.list(temps).size());
  }
}
