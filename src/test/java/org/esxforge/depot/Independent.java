package org.esxforge.depot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.esxforge.depot.xml.Dom;
import org.esxforge.depot.xml.RealZips;
import org.w3c.dom.Element;

/**
 * What a real bundle declares, read without any esxforge class: commons-compress for the zips, the
 * JDK DOM parser for the XML, and a few lines of ar parsing.
 */
final class Independent {
  private Independent() {}

  /** One VIB as the metadata declares it. */
  record Vib(String id, String relativePath, long packedSize, String sha256, boolean signed) {}

  record Bundle(TreeMap<String, Vib> vibs, Set<String> bulletins, boolean allComponents) {}

  static Bundle read(Path zip) throws Exception {
    Map<String, byte[]> outer = RealZips.members(zip);
    Map<String, byte[]> meta = RealZips.metadata(zip);
    TreeMap<String, Vib> vibs = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : RealZips.under(meta, "vibs/")) {
      Element v = Dom.parse(e.getValue());
      String id =
          Dom.childText(v, "vendor").trim()
              + "_"
              + Dom.childText(v, "type").trim()
              + "_"
              + Dom.childText(v, "name").trim()
              + "_"
              + Dom.childText(v, "version").trim();
      String rel = Dom.childText(v, "relative-path").trim();
      byte[] vib = outer.get(rel);
      vibs.put(
          id,
          new Vib(
              id,
              rel,
              Long.parseLong(Dom.childText(v, "packed-size").trim()),
              Dom.childText(v, "checksum").trim(),
              signatureSize(vib) > 0));
    }
    Element doc = Dom.parse(meta.get("vmware.xml"));
    Set<String> bulletins = new LinkedHashSet<>();
    boolean allComponents = true;
    for (Element b : Dom.children(doc, "bulletin")) {
      bulletins.add(Dom.childText(b, "id").trim());
      allComponents &= !Dom.children(b, "componentNameSpec").isEmpty();
    }
    for (Map.Entry<String, byte[]> e : RealZips.under(meta, "bulletins/")) {
      Element b = Dom.parse(e.getValue());
      bulletins.add(Dom.childText(b, "id").trim());
    }
    return new Bundle(vibs, bulletins, allComponents);
  }

  /** The size of the second ar member (sig.pkcs7) of a VIB. */
  static long signatureSize(byte[] vib) {
    String magic = new String(vib, 0, 8, StandardCharsets.US_ASCII);
    if (!magic.equals("!<arch>\n")) {
      throw new IllegalStateException("not ar");
    }
    long first = arSize(vib, 8);
    int second = (int) (8 + 60 + first + (first & 1));
    String name = new String(vib, second, 16, StandardCharsets.US_ASCII).trim();
    if (!name.startsWith("sig.pkcs7")) {
      throw new IllegalStateException("second member " + name);
    }
    return arSize(vib, second);
  }

  private static long arSize(byte[] b, int header) {
    return Long.parseLong(new String(b, header + 48, 10, StandardCharsets.US_ASCII).trim());
  }

  /** The bytes of the first ar member (descriptor.xml) of a VIB. */
  static byte[] descriptorBytes(byte[] vib) {
    long size = arSize(vib, 8);
    return java.util.Arrays.copyOfRange(vib, 68, (int) (68 + size));
  }

  /** The descriptor fields of a loose VIB. */
  static Map<String, String> looseDescriptor(byte[] vib) throws Exception {
    byte[] xml = descriptorBytes(vib);
    Element v = Dom.parse(xml);
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : new String[] {"vendor", "type", "name", "version", "acceptance-level"}) {
      m.put(k, Dom.childText(v, k).trim());
    }
    return m;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
