package org.esxforge.depot;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Recognises what a location holds from its first bytes (magic numbers), never from its name, in
 * the manner of commons-compress {@code ArchiveStreamFactory.detect}. Stateless and thread-safe.
 */
final class Detector {
  /** How many leading bytes {@link #detect} wants (an ISO 9660 descriptor sits at 32769). */
  static final int HEAD_BYTES = 64 * 1024;

  enum Signature {
    EMPTY("empty file"),
    ZIP("zip archive"),
    AR("ar archive (VIB)"),
    ISO9660(
        "ISO 9660 image (an installer ISO is read from a local file: download it, then give"
            + " its path)"),
    XML("XML document"),
    HTML("HTML page"),
    GZIP("gzip data"),
    BZIP2("bzip2 data"),
    XZ("xz data"),
    ZSTD("zstd data"),
    SEVEN_Z("7z archive"),
    RAR("rar archive"),
    PDF("PDF document"),
    TEXT("text file"),
    BINARY("unrecognised binary data");

    final String description;

    Signature(String description) {
      this.description = description;
    }
  }

  private Detector() {}

  static Signature detect(byte[] b, int n) {
    if (n == 0) {
      return Signature.EMPTY;
    }
    if (starts(b, n, 'P', 'K', 3, 4) || starts(b, n, 'P', 'K', 5, 6)) {
      return Signature.ZIP;
    }
    if (starts(b, n, '!', '<', 'a', 'r', 'c', 'h', '>', '\n')) {
      return Signature.AR;
    }
    if (n >= 32774 && new String(b, 32769, 5, StandardCharsets.US_ASCII).equals("CD001")) {
      return Signature.ISO9660;
    }
    if (starts(b, n, 0x1f, 0x8b)) {
      return Signature.GZIP;
    }
    if (starts(b, n, 'B', 'Z', 'h')) {
      return Signature.BZIP2;
    }
    if (starts(b, n, 0xfd, '7', 'z', 'X', 'Z', 0)) {
      return Signature.XZ;
    }
    if (starts(b, n, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Signature.ZSTD;
    }
    if (starts(b, n, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)) {
      return Signature.SEVEN_Z;
    }
    if (starts(b, n, 'R', 'a', 'r', '!')) {
      return Signature.RAR;
    }
    if (starts(b, n, '%', 'P', 'D', 'F')) {
      return Signature.PDF;
    }
    int i = 0;
    if (starts(b, n, 0xef, 0xbb, 0xbf)) {
      i = 3;
    }
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    if (i < n && b[i] == '<') {
      String head =
          new String(b, i, Math.min(n - i, 512), StandardCharsets.ISO_8859_1)
              .toLowerCase(Locale.ROOT);
      if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html")) {
        return Signature.HTML;
      }
      return Signature.XML;
    }
    return isText(b, n) ? Signature.TEXT : Signature.BINARY;
  }

  /** The description for a "not a depot" message; binary data shows its first bytes. */
  static String describe(Signature s, byte[] b, int n) {
    if (s == Signature.BINARY) {
      return s.description
          + " (first bytes 0x"
          + HexFormat.of().formatHex(b, 0, Math.min(n, 8))
          + ")";
    }
    return s.description;
  }

  private static boolean isText(byte[] b, int n) {
    int limit = Math.min(n, 8192);
    for (int i = 0; i < limit; i++) {
      int c = b[i] & 0xff;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
        return false;
      }
    }
    return true;
  }

  private static boolean starts(byte[] b, int n, int... magic) {
    if (n < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != (magic[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
