package org.esxforge.vib;

import java.security.MessageDigest;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * The {@code descriptor.xml} that a {@code metadata.zip} {@code vibs/*.xml} entry copies: many
 * depots write the entry as the VIB's own descriptor with the three depot-only elements ({@code
 * relative-path}, {@code packed-size} and the whole-file {@code checksum}) added to {@code <vib>}.
 * Cutting those elements out gives bytes that {@link DescriptorParser#parse} reads into exactly the
 * entry's descriptor: the descriptor ignores them, and the cut leaves every other byte in place.
 * Their SHA-256 lets the depot reader recognise a VIB whose {@code descriptor.xml} is that copy
 * without parsing it.
 *
 * <p>Only a form where this holds for certain is cut: no declaration, DOCTYPE, comment, CDATA or
 * processing instruction (any {@code <!} or {@code <?}), the document starts with {@code <}, and
 * each cut element is a direct child of {@code <vib>} with text only and nothing but white space
 * between it and its neighbouring tags (so the text runs the cut joins are white space, which the
 * descriptor does not read). Anything else answers null, and the descriptor is parsed.
 *
 * <p>Stateless and thread-safe.
 */
final class MetadataCopy {
  private MetadataCopy() {}

  /**
   * The SHA-256 of {@code xml} (a well-formed {@code vibs/*.xml} entry, already parsed) without its
   * depot-only elements, or null when it is not in the form described above.
   */
  static @Nullable Sha256 descriptorSha256(byte[] xml) {
    int n = xml.length;
    if (n == 0 || xml[0] != '<') {
      return null;
    }
    MessageDigest md = Sha256.newDigest();
    int kept = 0; // the first byte not yet hashed
    int depth = 0;
    int i = 0;
    while (true) {
      int lt = indexOf(xml, (byte) '<', i);
      if (lt < 0) {
        break;
      }
      if (lt + 1 >= n || xml[lt + 1] == '!' || xml[lt + 1] == '?') {
        return null;
      }
      if (xml[lt + 1] == '/') {
        int gt = indexOf(xml, (byte) '>', lt);
        if (gt < 0) {
          return null;
        }
        depth--;
        i = gt + 1;
        continue;
      }
      int gt = tagEnd(xml, lt + 1);
      if (gt < 0) {
        return null;
      }
      boolean empty = xml[gt - 1] == '/';
      if (depth == 1 && depotOnly(xml, lt + 1)) {
        int end = empty ? -1 : leafEnd(xml, lt + 1, gt + 1);
        if (end < 0 || !spaceBefore(xml, lt) || !spaceAfter(xml, end)) {
          return null;
        }
        md.update(xml, kept, lt - kept);
        kept = end;
        i = end;
        continue;
      }
      if (!empty) {
        depth++;
      }
      i = gt + 1;
    }
    md.update(xml, kept, n - kept);
    return Sha256.fromDigest(md.digest());
  }

  private static final byte[][] DEPOT_ONLY = {
    "relative-path".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    "packed-size".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    "checksum".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
  };

  /** Whether the element name at {@code s} is one of the depot-only ones (and ends there). */
  private static boolean depotOnly(byte[] b, int s) {
    for (byte[] name : DEPOT_ONLY) {
      if (nameAt(b, s, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} is at {@code s}, followed by white space, '/' or '>'. */
  private static boolean nameAt(byte[] b, int s, byte[] name) {
    int e = s + name.length;
    if (e >= b.length) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      if (b[s + k] != name[k]) {
        return false;
      }
    }
    return space(b[e]) || b[e] == '/' || b[e] == '>';
  }

  /** The '>' closing the start tag whose name starts at {@code s} (quotes honoured), or -1. */
  private static int tagEnd(byte[] b, int s) {
    byte quote = 0;
    for (int j = s; j < b.length; j++) {
      byte c = b[j];
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return j;
      } else if (c == '<') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * The end (exclusive) of the element named at {@code s} whose content starts at {@code from}:
   * text, then its own end tag; -1 when it has child elements or the end tag is not its own.
   */
  private static int leafEnd(byte[] b, int s, int from) {
    int lt = indexOf(b, (byte) '<', from);
    if (lt < 0 || lt + 1 >= b.length || b[lt + 1] != '/') {
      return -1;
    }
    int nameLength = 0;
    while (s + nameLength < b.length && !space(b[s + nameLength]) && b[s + nameLength] != '>') {
      nameLength++;
    }
    int j = lt + 2;
    if (j + nameLength > b.length) {
      return -1;
    }
    for (int k = 0; k < nameLength; k++) {
      if (b[j + k] != b[s + k]) {
        return -1;
      }
    }
    j += nameLength;
    while (j < b.length && space(b[j])) {
      j++;
    }
    return j < b.length && b[j] == '>' ? j + 1 : -1;
  }

  /** Only white space between the previous tag's '>' and {@code lt}. */
  private static boolean spaceBefore(byte[] b, int lt) {
    int k = lt - 1;
    while (k >= 0 && space(b[k])) {
      k--;
    }
    return k >= 0 && b[k] == '>';
  }

  /** Only white space between {@code end} and the next tag's '<'. */
  private static boolean spaceAfter(byte[] b, int end) {
    int k = end;
    while (k < b.length && space(b[k])) {
      k++;
    }
    return k < b.length && b[k] == '<';
  }

  private static boolean space(byte c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int k = from; k < b.length; k++) {
      if (b[k] == c) {
        return k;
      }
    }
    return -1;
  }
}
