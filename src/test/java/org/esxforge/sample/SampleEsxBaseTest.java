package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The sample esx-base against the real one in the fixture, compared with plain DOM. */
class SampleEsxBaseTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void payloads_sampleEsxBase_equalRealNamesTypesBootOrderVfatName() throws Exception {
    VibSpec spec = SampleModel.load(SampleModel.ESXI_70_GA).vib("esx-base");
    BuiltVib vib =
        SampleVibBuilder.build(
            spec,
            BootImages.placeholders("test"),
            Instant.parse("2020-03-16T10:48:52Z"),
            false,
            (xml, level) -> new byte[0]);
    java.nio.file.Path file = tmp.resolve("esx-base.vib");
    Files.write(file, vib.bytes());
    byte[] descriptor;
    try (VibFile f = VibFile.open(file)) {
      descriptor = f.descriptorBytes();
    }
    List<String> sample = payloadRows(descriptor);
    List<String> real =
        payloadRows(
            Files.readAllBytes(
                Fixtures.real("esximg-7.0-hpe-host/vibs/esx-base-699708918229420497.xml")));
    // the real payloads with their attributes, in the real descriptor order: VMware's boot
    // order (docs/formats.md §8.1) turns s, sb, tpm, vim, vmx into vmx vim tpm sb s by itself
    assertEquals(real, sample);
    assertEquals(30, sample.size());
    assertEquals(
        List.of("s vgz 100 -", "sb vgz 100 -", "tpm vgz 100 -", "vim vgz 100 -", "vmx vgz 100 -"),
        sample.stream().filter(r -> r.contains(" 100 ")).toList());
    assertEquals(AcceptanceLevel.CERTIFIED, vib.descriptor().acceptanceLevel());
  }

  @Test
  void build_spooledToAFile_sameBytesAndDigestAsInMemory() throws Exception {
    VibSpec spec = SampleModel.load(SampleModel.ESXI_70_GA).vib("esx-base");
    Instant t = Instant.parse("2020-03-16T10:48:52Z");
    BootImages boot = BootImages.placeholders("test");
    BuiltVib inMemory =
        SampleVibBuilder.build(
            spec, boot, t, false, (xml, level) -> new byte[0], SampleSize.STANDARD);
    java.nio.file.Path spool = tmp.resolve("0.vib");
    BuiltVib spooled =
        SampleVibBuilder.build(
            spec, boot, t, false, (xml, level) -> new byte[0], SampleSize.STANDARD, spool);

    byte[] bytes = inMemory.bytes();
    assertArrayEquals(bytes, Files.readAllBytes(spool));
    assertArrayEquals(bytes, spooled.bytes());
    assertEquals(bytes.length, spooled.size());
    assertEquals(inMemory.sha256(), spooled.sha256());
    assertEquals(org.esxforge.io.Sha256.ofFile(spool), spooled.sha256());
    java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
    spooled.source().writeTo(copy);
    assertArrayEquals(bytes, copy.toByteArray());
    assertEquals(bytes.length, spooled.source().size());
  }

  @Test
  void checksumKinds_sampleEsxBase_equalRealPerPayload() throws Exception {
    VibSpec spec = SampleModel.load(SampleModel.ESXI_70_GA).vib("esx-base");
    BuiltVib vib =
        SampleVibBuilder.build(
            spec,
            BootImages.placeholders("test"),
            Instant.parse("2020-03-16T10:48:52Z"),
            false,
            (xml, level) -> new byte[0]);
    Map<String, List<String>> real =
        checksumKinds(
            Files.readAllBytes(
                Fixtures.real("esximg-7.0-hpe-host/vibs/esx-base-699708918229420497.xml")));
    Map<String, List<String>> sample = new TreeMap<>();
    vib.descriptor()
        .payloads()
        .forEach(
            p ->
                sample.put(
                    p.name(),
                    p.checksums().stream().map(c -> c.type() + "/" + c.verifyProcess()).toList()));
    assertEquals(real, sample);
    // efiboot.img keeps its real size: exactly 1 MiB
    assertEquals(1 << 20, vib.descriptor().payload("efiboot.img").size());
    assertArrayEquals(
        new byte[] {0x1f, (byte) 0x8b}, java.util.Arrays.copyOf(payload(vib, "s"), 2));
  }

  private static byte[] payload(BuiltVib vib, String name) throws Exception {
    java.nio.file.Path f = Files.createTempFile("vib", ".vib");
    try {
      Files.write(f, vib.bytes());
      try (VibFile v = VibFile.open(f);
          var in = v.openMember(name)) {
        return in.readAllBytes();
      }
    } finally {
      Files.delete(f);
    }
  }

  private static List<String> payloadRows(byte[] xml) throws Exception {
    List<String> rows = new ArrayList<>();
    NodeList ps =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml))
            .getElementsByTagName("payload");
    for (int i = 0; i < ps.getLength(); i++) {
      Element p = (Element) ps.item(i);
      rows.add(
          p.getAttribute("name")
              + " "
              + p.getAttribute("type")
              + " "
              + (p.hasAttribute("boot-order") ? p.getAttribute("boot-order") : "-")
              + " "
              + (p.hasAttribute("vfat-name") ? p.getAttribute("vfat-name") : "-"));
    }
    assertTrue(!rows.isEmpty());
    return rows;
  }

  private static Map<String, List<String>> checksumKinds(byte[] xml) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    NodeList ps =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml))
            .getElementsByTagName("payload");
    for (int i = 0; i < ps.getLength(); i++) {
      Element p = (Element) ps.item(i);
      List<String> kinds = new ArrayList<>();
      NodeList cs = p.getElementsByTagName("checksum");
      for (int k = 0; k < cs.getLength(); k++) {
        Element c = (Element) cs.item(k);
        kinds.add(c.getAttribute("checksum-type") + "/" + c.getAttribute("verify-process"));
      }
      out.put(p.getAttribute("name"), kinds);
    }
    return out;
  }
}
