package org.esxforge.vib;

import java.nio.charset.StandardCharsets;
import org.esxforge.io.FormatException;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a VIB's {@code descriptor.xml} (docs/formats.md §4.2) and the {@code
 * metadata.zip} {@code vibs/*.xml} form (§2.4).
 *
 * <p>Parsing refuses DOCTYPEs and entity declarations before the parser runs, bounds the input to
 * {@value DescriptorParser#MAX_BYTES} bytes, tolerates comments, whitespace, unknown elements and
 * any element order, and reports errors as one line naming the source, e.g. {@code
 * x.vib!descriptor.xml: missing <name>}.
 *
 * <p>Writing reproduces VMware's bytes: parse then write with {@link DescriptorStyle#detect} gives
 * back the original of every VMware-made descriptor in the fixtures.
 *
 * <p>All methods are static and thread-safe.
 */
public final class DescriptorXml {
  private DescriptorXml() {}

  /**
   * Parses a {@code descriptor.xml}.
   *
   * @param source names the document in messages, e.g. {@code x.vib!descriptor.xml}
   */
  public static VibDescriptor parse(byte[] xml, String source) throws FormatException {
    return DescriptorParser.parse(xml, source);
  }

  /**
   * Parses a {@code vibs/*.xml} entry: a descriptor plus {@code relative-path}, {@code packed-size}
   * and the whole-file {@code checksum}, wherever they appear in {@code <vib>}.
   */
  public static VibMetadata parseMetadata(byte[] xml, String source) throws FormatException {
    return DescriptorParser.parseMetadata(xml, source);
  }

  /**
   * A {@code vibs/*.xml} entry, with the {@code descriptor.xml} it copies when it is in a form that
   * shows it ({@link MetadataCopy}: the entry without its three depot-only elements, which parses
   * to the entry's descriptor).
   *
   * @param copy the entry's own descriptor object with the SHA-256 of that copy; null when the
   *     entry is not in such a form
   */
  public record MetadataEntry(VibMetadata metadata, @Nullable ParsedDescriptor copy) {
    public MetadataEntry {
      java.util.Objects.requireNonNull(metadata, "metadata");
    }
  }

  /** As {@link #parseMetadata}, with the {@code descriptor.xml} the entry copies. */
  public static MetadataEntry parseMetadataEntry(byte[] xml, String source) throws FormatException {
    VibMetadata m = DescriptorParser.parseMetadata(xml, source);
    org.esxforge.io.Sha256 copy = MetadataCopy.descriptorSha256(xml);
    return new MetadataEntry(m, copy == null ? null : new ParsedDescriptor(copy, m.descriptor()));
  }

  /** Serialises in VMware's {@link DescriptorStyle#CLASSIC} style (5.x–7.0 descriptor.xml). */
  public static byte[] write(VibDescriptor d) {
    return DescriptorSerializer.write(d, DescriptorStyle.CLASSIC, null);
  }

  /** Serialises in the given style (8.0 descriptors are SPACED, 9.0 SPACED_SORTED). */
  public static byte[] write(VibDescriptor d, DescriptorStyle style) {
    return DescriptorSerializer.write(d, style, null);
  }

  /**
   * The {@code vibs/*.xml} form as VMware writes it for 6.5–9.0: CLASSIC style, the three extra
   * elements right after {@code </software-tags>}, and the release date re-serialised the way
   * Python's {@code isoformat()} does ({@code +00:00} added when the descriptor has no zone).
   */
  public static byte[] writeMetadata(VibMetadata m) {
    return DescriptorSerializer.write(m.descriptor(), DescriptorStyle.CLASSIC, m);
  }

  /**
   * The {@code var/db/esximg/vibs/*.xml} form a VMware installer writes into a host's image
   * database (docs/formats.md §8.3): CLASSIC style and the release date re-serialised like Python's
   * {@code isoformat()}, summary and description stripped of surrounding white space, without the
   * three depot-only elements. Equal, byte for byte, to every {@code .xml} of the real 6.7 host
   * database given its {@code .xml.orig}.
   */
  public static byte[] writeDatabase(VibDescriptor d) {
    return DescriptorSerializer.write(
        d, DescriptorStyle.CLASSIC, new VibMetadata(d, "", -1, null), true);
  }

  /**
   * {@code <vib name>-<h>.xml} where h is the Python 2 string hash of the VIB id (signed 64-bit, -1
   * becomes -2), as 5.x–7.0 VMware tools name {@code vibs/*.xml}. 8.0+ names use Python 3's
   * randomised hash and cannot be reproduced; nothing may be derived from such names (§2.4).
   */
  public static String metadataFileName(VibId id, String name) {
    return name + "-" + python2Hash(id.value()) + ".xml";
  }

  /** Python 2's {@code str.__hash__} on the UTF-8 bytes of {@code s}, 64-bit build. */
  static long python2Hash(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0) {
      return 0;
    }
    long x = (long) (b[0] & 0xff) << 7;
    for (byte c : b) {
      x = (1000003L * x) ^ (c & 0xff);
    }
    x ^= b.length;
    return x == -1 ? -2 : x;
  }
}
