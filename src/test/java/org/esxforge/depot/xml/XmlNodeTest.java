package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.FormatException;
import org.junit.jupiter.api.Test;

class XmlNodeTest {

  /** The tree as the StAX reader alone reads it. */
  private static String stax(byte[] xml) throws Exception {
    XMLStreamReader r = XmlNode.open(xml, "s");
    try {
      while (r.next() != XMLStreamConstants.START_ELEMENT) {
        // prolog
      }
      return dump(XmlNode.read(r, "s"));
    } finally {
      XmlNode.closeQuietly(r);
    }
  }

  private static String dump(XmlNode n) {
    StringBuilder b = new StringBuilder("<").append(n.name());
    for (Map.Entry<String, String> a : n.attributes().entrySet()) {
      b.append(' ').append(a.getKey()).append("=[").append(a.getValue()).append(']');
    }
    b.append(">[").append(n.text()).append(']');
    n.children().forEach(c -> b.append(dump(c)));
    return b.append("</>").toString();
  }

  @Test
  void parse_realMetadataMembers_sameTreeAsStax() throws Exception {
    int docs = 0;
    for (Path bundle : RealZips.bundles()) {
      for (Map.Entry<String, byte[]> e : RealZips.metadata(bundle).entrySet()) {
        if (e.getKey().endsWith(".xml") || e.getKey().startsWith("profiles/")) {
          assertEquals(stax(e.getValue()), dump(XmlNode.parse(e.getValue(), "p")), e.getKey());
          docs++;
        }
      }
    }
    assertTrue(docs > 10, "documents: " + docs);
  }

  @Test
  void parse_plainDocument_textRunsAttributesAndEmptyElements() throws Exception {
    byte[] xml = b("<p a='1' b=\"2\">x<q/>y<r k=\"v\">z</r>\n</p>\n");
    assertEquals("<p a=[1] b=[2]>[xy\n]<q>[]</><r k=[v]>[z]</></>", dump(XmlNode.parse(xml, "p")));
    assertEquals(stax(xml), dump(XmlNode.parse(xml, "p")));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_undeclaredEntity_oneLineNoExpansion() {
    FormatException e =
        assertThrows(FormatException.class, () -> XmlNode.parse(b("<a>&xxe;</a>"), "a.xml"));
    assertTrue(e.getMessage().startsWith("a.xml@"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void parse_predefinedEntitiesCommentsCdata_textKept() throws Exception {
    XmlNode n =
        XmlNode.parse(
            b(
                "<a x=\"&quot;1&quot;\"><!-- c --><b>&lt;&amp;&gt;</b>"
                    + "<c><![CDATA[<raw>]]></c></a>"),
            "a");
    assertEquals("\"1\"", n.attr("x"));
    assertEquals("<&>", n.childText("b"));
    assertEquals("<raw>", n.childText("c"));
    assertEquals(2, n.children().size());
  }

  @Test
  void parse_deepNesting_refused() {
    String deep = "<a>".repeat(100) + "</a>".repeat(100);
    FormatException e = assertThrows(FormatException.class, () -> XmlNode.parse(b(deep), "d"));
    assertTrue(e.getMessage().endsWith(": XML nested deeper than 64"), e.getMessage());
  }

  @Test
  void parse_doctypeAfterComment_refused() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> XmlNode.parse(b("<!-- hi --><!DOCTYPE a SYSTEM \"http://x/\"><a/>"), "d"));
    assertEquals("d@11: XML with a DOCTYPE or entity declaration is refused", e.getMessage());
  }
}
