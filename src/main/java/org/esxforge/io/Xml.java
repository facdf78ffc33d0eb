package org.esxforge.io;

import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;

/**
 * The one place that configures XML parsing. Depot and VIB XML comes from strangers, so DTDs and
 * external entities are off, and {@link #requireNoDoctype} refuses any document that declares a
 * DOCTYPE before it is parsed (no entity expansion, no fetch, no billion laughs).
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
