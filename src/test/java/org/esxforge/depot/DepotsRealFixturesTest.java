package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotsRealFixturesTest {
  /** Online files (a bundle whose VIBs live at absolute URLs) come through the one HTTP stack. */
  private static final DepotFetcher HTTP =
      org.esxforge.testing.TestSessions.fetcher(
          java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10));

  static Catalog open(String... locations) throws Exception {
    return Depots.open(List.of(locations), DepotOptions.defaults(), EventHandlers.none(), HTTP);
  }

  @Test
  void open_everyRealBundle_listsWhatItsMetadataDeclares() throws Exception {
    for (Path zip : RealZips.bundles()) {
      Independent.Bundle expected = Independent.read(zip);
      Map<String, byte[]> members = RealZips.members(zip);
      try (Catalog c = open(zip.toString())) {
        assertEquals(
            expected.vibs().keySet(),
            c.vibs().keySet().stream()
                .map(Object::toString)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
            zip.toString());
        for (CatalogVib v : c.vibs().values()) {
          Independent.Vib e = expected.vibs().get(v.id().value());
          assertEquals(e.relativePath(), v.relativePath());
          assertEquals(e.packedSize(), v.packedSize());
          assertEquals(e.sha256(), v.sha256().hex());
          assertEquals(e.signed(), v.signed(), v.id().value());
          assertEquals(Set.of(zip.toString()), v.depots());
          byte[] bytes;
          try (InputStream in = v.source().open()) {
            bytes = in.readAllBytes();
          }
          assertEquals(e.sha256(), Independent.sha256(bytes));
          assertEquals(Independent.sha256(members.get(e.relativePath())), e.sha256());
          // its own descriptor.xml, parsed once with the digest of exactly those bytes (for
          // verification to reuse); one object with the metadata's when the two are equal
          org.esxforge.vib.ParsedDescriptor own = v.signedDescriptor();
          assertNotNull(own, v.id().value());
          assertEquals(Independent.sha256(Independent.descriptorBytes(bytes)), own.sha256().hex());
          if (own.descriptor().equals(v.metadata())) {
            assertSame(v.metadata(), own.descriptor());
          }
        }
        assertEquals(
            expected.bulletins(),
            new java.util.LinkedHashSet<>(c.bulletins().stream().map(Bulletin::id).toList()));
        DepotInfo info = c.depots().get(0);
        assertEquals(
            expected.allComponents() ? DepotKind.COMPONENT : DepotKind.OFFLINE_BUNDLE,
            info.kind(),
            zip.toString());
        assertEquals(expected.vibs().size(), info.vibCount());
        assertTrue(c.profiles().isEmpty());
        // none of the real bundles and component zips carries a 7.0+ release unit (base image,
        // add-on, manifest, solution): their metadata.zip members are vibs/, bulletins/ and
        // vmware.xml only, so manifests and solutions are tested on the sample add-on depot
        assertEquals(List.of(), c.releaseUnits(), zip.toString());
      }
    }
  }

  @Test
  void open_looseVibs_ownDescriptorNoChecksum() throws Exception {
    for (String name : List.of("net-r8125-9.011.00-10.vib", "lsimr3-mod-8x.vib")) {
      Path p = Fixtures.real(name);
      byte[] bytes = Files.readAllBytes(p);
      Map<String, String> d = Independent.looseDescriptor(bytes);
      try (Catalog c = open(p.toString())) {
        assertEquals(1, c.vibs().size());
        CatalogVib v = c.vibs().values().iterator().next();
        assertEquals(
            d.get("vendor") + "_" + d.get("type") + "_" + d.get("name") + "_" + d.get("version"),
            v.id().value());
        assertEquals(d.get("acceptance-level"), v.descriptor().acceptanceLevel().xmlValue());
        assertNull(v.sha256());
        assertEquals(bytes.length, v.packedSize());
        assertEquals(Independent.signatureSize(bytes) > 0, v.signed());
        assertEquals(new LocalRegion(p, 0, bytes.length), v.source().localRegion().orElseThrow());
        assertEquals(p, v.source().materialize(p.getParent()));
        assertEquals(DepotKind.VIB, c.depots().get(0).kind());
      }
    }
  }

  @Test
  void open_vfrontBundle_vibAtRootCustomMetadataName() throws Exception {
    Path zip = Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip");
    try (Catalog c = open(zip.toString())) {
      DepotInfo info = c.depots().get(0);
      assertEquals(
          List.of("5.*", "6.0.0", "6.5.0"),
          info.metadata().stream().map(DepotInfo.MetadataEntry::version).toList());
      assertEquals("Realtek-net55-r8168-8.045a-napi-metadata.zip", info.metadata().get(0).url());
      CatalogVib v = c.vibsNamed("net55-r8168").get(0);
      assertEquals("net55-r8168-8.045a-napi.x86_64.vib", v.relativePath());
      assertEquals(Boolean.FALSE, v.signed());
      assertEquals("community", v.descriptor().acceptanceLevel().xmlValue());
    }
  }

  @Test
  void open_unpackedDirectory_sameCatalogAsZipWithLocalRegions(@TempDir Path tmp) throws Exception {
    for (Path zip : RealZips.bundles()) {
      Path dir = tmp.resolve(zip.getFileName().toString() + ".d");
      unpack(zip, dir);
      try (Catalog z = open(zip.toString());
          Catalog d = open(dir.toString())) {
        CatalogAssert.sameContent(z, d);
        assertEquals(DepotKind.DIRECTORY, d.depots().get(0).kind());
        for (CatalogVib v : d.vibs().values()) {
          LocalRegion r = v.source().localRegion().orElseThrow();
          assertEquals(dir.resolve(v.relativePath()), r.file());
          assertEquals(v.packedSize(), r.length());
        }
      }
    }
  }

  @Test
  void open_twoDepotsSameVib_oneEntryWithBothDepots(@TempDir Path tmp) throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Path other =
        Fixtures.real("nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip");
    Path dir = tmp.resolve("d");
    unpack(zip, dir);
    try (Catalog c = open(zip.toString(), dir.toString(), other.toString())) {
      assertEquals(3, c.depots().size());
      assertEquals(2, c.vibs().size());
      CatalogVib usb = c.vibsNamed("vmkusb-nic-fling").get(0);
      assertEquals(Set.of(zip.toString(), dir.toString()), usb.depots());
      assertTrue(usb.source().describe().startsWith(zip.toString() + "!"));
      assertEquals(2, c.bulletins().size());
    }
  }

  @Test
  void vibsNamed_severalVersions_newestFirst() throws Exception {
    try (Catalog c =
        open(
            Fixtures.real("ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip")
                .toString(),
            Fixtures.real("ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip").toString(),
            Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip")
                .toString())) {
      List<String> versions = new ArrayList<>();
      c.vibsNamed("vmkusb-nic-fling").forEach(v -> versions.add(v.descriptor().version().text()));
      assertEquals(
          List.of(
              "2.1-6vmw.670.2.48.39203948",
              "1.15-1vmw.900.0.84947163",
              "1.14-1vmw.803.0.0.75399077"),
          versions);
      assertTrue(c.vib(c.vibsNamed("vmkusb-nic-fling").get(0).id()).isPresent());
    }
  }

  @Test
  void open_nonDepotFixtures_oneLineEach() throws Exception {
    Path readme = Fixtures.real("README.md");
    FormatException e = assertThrows(FormatException.class, () -> open(readme.toString()));
    assertEquals(readme + ": not a depot: text file", e.getMessage());
    Path host = Fixtures.real("esximg-7.0-hpe-host");
    e = assertThrows(FormatException.class, () -> open(host.toString()));
    assertEquals(
        host
            + ": not a depot: directory without index.xml, vmw-depot-index.xml or"
            + " vendor-index.xml, and without .vib files or bundle/component zips",
        e.getMessage());
    Path bootcfg = Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg");
    e = assertThrows(FormatException.class, () -> open(bootcfg.toString()));
    assertEquals(bootcfg + ": not a depot: text file", e.getMessage());
  }

  @Test
  void open_missingPath_depotAccess() {
    DepotAccessException e =
        assertThrows(DepotAccessException.class, () -> open("/nonexistent/bundle.zip"));
    assertEquals("/nonexistent/bundle.zip: no such file or directory", e.getMessage());
  }

  static void unpack(Path zip, Path dir) throws Exception {
    for (Map.Entry<String, byte[]> e : RealZips.members(zip).entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
  }

  static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
