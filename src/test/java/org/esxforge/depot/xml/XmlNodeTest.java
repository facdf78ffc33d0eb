package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.esxforge.io.FormatException;
import org.junit.jupiter.api.Test;

class XmlNodeTest {

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
