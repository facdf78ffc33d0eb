package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class VendorIndexXmlTest {

  @Test
  void parseWrite_everyRealBundleAndMetadataCopy_byteExact() throws Exception {
    for (Path zip : RealZips.bundles()) {
      byte[] real = RealZips.members(zip).get("vendor-index.xml");
      assertArrayEquals(
          real, VendorIndexXml.write(VendorIndexXml.parse(real, "v")), zip.toString());
      byte[] inner = RealZips.metadata(zip).get("vendor-index.xml");
      assertArrayEquals(inner, VendorIndexXml.write(VendorIndexXml.parse(inner, "v")));
    }
  }

  @Test
  void write_vmwareEntry_matchesRealSample() throws Exception {
    byte[] real =
        RealZips.members(Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"))
            .get("vendor-index.xml");
    byte[] ours =
        VendorIndexXml.write(
            new VendorIndex(List.of(VendorIndex.Metadata.of("8.0", "metadata.zip"))));
    assertArrayEquals(real, ours);
  }

  @Test
  void parse_vfront_threeEntriesWithPatchUrl() throws Exception {
    Map<String, byte[]> m =
        RealZips.members(Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip"));
    VendorIndex vi = VendorIndexXml.parse(m.get("vendor-index.xml"), "v");
    assertEquals(3, vi.metadata().size());
    assertEquals(
        List.of("5.*", "6.0.0", "6.5.0"),
        vi.metadata().stream().map(VendorIndex.Metadata::version).toList());
    assertEquals("Realtek-net55-r8168-8.045a-napi-metadata.zip", vi.metadata().get(0).url());
    assertEquals("", vi.metadata().get(0).patchUrl());
  }

  @Test
  void parse_vendorRoot_collectsNestedMetadata() throws Exception {
    String xml =
        "<vendor><x><metadata><productId>embeddedEsx</productId><version>6.*</version>"
            + "<url>http://h/m.zip</url></metadata></x><metadata><url>b.zip</url></metadata></vendor>";
    VendorIndex vi = VendorIndexXml.parse(xml.getBytes(StandardCharsets.UTF_8), "v");
    assertEquals(2, vi.metadata().size());
    assertEquals("http://h/m.zip", vi.metadata().get(0).url());
    assertNull(vi.metadata().get(0).patchUrl());
    assertEquals("b.zip", vi.metadata().get(1).url());
  }
}
