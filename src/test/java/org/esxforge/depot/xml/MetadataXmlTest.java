package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.FormatException;
import org.esxforge.model.Constraint;
import org.esxforge.model.Relation;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class MetadataXmlTest {

  @Test
  void parse_everyRealBundle_matchesDom() throws Exception {
    for (Path zip : RealZips.bundles()) {
      byte[] real = RealZips.metadata(zip).get("vmware.xml");
      MetadataDocument doc = MetadataXml.parse(real, zip + "!vmware.xml");
      Element root = Dom.parse(real);
      assertEquals("3.0", doc.version());
      assertEquals(Dom.childText(root, "timestamp"), doc.timestamp());
      List<Element> bulletins = Dom.children(root, "bulletin");
      assertEquals(bulletins.size(), doc.bulletins().size());
      List<Element> vibs = new ArrayList<>();
      for (Element b : bulletins) {
        vibs.addAll(Dom.children(Dom.children(b, "vibList").get(0), "vib"));
      }
      assertEquals(vibs.size(), doc.vibs().size(), zip.toString());
      for (int i = 0; i < vibs.size(); i++) {
        Element v = vibs.get(i);
        VibSummary s = doc.vibs().get(i);
        assertEquals(Dom.childText(v, "vibID"), s.id().value());
        assertEquals(Dom.texts(v, "relativePath").get(0), s.relativePath());
        assertEquals(Long.parseLong(Dom.texts(v, "packedSize").get(0)), s.packedSize());
        assertEquals(Dom.texts(v, "checksum").get(1), s.sha256().hex());
        assertEquals(Dom.texts(v, "tag"), s.softwareTags());
        assertEquals(
            v.getElementsByTagName("constraint").getLength(),
            s.relationships().depends().size()
                + s.relationships().conflicts().size()
                + s.relationships().replaces().size());
        assertTrue(s.maintenanceMode());
      }
    }
  }

  @Test
  void parseWrite_vmwareBundles_byteExact() throws Exception {
    int exact = 0;
    for (Path zip : RealZips.bundles()) {
      byte[] real = RealZips.metadata(zip).get("vmware.xml");
      MetadataDocument doc = MetadataXml.parse(real, "vmware.xml");
      Map<VibId, VibSummary> vibs = new LinkedHashMap<>();
      doc.vibs().forEach(s -> vibs.put(s.id(), s));
      Instant ts = MetadataXml.parseTimestamp(doc.timestamp(), "t");
      boolean any = false;
      for (AttributeOrder o : AttributeOrder.values()) {
        byte[] ours = MetadataXml.write(doc.bulletins(), vibs, ts, o);
        any |= Arrays.equals(real, ours);
        // whatever the bytes, the meaning survives
        MetadataDocument again = MetadataXml.parse(ours, "ours");
        assertEquals(doc, again, zip.toString());
      }
      if (any) {
        exact++;
      } else {
        // only v-front's VIB2ZIP writes relationships/tags inline on one line
        assertTrue(zip.getFileName().toString().startsWith("net55"), zip.toString());
      }
    }
    assertEquals(RealZips.bundles().size() - 1, exact);
  }

  @Test
  void write_fromVibsXmlDescriptors_reproducesRealVmwareXml() throws Exception {
    List<String> differ = new ArrayList<>();
    for (Path zip : RealZips.bundles()) {
      int exact = 0;
      Map<String, byte[]> meta = RealZips.metadata(zip);
      MetadataDocument doc = MetadataXml.parse(meta.get("vmware.xml"), "vmware.xml");
      Map<VibId, VibSummary> vibs = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> e : RealZips.under(meta, "vibs/")) {
        VibSummary s =
            VibSummary.of(org.esxforge.vib.DescriptorXml.parseMetadata(e.getValue(), e.getKey()));
        vibs.put(s.id(), s);
      }
      Instant ts = MetadataXml.parseTimestamp(doc.timestamp(), "t");
      for (AttributeOrder o : AttributeOrder.values()) {
        if (Arrays.equals(
            meta.get("vmware.xml"), MetadataXml.write(doc.bulletins(), vibs, ts, o))) {
          exact++;
          break;
        }
      }
      if (exact == 0) {
        differ.add(zip.getFileName().toString());
      }
    }
    // every VMware-made bundle (6.7 to 9.0) is reproduced; the hand-made lsimr3 bundle and
    // v-front's VIB2ZIP write summaries their own way
    assertEquals(
        List.of("lsimr3-mod-offline-bundle-8x.zip", "net55-r8168-8.045a-napi-offline_bundle.zip"),
        differ);
  }

  /** Streamed in pieces, {@code vmware.xml} is byte for byte the document written whole. */
  @Test
  void writeTo_everyRealBundle_sameBytesAsWrite() throws Exception {
    for (Path zip : RealZips.bundles()) {
      MetadataDocument doc =
          MetadataXml.parse(RealZips.metadata(zip).get("vmware.xml"), "vmware.xml");
      Map<VibId, VibSummary> vibs = new LinkedHashMap<>();
      doc.vibs().forEach(s -> vibs.put(s.id(), s));
      Instant ts = MetadataXml.parseTimestamp(doc.timestamp(), "t");
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      MetadataXml.writeTo(doc.bulletins(), vibs, ts, out);
      assertTrue(
          Arrays.equals(MetadataXml.write(doc.bulletins(), vibs, ts), out.toByteArray()),
          zip.toString());
    }
  }

  /**
   * An emitter with a sink hands on the same UTF-8 bytes as one kept whole, whichever character
   * (ASCII, two-byte, or either half of a surrogate pair) a piece boundary falls on.
   */
  @Test
  void emitterWithSink_piecesAcrossMultiByteCharacters_sameBytes() throws Exception {
    for (int shift = 0; shift < 12; shift++) {
      java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
      XmlEmitter whole = new XmlEmitter(true);
      XmlEmitter pieces = new XmlEmitter(true, sink);
      for (XmlEmitter x : List.of(whole, pieces)) {
        x.start("root");
        for (int i = 0; i < 3000; i++) {
          x.start("e", "n", Integer.toString(i))
              .leaf("t", "x".repeat((i * 7 + shift) % 31) + "\u00e9\ud834\udd1e&<>" + i)
              .end();
        }
        x.end();
      }
      pieces.finish();
      byte[] want = whole.toBytes();
      assertTrue(want.length > 3 * XmlEmitter.PIECE, want.length + " bytes");
      assertTrue(Arrays.equals(want, sink.toByteArray()), "shift " + shift);
    }
  }

  @Test
  void parse_vfrontMaintenanceModeHyphen_read() throws Exception {
    String xml =
        "<metadataResponse><version>3.0</version><bulletin><id>b</id><vibList><vib>"
            + "<vibID>V_bootbank_n_1.0-1</vibID><systemReqs><maintenance-mode>true</maintenance-mode>"
            + "</systemReqs><relationships><depends><constraint name=\"esx-version\" relation=\"&gt;=\""
            + " version=\"7.0.0\"/></depends></relationships></vib></vibList></bulletin>"
            + "</metadataResponse>";
    MetadataDocument d = MetadataXml.parse(xml.getBytes(StandardCharsets.UTF_8), "m");
    VibSummary s = d.vibs().get(0);
    assertTrue(s.maintenanceMode());
    assertEquals(-1, s.packedSize());
    assertEquals(
        List.of(new Constraint("esx-version", Relation.GE, new SoftwareVersion("7.0.0"))),
        s.relationships().depends());
    assertEquals(List.of(new VibId("V_bootbank_n_1.0-1")), d.bulletins().get(0).vibIds());
  }

  @Test
  void parse_vfrontBundle_rootLevelVibPath() throws Exception {
    byte[] real =
        RealZips.metadata(Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip"))
            .get("vmware.xml");
    VibSummary s = MetadataXml.parse(real, "m").vibs().get(0);
    assertEquals("net55-r8168-8.045a-napi.x86_64.vib", s.relativePath());
    assertEquals(1142562, s.packedSize());
    assertEquals(1, s.relationships().conflicts().size());
    assertNotNull(s.sha256());
  }

  @Test
  void write_missingSummary_throws() throws Exception {
    byte[] real =
        RealZips.metadata(
                Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"))
            .get("vmware.xml");
    MetadataDocument d = MetadataXml.parse(real, "m");
    assertThrows(
        IllegalArgumentException.class,
        () -> MetadataXml.write(d.bulletins(), Map.of(), Instant.EPOCH));
  }

  @Test
  void parse_badChecksum_oneLine() {
    String xml =
        "<metadataResponse><bulletin><id>b</id><vibList><vib><vibID>V_t_n_1</vibID>"
            + "<vibFile><checksum><checksumType>sha-256</checksumType><checksum>zz</checksum>"
            + "</checksum></vibFile></vib></vibList></bulletin></metadataResponse>";
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> MetadataXml.parse(xml.getBytes(StandardCharsets.UTF_8), "m.xml"));
    assertEquals("m.xml!b!V_t_n_1: invalid vibFile checksum 'zz'", e.getMessage());
  }
}
