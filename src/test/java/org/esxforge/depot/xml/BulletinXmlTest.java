package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class BulletinXmlTest {

  private static List<Path> hostFiles() throws Exception {
    Path host = Fixtures.real("esximg-7.0-hpe-host");
    try (Stream<Path> a = Files.list(host.resolve("bulletins"));
        Stream<Path> b = Files.list(host.resolve("reservedComponents"))) {
      return Stream.concat(a, b).sorted().toList();
    }
  }

  @Test
  void parseWrite_everyHostBulletin_byteExactAlphabetical() throws Exception {
    List<Path> files = hostFiles();
    assertEquals(65, files.size());
    for (Path f : files) {
      byte[] real = Files.readAllBytes(f);
      Bulletin b = BulletinXml.parse(real, f.toString());
      assertEquals(f.getFileName().toString(), b.id() + ".xml");
      assertTrue(b.isComponent(), f.toString());
      assertArrayEquals(real, BulletinXml.write(b, AttributeOrder.ALPHABETICAL), f.toString());
      checkAgainstDom(real, b);
    }
  }

  @Test
  void parseWrite_everyBundleBulletin_byteExactInItsProducersOrder() throws Exception {
    int n = 0;
    for (Path zip : RealZips.bundles()) {
      for (Map.Entry<String, byte[]> e : RealZips.under(RealZips.metadata(zip), "bulletins/")) {
        Bulletin b = BulletinXml.parse(e.getValue(), e.getKey());
        checkAgainstDom(e.getValue(), b);
        boolean exact = false;
        for (AttributeOrder o : AttributeOrder.values()) {
          exact |= java.util.Arrays.equals(e.getValue(), BulletinXml.write(b, o));
        }
        assertTrue(exact, zip + "!" + e.getKey());
        n++;
      }
    }
    assertEquals(RealZips.bundles().size(), n);
  }

  @Test
  void parse_esxComponent_namesVersionsAndVibs() throws Exception {
    byte[] real =
        Files.readAllBytes(
            Fixtures.real("esximg-7.0-hpe-host/bulletins/ESXi_7.0.0-1.0.15843807.xml"));
    Bulletin b = BulletinXml.parse(real, "b");
    assertEquals("ESXi", b.componentName());
    assertEquals("7.0.0-1.0.15843807", b.componentVersion());
    assertEquals("7.0.0 Build - 15843807", b.componentVersionUi());
    assertEquals(List.of(new SoftwarePlatform("7.0", "", "embeddedEsx")), b.platforms());
    assertEquals(10, b.vibIds().size());
    assertEquals(new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807"), b.vibIds().get(5));
  }

  @Test
  void write_escapesMarkup() throws Exception {
    Bulletin b =
        new Bulletin(
            "a&b", "V<", "s>\"", "", "", "", "", "", "", "", "", "n\"x", "", "", "", List.of(),
            List.of());
    String s = new String(BulletinXml.write(b), StandardCharsets.UTF_8);
    assertTrue(
        s.startsWith(
            "<bulletin><id>a&amp;b</id><vendor>V&lt;</vendor>" + "<summary>s&gt;\"</summary>"),
        s);
    assertTrue(s.contains("<componentNameSpec name=\"n&quot;x\" uiString=\"\"/>"), s);
    assertEquals(b, BulletinXml.parse(s.getBytes(StandardCharsets.UTF_8), "x"));
  }

  @Test
  void parse_badVibId_namesBulletin() {
    String xml = "<bulletin><id>B1</id><vibList><vibID>not-an-id</vibID></vibList></bulletin>";
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> BulletinXml.parse(xml.getBytes(StandardCharsets.UTF_8), "b.xml"));
    assertEquals(
        "b.xml!B1: invalid VIB id 'not-an-id': expected <vendor>_<type>_<name>_<version>",
        e.getMessage());
  }

  @Test
  void parse_wrongRoot_throws() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> BulletinXml.parse("<vib/>".getBytes(StandardCharsets.UTF_8), "b.xml"));
    assertEquals("b.xml: expected <bulletin>, found <vib>", e.getMessage());
  }

  static void checkAgainstDom(byte[] xml, Bulletin b) throws Exception {
    Element root = Dom.parse(xml);
    assertEquals(Dom.childText(root, "id"), b.id());
    assertEquals(Dom.childText(root, "vendor"), b.vendor());
    assertEquals(Dom.childText(root, "description"), b.description());
    assertEquals(Dom.texts(root, "vibID"), b.vibIds().stream().map(VibId::value).toList());
    List<Element> spec = Dom.children(root, "componentVersionSpec");
    assertEquals(spec.isEmpty() ? "" : spec.get(0).getAttribute("version"), b.componentVersion());
    assertEquals(root.getElementsByTagName("softwarePlatform").getLength(), b.platforms().size());
  }
}
