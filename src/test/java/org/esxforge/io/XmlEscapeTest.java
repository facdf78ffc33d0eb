package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class XmlEscapeTest {
  private static String escape(String s, boolean attribute, boolean asciiOnly) {
    StringBuilder out = new StringBuilder();
    Xml.escape(out, s, attribute, asciiOnly);
    return out.toString();
  }

  @Test
  void text_escapesMarkupOnly() {
    assertEquals("a &amp; b &lt;c&gt; \"q\"\n\t", escape("a & b <c> \"q\"\n\t", false, false));
  }

  @Test
  void attribute_escapesQuotesAndLineBreaksAsReferences() {
    assertEquals("&quot;x&quot;&#10;&#13;&#09;&amp;", escape("\"x\"\n\r\t&", true, false));
  }

  @Test
  void nonAscii_keptForUtf8_referencedForAscii_wholeCodePoints() {
    String s = "Müller \uD83D\uDE00"; // a BMP letter and a supplementary code point (U+1F600)
    assertEquals(s, escape(s, false, false));
    assertEquals("M&#252;ller &#128512;", escape(s, false, true));
    assertEquals("M&#252;ller &#128512;", escape(s, true, true));
  }

  @Test
  void plainPrefixCopiedWhole_restEscaped_appendedToWhatIsThere() {
    StringBuilder out = new StringBuilder("x=");
    Xml.escape(out, "esx-base_7.0.0 <b>\u00fc&", false, true);
    assertEquals("x=esx-base_7.0.0 &lt;b&gt;&#252;&amp;", out.toString());
    assertEquals("plain-text_1.2", escape("plain-text_1.2", true, true));
    assertEquals("", escape("", true, true));
  }
}
