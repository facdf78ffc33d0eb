package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.PlainXml;
import org.esxforge.io.Xml;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@link XmlNode#readPlain} ({@link PlainXml}) against the hardened StAX reader: every document the
 * plain reader accepts, real or mutated, StAX reads into the same tree; everything outside the
 * plain subset is left to StAX.
 */
class XmlNodeTest {
  private static final XMLInputFactory FACTORY = Xml.newInputFactory();

  /** The tree StAX reads, or null when StAX refuses the document. */
  private static String stax(byte[] xml) {
    try {
      XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        while (r.hasNext()) {
          if (r.next() == XMLStreamConstants.START_ELEMENT) {
            XmlNode root = XmlNode.read(r);
            while (r.hasNext()) {
              if (r.next() == XMLStreamConstants.START_ELEMENT) {
                return null; // a second root: refused by DescriptorParser
              }
            }
            return dump(root);
          }
        }
        return null;
      } finally {
        r.close();
      }
    } catch (Exception e) {
      return null;
    }
  }

  private static String dump(XmlNode n) {
    StringBuilder b = new StringBuilder();
    dump(n, b);
    return b.toString();
  }

  private static void dump(XmlNode n, StringBuilder b) {
    b.append('<').append(n.name);
    for (Map.Entry<String, String> a : n.attributes().entrySet()) {
      b.append(' ').append(a.getKey()).append("=[").append(a.getValue()).append(']');
    }
    b.append(">[").append(n.text()).append(']');
    for (XmlNode c : n.children) {
      dump(c, b);
    }
    b.append("</>");
  }

  private static List<byte[]> realDocuments() throws IOException {
    List<byte[]> docs = new ArrayList<>();
    for (VibFixtures.RealVib v : VibFixtures.all()) {
      docs.add(VibFixtures.arMember(v.bytes(), "descriptor.xml"));
    }
    try (Stream<Path> s = Files.list(Fixtures.realDir())) {
      for (Path p : s.filter(p -> p.toString().endsWith(".zip")).sorted().toList()) {
        docs.addAll(VibFixtures.metadataVibXml(p.getFileName().toString()).values());
      }
    }
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-7.0-hpe-host/vibs"))) {
      for (Path p : s.sorted().toList()) {
        docs.add(Files.readAllBytes(p));
      }
    }
    return docs;
  }

  @Test
  void readPlain_realDescriptorsAndMetadata_sameTreeAsStax() throws IOException {
    int plain = 0;
    List<byte[]> docs = realDocuments();
    for (byte[] xml : docs) {
      XmlNode p = XmlNode.readPlain(xml);
      if (p != null) {
        assertEquals(stax(xml), dump(p), new String(xml, StandardCharsets.UTF_8));
        plain++;
      }
    }
    assertTrue(docs.size() > 50, "fixtures: " + docs.size());
    assertTrue(plain > docs.size() / 2, plain + " of " + docs.size() + " read plainly");
  }

  @Test
  void readPlain_mutatedRealDocument_acceptedOnlyWhenStaxAgrees() throws IOException {
    byte[] base = null;
    for (byte[] xml : realDocuments()) {
      if (XmlNode.readPlain(xml) != null && (base == null || xml.length < base.length)) {
        base = xml;
      }
    }
    assertNotNull(base);
    String[] pieces = {
      "<",
      ">",
      "&",
      "\"",
      "'",
      "/",
      "=",
      "!",
      "?",
      "]]>",
      "\r",
      "\n",
      "\t",
      " ",
      "x",
      ":",
      "\u00e9",
      "<a>",
      "</a>",
      "<a/>",
      "&amp;",
      "&#65;",
      "<!--c-->",
      "<![CDATA[x]]>",
      "xmlns=\"u\"",
      "\0",
      "\u007f"
    };
    int accepted = 0;
    int refused = 0;
    String doc = new String(base, StandardCharsets.ISO_8859_1);
    for (int i = 0; i < doc.length(); i += 3) {
      for (String piece : pieces) {
        for (String m :
            new String[] {
              doc.substring(0, i) + piece + doc.substring(i),
              doc.substring(0, i) + piece + doc.substring(Math.min(doc.length(), i + 1))
            }) {
          byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
          XmlNode p = XmlNode.readPlain(bytes);
          if (p == null) {
            refused++;
          } else {
            assertEquals(stax(bytes), dump(p), m);
            accepted++;
          }
        }
      }
    }
    assertTrue(accepted > 1000 && refused > 1000, accepted + " accepted, " + refused + " refused");
  }

  @Test
  void readPlain_outsideThePlainSubset_leftToStax() {
    String[] outside = {
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><vib/>",
      "<!DOCTYPE vib [<!ENTITY e \"x\">]><vib>&e;</vib>",
      "<vib>&amp;</vib>",
      "<vib>&#65;</vib>",
      "<vib><![CDATA[x]]></vib>",
      "<vib><!-- c --></vib>",
      "<vib><?pi x?></vib>",
      "<vib>a\r\nb</vib>",
      "<vib>caf\u00e9</vib>",
      "<vib>a]]>b</vib>",
      "<vib a=\"1\" a=\"2\"/>",
      "<vib a=\"1\"b=\"2\"/>",
      "<vib a=\"x\ny\"/>",
      "<vib a=\"x\ty\"/>",
      "<vib a=x/>",
      "<vib a=\"<\"/>",
      "<v:vib xmlns:v=\"u\"/>",
      "<vib xmlns=\"u\"/>",
      "<vib><name></vib></name>",
      "<vib><name></vib>",
      "<vib></vib><vib></vib>",
      "<vib></vib>x",
      "x<vib></vib>",
      "<vib>\0</vib>",
      "<vib>",
      "",
      "<vib>" + "<a>".repeat(70) + "</a>".repeat(70) + "</vib>",
      "\ufeff<vib/>",
    };
    for (String s : outside) {
      assertNull(XmlNode.readPlain(s.getBytes(StandardCharsets.UTF_8)), s);
    }
  }

  @Test
  void readPlain_plainDocument_elementsAttributesAndTextRuns() {
    byte[] xml =
        " \n<vib a = 'x\"' b=\"y'\" >t1<c/>t2<d k=\"v\">x &gt</d >\n\t</vib>\n"
            .replace("&gt", ">")
            .getBytes(StandardCharsets.UTF_8);
    XmlNode p = XmlNode.readPlain(xml);
    assertNotNull(p);
    assertEquals("<vib a=[x\"] b=[y']>[t1t2\n\t]<c>[]</><d k=[v]>[x >]</></>", dump(p));
    assertEquals(stax(xml), dump(p));
  }
}
