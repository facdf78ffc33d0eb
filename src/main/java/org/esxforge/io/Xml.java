package org.esxforge.io;

import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;

/**
 * The one place that configures XML parsing. Depot and VIB XML comes from strangers, so DTDs and
 * external entities are off, and {@link #requireNoDoctype} refuses any document that declares a
 * DOCTYPE before it is parsed (no entity expansion, no fetch, no billion laughs). It is also the
 * one place that escapes text for XML that esxforge writes ({@link #escape}).
 *
 * <p>Thread-safe (stateless; each caller gets its own factory).
 */
public final class Xml {
  /**
   * The StAX implementation, discovered once: {@link XMLInputFactory#newFactory()} runs a
   * ServiceLoader scan of the class path on every call (about 0.3 ms), which dominated parsing
   * 10,000 descriptors. Instantiating the discovered class directly is cheap.
   */
  private static final Class<? extends XMLInputFactory> IMPL =
      XMLInputFactory.newFactory().getClass();

  private Xml() {}

  /**
   * Appends {@code text} escaped as Python's ElementTree does when it serialises: {@code & < >} in
   * text; in attributes also {@code "} and the line breaks and tab, as character references (so a
   * reader gets them back instead of normalised spaces).
   *
   * @param attribute whether {@code text} is an attribute value
   * @param asciiOnly whether characters beyond ASCII become numeric character references, as
   *     ElementTree's default {@code us-ascii} encoding writes them (the descriptors esximage
   *     re-serialises); otherwise they are kept for a UTF-8 document (depot metadata)
   */
  public static void escape(StringBuilder out, String text, boolean attribute, boolean asciiOnly) {
    // the plain prefix (all of most texts: names, versions, checksums) in one append
    int plain = 0;
    while (plain < text.length() && plain(text.charAt(plain), asciiOnly)) {
      plain++;
    }
    out.append(text, 0, plain);
    for (int i = plain; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append(attribute ? "&#13;" : "\r");
        case '\t' -> out.append(attribute ? "&#09;" : "\t");
        default -> {
          if (c < 0x80 || !asciiOnly) {
            out.appendCodePoint(c);
          } else {
            out.append("&#").append(c).append(';');
          }
        }
      }
    }
  }

  /** True when {@code escape} copies {@code c} as it is (the loop's default branch). */
  private static boolean plain(char c, boolean asciiOnly) {
    return switch (c) {
      case '&', '<', '>', '"', '\n', '\r', '\t' -> false;
      default -> c < 0x80 || (!asciiOnly && !Character.isSurrogate(c));
    };
  }

  /** A new hardened StAX input factory (no DTD, no external entities, no entity replacement). */
  public static XMLInputFactory newInputFactory() {
    XMLInputFactory f;
    try {
      f = IMPL.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      f = XMLInputFactory.newFactory();
    }
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /**
   * Throws if the document has a DOCTYPE (which is where entity declarations live). Scans only the
   * prolog: XML requires the DOCTYPE before the root element.
   *
   * @param source for the message
   */
  public static void requireNoDoctype(byte[] xml, String source) throws FormatException {
    int limit = Math.min(xml.length, 1 << 16);
    int first = 0;
    while (first < limit && xml[first] != '<') {
      first++;
    }
    if (first + 1 >= limit || (xml[first + 1] != '?' && xml[first + 1] != '!')) {
      return; // no markup, or the root element comes first: the common case, without a copy
    }
    String head = new String(xml, 0, limit, StandardCharsets.ISO_8859_1);
    int i = 0;
    while (i < head.length()) {
      int lt = head.indexOf('<', i);
      if (lt < 0 || lt + 1 >= head.length()) {
        return;
      }
      char c = head.charAt(lt + 1);
      if (c == '?') {
        i = skipPast(head, lt, "?>");
      } else if (head.startsWith("<!--", lt)) {
        i = skipPast(head, lt, "-->");
      } else if (c == '!') {
        throw new FormatException(
            source, null, lt, "XML with a DOCTYPE or entity declaration is refused");
      } else {
        return; // root element reached
      }
      if (i < 0) {
        return;
      }
    }
  }

  private static int skipPast(String s, int from, String end) {
    int e = s.indexOf(end, from);
    return e < 0 ? -1 : e + end.length();
  }
}
