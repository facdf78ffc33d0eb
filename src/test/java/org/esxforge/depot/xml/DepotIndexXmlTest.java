package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.esxforge.io.FormatException;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class DepotIndexXmlTest {

  @Test
  void write_vmware80Component_reproducesRealBytes() throws Exception {
    byte[] real =
        RealZips.members(Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"))
            .get("index.xml");
    assertEquals(319, real.length);
    DepotIndex idx = DepotIndexXml.parse(real, "index.xml");
    assertEquals(List.of(DepotIndex.Vendor.offline("VMware", "VMX")), idx.vendors());
    assertArrayEquals(real, DepotIndexXml.write(idx));
    assertArrayEquals(
        real,
        DepotIndexXml.write(new DepotIndex(List.of(DepotIndex.Vendor.offline("VMware", "VMX")))));
  }

  @Test
  void parseWrite_everyRealBundle_roundTripsExceptComments() throws Exception {
    for (Path zip : RealZips.bundles()) {
      byte[] real = RealZips.members(zip).get("index.xml");
      DepotIndex idx = DepotIndexXml.parse(real, zip + "!index.xml");
      String text = new String(real, StandardCharsets.UTF_8);
      String expected = text.replaceAll("\n *<!--[^\n]*-->", "");
      assertEquals(
          expected, new String(DepotIndexXml.write(idx), StandardCharsets.UTF_8), zip.toString());
    }
  }

  @Test
  void parse_vfrontWithComment_ignoresComment() throws Exception {
    Map<String, byte[]> m =
        RealZips.members(Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip"));
    DepotIndex idx = DepotIndexXml.parse(m.get("index.xml"), "index.xml");
    assertEquals(List.of(DepotIndex.Vendor.offline("Realtek", "RTL")), idx.vendors());
  }

  @Test
  void parse_severalVendorsAbsolutePaths_keepsAll() throws Exception {
    String xml =
        "<vendorList><vendor><name>VMware</name><code>VMW</code>"
            + "<indexfile>vmw-esx-index.xml</indexfile><patchUrl>https://h/x/</patchUrl>"
            + "<relativePath>esx/vmw/</relativePath><content><name>VMware ESX</name>"
            + "<type>http://www.vmware.com/depotmanagement/esx</type></content></vendor>"
            + "<vendor><name>Intel</name><code>INTL</code><indexfile>i.xml</indexfile></vendor>"
            + "</vendorList>";
    DepotIndex idx = DepotIndexXml.parse(xml.getBytes(StandardCharsets.UTF_8), "d");
    assertEquals(2, idx.vendors().size());
    assertEquals("esx/vmw/", idx.vendors().get(0).relativePath());
    assertEquals("https://h/x/", idx.vendors().get(0).patchUrl());
    assertEquals(
        new DepotIndex.Vendor("Intel", "INTL", "i.xml", "", "", "", ""), idx.vendors().get(1));
  }

  @Test
  void parse_noVendor_throwsOneLine() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> DepotIndexXml.parse("<vendorList/>".getBytes(StandardCharsets.UTF_8), "x.xml"));
    assertEquals("x.xml: depot index has no <vendor> element", e.getMessage());
  }

  @Test
  void parse_doctype_refused() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"b\">]><vendorList/>";
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> DepotIndexXml.parse(xml.getBytes(StandardCharsets.UTF_8), "x.xml"));
    assertEquals("x.xml@21: XML with a DOCTYPE or entity declaration is refused", e.getMessage());
  }

  @Test
  void parse_malformed_throwsOneLine() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                DepotIndexXml.parse("<vendorList><vendor>".getBytes(StandardCharsets.UTF_8), "x"));
    assertEquals(false, e.getMessage().contains("\n"), e.getMessage());
    assertEquals(true, e.getMessage().startsWith("x@"), e.getMessage());
  }
}
