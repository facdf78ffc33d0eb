package org.esxforge.depot.xml;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.io.FormatException;

/**
 * Reads and writes the depot index {@code index.xml} / {@code vmw-depot-index.xml} (docs/formats.md
 * §1.1):
 *
 * <pre>{@code
 * <vendorList>
 *   <vendor>
 *     <name>VMware</name>
 *     <code>VMX</code>
 *     <indexfile>vendor-index.xml</indexfile>
 *     <patchUrl></patchUrl>
 *     <relativePath></relativePath>
 *     <content>
 *       <name>VMware ESX</name>
 *       <type>http://www.vmware.com/depotmanagement/esx</type>
 *     </content>
 *   </vendor>
 * </vendorList>
 * }</pre>
 *
 * The reader accepts any root, ignores comments and collects every {@code vendor} child. The writer
 * reproduces VMware's bytes exactly (no declaration, two-space indent, LF, trailing LF).
 *
 * <p>Stateless and thread-safe.
 */
public final class DepotIndexXml {
  /** Largest depot index read, in bytes. */
  public static final long MAX_BYTES = 1 << 20;

  private DepotIndexXml() {}

  /** Parses a depot index; {@code source} names it in messages. */
  public static DepotIndex parse(byte[] xml, String source) throws FormatException {
    XmlNode root = XmlNode.parse(xml, source);
    List<DepotIndex.Vendor> vendors = new ArrayList<>();
    for (XmlNode v : root.descendants("vendor")) {
      XmlNode content = v.child("content");
      vendors.add(
          new DepotIndex.Vendor(
              v.value("name"),
              v.value("code"),
              v.value("indexfile", "indexFile"),
              v.value("patchUrl", "patchurl"),
              v.value("relativePath", "relativepath"),
              content == null ? "" : content.value("name"),
              content == null ? "" : content.value("type")));
    }
    if (vendors.isEmpty()) {
      throw new FormatException(source, "depot index has no <vendor> element");
    }
    for (DepotIndex.Vendor v : vendors) {
      if (v.indexFile().isEmpty()) {
        throw new FormatException(source, "vendor '" + v.name() + "' has no <indexfile>");
      }
    }
    return new DepotIndex(vendors);
  }

  /** Writes the index as VMware does. */
  public static byte[] write(DepotIndex index) {
    XmlEmitter x = new XmlEmitter(true).start("vendorList");
    for (DepotIndex.Vendor v : index.vendors()) {
      x.start("vendor")
          .leaf("name", v.name())
          .leaf("code", v.code())
          .leaf("indexfile", v.indexFile())
          .leaf("patchUrl", v.patchUrl())
          .leaf("relativePath", v.relativePath())
          .start("content")
          .leaf("name", v.contentName())
          .leaf("type", v.contentType())
          .end()
          .end();
    }
    return x.end().toBytes();
  }
}
