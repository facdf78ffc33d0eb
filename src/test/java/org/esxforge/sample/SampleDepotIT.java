package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.Sha256;
import org.esxforge.testing.ExternalTools;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The 7.0 sample depot, written twice, read back independently and verified VIB by VIB. */
class SampleDepotIT {
  @TempDir static Path tmp;
  static SampleDepotResult first;
  static SampleDepotResult second;
  static final List<LogEvent> warnings = Collections.synchronizedList(new ArrayList<>());

  /** Stands in for the project's test kernel in tests that do not boot. */
  static final SampleBoot.KernelBuilder FAKE_KERNEL =
      work -> Optional.of(new Drbg("fake kernel").nextBytes(5000));

  @BeforeAll
  static void writeTwice() throws Exception {
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    EventHandlers events =
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.level() == LogEvent.Level.WARN) {
                warnings.add(l);
              }
            });
    first = SampleDepot.write(tmp.resolve("a/sample-7.0"), SampleVersion.V7_0, events, FAKE_KERNEL);
    second =
        SampleDepot.write(tmp.resolve("b/sample-7.0"), SampleVersion.V7_0, events, FAKE_KERNEL);
  }

  @Test
  void write_twice_everyFileByteIdentical() throws Exception {
    Map<String, String> a = digests(first.folder());
    Map<String, String> b = digests(second.folder());
    assertEquals(a, b);
    assertTrue(a.size() > 80, "files: " + a.size());
    assertTrue(first.bootable());
    assertEquals(List.of(), warnings);
    assertEquals(
        List.of(
            "ESXi-7.0.0-15843807-no-tools",
            "ESXi-7.0.0-15843807-standard",
            "ESXi-7.0b-16324942-no-tools",
            "ESXi-7.0b-16324942-standard"),
        first.profiles());
    // 72 GA VIBs + the 11 VIBs of the ESXi/esx-update components at the 7.0b build (esx-ui
    // keeps its own version) + 2 upgraded drivers + 1 new one
    assertEquals(72 + 11 + 2 + 1, first.vibCount());
  }

  @Test
  void offlineZip_readWithCommonsCompress_layoutAndChecksumsMatch() throws Exception {
    try (ZipFile zip = ZipFile.builder().setPath(first.offlineZip()).get()) {
      List<String> names = new ArrayList<>();
      for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
        names.add(e.getName());
        assertFalse(e.isDirectory(), e.getName());
        assertEquals(ZipArchiveEntry.DEFLATED, e.getMethod(), e.getName());
        assertEquals(0644, e.getUnixMode() & 0777, e.getName());
      }
      assertEquals(List.of("index.xml", "vendor-index.xml", "metadata.zip"), names.subList(0, 3));
      List<String> vibs = names.subList(3, names.size());
      assertTrue(vibs.stream().allMatch(n -> n.startsWith("vib20/") && n.endsWith(".vib")));
      assertEquals(vibs.stream().sorted().toList(), vibs);
      assertEquals(first.vibCount(), vibs.size());

      Document index = dom(read(zip, "index.xml"));
      assertEquals("vendor-index.xml", text(index.getDocumentElement(), "indexfile"));
      byte[] vendorIndex = read(zip, "vendor-index.xml");
      assertEquals("metadata.zip", text(dom(vendorIndex).getDocumentElement(), "url"));

      byte[] meta = read(zip, "metadata.zip");
      assertArrayEquals(meta, Files.readAllBytes(first.folder().resolve("metadata.zip")));
      try (ZipFile m =
          ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(meta)).get()) {
        assertArrayEquals(vendorIndex, read(m, "vendor-index.xml"));
        Element response = dom(read(m, "vmware.xml")).getDocumentElement();
        NodeList vibFiles = response.getElementsByTagName("vibFile");
        int checked = 0;
        for (int i = 0; i < vibFiles.getLength(); i++) {
          Element f = (Element) vibFiles.item(i);
          byte[] vib = read(zip, text(f, "relativePath"));
          assertEquals(Long.parseLong(text(f, "packedSize")), vib.length);
          Element sum = (Element) f.getElementsByTagName("checksum").item(1);
          assertEquals(Sha256.of(vib).hex(), sum.getTextContent());
          checked++;
        }
        assertTrue(checked >= first.vibCount(), "vibFile entries " + checked);
        int vibXml = 0;
        int profiles = 0;
        for (ZipArchiveEntry e : Collections.list(m.getEntries())) {
          if (e.getName().startsWith("vibs/")) {
            Element v = dom(read(m, e.getName())).getDocumentElement();
            byte[] vib = read(zip, text(v, "relative-path"));
            assertEquals(Sha256.of(vib).hex(), text(v, "checksum"), e.getName());
            vibXml++;
          } else if (e.getName().startsWith("profiles/")) {
            Element p = dom(read(m, e.getName())).getDocumentElement();
            assertEquals(e.getName(), "profiles/" + text(p, "name") + ".xml");
            profiles++;
          }
        }
        assertEquals(first.vibCount(), vibXml);
        assertEquals(4, profiles);
      }
    }
  }

  @Test
  void everyVib_verifiesWithSampleCa_zeroProblemsAndTrusted() throws Exception {
    var trust = Signatures.readCertificates(Files.readAllBytes(first.caPem()), "sample-ca.pem");
    List<Path> vibs;
    try (Stream<Path> s = Files.walk(first.folder().resolve("vib20"))) {
      vibs = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(first.vibCount(), vibs.size());
    for (Path vib : vibs) {
      VibVerification v = VibVerifier.verify(vib, null, new VibVerifier.Options(true, trust));
      assertEquals(List.of(), v.problems(), vib.getFileName().toString());
      assertEquals(
          Signatures.Status.SIGNED_TRUSTED, v.signature().status(), vib.getFileName().toString());
    }
  }

  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Sha256.of(Files.readAllBytes(p)).hex());
      }
    }
    return out;
  }

  static byte[] read(ZipFile zip, String name) throws Exception {
    ZipArchiveEntry e = zip.getEntry(name);
    if (e == null) {
      throw new AssertionError("missing zip entry " + name);
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  static Document dom(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent();
  }
}
