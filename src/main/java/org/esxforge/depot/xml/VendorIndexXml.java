package org.esxforge.depot.xml;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.io.FormatException;

/**
 * Reads and writes the vendor index {@code vendor-index.xml} (docs/formats.md §1.2):
 *
 * <pre>{@code
 * <metaList>
 *   <metadata>
 *     <productId>embeddedEsx</productId>
 *     <version>8.0</version>
 *     <locale></locale>
 *     <url>metadata.zip</url>
 *     <channelName>default</channelName>
 *   </metadata>
 * </metaList>
 * }</pre>
 *
 * The reader tolerates any root element (the unobserved "{@code <vendor>} root" form) and collects
 * every {@code metadata} element, with or without v-front's {@code <patchUrl>}. The writer
 * reproduces VMware's bytes exactly; {@code patchUrl} is written only when not null.
 *
 * <p>Stateless and thread-safe.
 */
public final class VendorIndexXml {
  /** Largest vendor index read, in bytes. */
  public static final long MAX_BYTES = 16L << 20;

  private VendorIndexXml() {}

  public static VendorIndex parse(byte[] xml, String source) throws FormatException {
    XmlNode root = XmlNode.parse(xml, source);
    List<VendorIndex.Metadata> entries = new ArrayList<>();
    for (XmlNode m : root.descendants("metadata")) {
      String url = m.value("url");
      if (url.isEmpty()) {
        throw new FormatException(source, "vendor index <metadata> without <url>");
      }
      XmlNode patch = m.child("patchUrl");
      entries.add(
          new VendorIndex.Metadata(
              m.value("productId"),
              m.value("version"),
              m.value("locale"),
              patch == null ? null : patch.text().trim(),
              url,
              m.value("channelName")));
    }
    if (entries.isEmpty()) {
      throw new FormatException(source, "vendor index has no <metadata> element");
    }
    return new VendorIndex(entries);
  }

  public static byte[] write(VendorIndex index) {
    XmlEmitter x = new XmlEmitter(true).start("metaList");
    for (VendorIndex.Metadata m : index.metadata()) {
      x.start("metadata")
          .leaf("productId", m.productId())
          .leaf("version", m.version())
          .leaf("locale", m.locale());
      if (m.patchUrl() != null) {
        x.leaf("patchUrl", m.patchUrl());
      }
      x.leaf("url", m.url()).leaf("channelName", m.channelName()).end();
    }
    return x.end().toBytes();
  }
}
