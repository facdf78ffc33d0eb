package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.DepotIndexXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotsContentTest {
  private static final String USB80 = "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";
  private static final String NVME70 =
      "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip";

  @Test
  void open_metadataWithProfilesAndBaseImage_listedInCatalog(@TempDir Path tmp) throws Exception {
    Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(USB80)));
    ImageProfile p =
        ImageProfile.builder("ESXi-8.0U3-custom", AcceptanceLevel.PARTNER)
            .creator("esxforge")
            .creationTime(Instant.parse("2024-06-25T07:22:11.326293Z"))
            .vibIds(
                List.of(
                    new org.esxforge.model.VibId(
                        "VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077")))
            .baseImage("ESXi:8.0.3-0.0.24022510")
            .build();
    meta.put("profiles/ESXi-8.0U3-custom.xml", ProfileXml.write(p));
    ReleaseUnit bi =
        new ReleaseUnit(
            "ESXi:8.0.3-0.0.24022510",
            "baseImage",
            "1.0",
            "enhancement",
            "VMware, Inc.",
            "s",
            "d",
            "",
            "certified",
            "2024-06-25T07:22:11.326293+00:00",
            "",
            "",
            "8.0.3-0.0.24022510",
            "8.0 U3",
            new TreeMap<>(Map.of("ESXi", "8.0.3-0.0.24022510")),
            List.of(),
            List.of());
    meta.put(BaseImageJson.memberPath(bi), BaseImageJson.write(bi));
    Path zip = tmp.resolve("depot.zip");
    Files.write(
        zip,
        DepotsHostileTest.zip(
            DepotsHostileTest.realWith("metadata.zip", DepotsHostileTest.zip(meta))));
    try (Catalog c = DepotsRealFixturesTest.open(zip.toString())) {
      assertEquals(List.of(p), c.profiles());
      assertEquals(p, c.profile("ESXi-8.0U3-custom").orElseThrow());
      assertEquals(List.of(bi), c.baseImages());
      assertEquals(List.of(), c.addOns());
      DepotInfo info = c.depots().get(0);
      assertEquals(DepotKind.OFFLINE_BUNDLE, info.kind());
      assertEquals(1, info.profileCount());
      assertEquals(1, info.releaseUnitCount());
    }
  }

  @Test
  void open_directoryWithTwoVendors_bothResolvedByRelativePath(@TempDir Path tmp) throws Exception {
    DepotsRealFixturesTest.unpack(Fixtures.real(USB80), tmp.resolve("vmw"));
    DepotsRealFixturesTest.unpack(Fixtures.real(NVME70), tmp.resolve("community/nvme"));
    DepotIndex index =
        new DepotIndex(
            List.of(
                new DepotIndex.Vendor(
                    "VMware",
                    "VMX",
                    "vendor-index.xml",
                    "",
                    "vmw",
                    "VMware ESX",
                    DepotIndex.ESX_CONTENT_TYPE),
                new DepotIndex.Vendor(
                    "VMware",
                    "VMW",
                    "vendor-index.xml",
                    "",
                    "community/nvme/",
                    "VMware ESX",
                    DepotIndex.ESX_CONTENT_TYPE)));
    Files.write(tmp.resolve("index.xml"), DepotIndexXml.write(index));
    try (Catalog c = DepotsRealFixturesTest.open(tmp.toString());
        Catalog a = DepotsRealFixturesTest.open(Fixtures.real(USB80).toString());
        Catalog b = DepotsRealFixturesTest.open(Fixtures.real(NVME70).toString())) {
      assertEquals(2, c.vibs().size());
      assertTrue(c.vibs().keySet().containsAll(a.vibs().keySet()));
      assertTrue(c.vibs().keySet().containsAll(b.vibs().keySet()));
      DepotInfo info = c.depots().get(0);
      assertEquals(index.vendors(), info.vendors());
      assertEquals(
          List.of("vmw/metadata.zip", "community/nvme/metadata.zip"),
          info.metadata().stream().map(DepotInfo.MetadataEntry::url).toList());
      for (CatalogVib v : c.vibs().values()) {
        Path file = v.source().localRegion().orElseThrow().file();
        assertTrue(
            file.startsWith(
                tmp.resolve(v.id().value().contains("nvme") ? "community/nvme" : "vmw")),
            file.toString());
      }
    }
  }

  @Test
  void open_localIndexXmlFile_itsDirectoryIsTheDepot(@TempDir Path tmp) throws Exception {
    DepotsRealFixturesTest.unpack(Fixtures.real(USB80), tmp);
    try (Catalog c = DepotsRealFixturesTest.open(tmp.resolve("index.xml").toString());
        Catalog z = DepotsRealFixturesTest.open(Fixtures.real(USB80).toString())) {
      CatalogAssert.sameContent(z, c);
    }
  }
}
