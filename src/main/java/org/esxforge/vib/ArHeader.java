package org.esxforge.vib;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.esxforge.io.FormatException;

/**
 * One 60-byte Unix {@code ar} member header (docs/formats.md §4.1), shared by {@link VibFile},
 * {@link VibArchiveInputStream} and {@link VibWriter}. All fields are ASCII, space-padded on the
 * right:
 *
 * <pre>
 * offset  length  field   VMware 6.5–7.0   VMware 8.0+   GNU ar (v-front, vibauthor)
 *      0      16  name    "descriptor.xml" same          "descriptor.xml/"
 *     16      12  mtime   "0"              "0"           "0" or epoch seconds
 *     28       6  uid     "0"              "0"           "0"
 *     34       6  gid     "0"              "0"           "0"
 *     40       8  mode    "0"              "0o0"         "644" or "100644" (octal)
 *     48      10  size    decimal byte count of the member data
 *     58       2  magic   "`\n"
 * </pre>
 *
 * The archive starts with the 8-byte {@link #GLOBAL_MAGIC}; member data follows each header and is
 * padded with one {@code '\n'} when its size is odd. A name may carry GNU's trailing {@code /};
 * GNU/BSD long-name tables ({@code //}, {@code #1/}) are not used by VIBs and are refused.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode the permission bits, parsed as octal from {@code 0}, {@code 0o0}, {@code 644}...
 */
public record ArHeader(String name, long mtime, int uid, int gid, int mode, long size) {
  /** {@code !<arch>\n} (package-private: arrays are mutable; see {@link #globalMagic()}). */
  static final byte[] GLOBAL_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

  public static final int LENGTH = 60;
  public static final int NAME_OFFSET = 0;
  public static final int NAME_LENGTH = 16;
  public static final int MTIME_OFFSET = 16;
  public static final int MTIME_LENGTH = 12;
  public static final int UID_OFFSET = 28;
  public static final int UID_LENGTH = 6;
  public static final int GID_OFFSET = 34;
  public static final int GID_LENGTH = 6;
  public static final int MODE_OFFSET = 40;
  public static final int MODE_LENGTH = 8;
  public static final int SIZE_OFFSET = 48;
  public static final int SIZE_LENGTH = 10;
  public static final int MAGIC_OFFSET = 58;

  /** Longest member name a VIB may use: 15 characters leave room for GNU's '/' (§4.1). */
  public static final int MAX_NAME = 15;

  /** How the mode field is written. */
  public enum ModeFormat {
    /** {@code 0}: VMware up to 7.0. */
    ZERO("0"),
    /** {@code 0o0}: VMware 8.0+ (Python 3 {@code oct(0)}). */
    PYTHON3_OCTAL("0o0");

    private final String text;

    ModeFormat(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public ArHeader {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME + 1) {
      throw new IllegalArgumentException("invalid ar member name '" + name + "'");
    }
    if (size < 0 || mtime < 0 || uid < 0 || gid < 0 || mode < 0) {
      throw new IllegalArgumentException("negative ar header field in '" + name + "'");
    }
  }

  /** A copy of the 8-byte archive magic {@code !<arch>\n}. */
  public static byte[] globalMagic() {
    return GLOBAL_MAGIC.clone();
  }

  /** A VMware-style header: mtime, uid, gid and mode all 0. */
  public static ArHeader of(String name, long size) {
    return new ArHeader(name, 0, 0, 0, 0, size);
  }

  /** True when {@code b} starts with {@link #GLOBAL_MAGIC}. */
  public static boolean matches(byte[] b, int length) {
    return length >= GLOBAL_MAGIC.length
        && Arrays.equals(b, 0, GLOBAL_MAGIC.length, GLOBAL_MAGIC, 0, GLOBAL_MAGIC.length);
  }

  /** The data padded to an even length: {@code size + (size & 1)}. */
  public long paddedSize() {
    return size + (size & 1);
  }

  /**
   * Parses the 60 bytes at {@code buf[off]}.
   *
   * @param source for messages
   * @param fileOffset where the header starts in the archive, for messages
   */
  public static ArHeader parse(byte[] buf, int off, String source, long fileOffset)
      throws FormatException {
    if (buf[off + MAGIC_OFFSET] != '`' || buf[off + MAGIC_OFFSET + 1] != '\n') {
      throw new FormatException(
          source,
          null,
          fileOffset,
          "bad ar header magic: actual 0x"
              + hex(buf, off + MAGIC_OFFSET, 2)
              + " != expected 0x600a");
    }
    String raw = ascii(buf, off + NAME_OFFSET, NAME_LENGTH).stripTrailing();
    String name = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    if (name.isEmpty() || name.startsWith("/") || name.startsWith("#1/")) {
      throw new FormatException(
          source,
          null,
          fileOffset,
          "unsupported ar member name '" + raw + "' (long-name tables are not used in VIBs)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new FormatException(
            source,
            null,
            fileOffset,
            "invalid character 0x" + Integer.toHexString(c) + " in ar member name");
      }
    }
    long mtime =
        number(buf, off, MTIME_OFFSET, MTIME_LENGTH, 10, "mtime", source, fileOffset, true);
    long uid = number(buf, off, UID_OFFSET, UID_LENGTH, 10, "uid", source, fileOffset, true);
    long gid = number(buf, off, GID_OFFSET, GID_LENGTH, 10, "gid", source, fileOffset, true);
    long mode = number(buf, off, MODE_OFFSET, MODE_LENGTH, 8, "mode", source, fileOffset, true);
    long size = number(buf, off, SIZE_OFFSET, SIZE_LENGTH, 10, "size", source, fileOffset, false);
    return new ArHeader(name, mtime, (int) uid, (int) gid, (int) mode, size);
  }

  /** The 60 header bytes, VMware style (no GNU '/'). Refuses names over {@link #MAX_NAME}. */
  public byte[] toBytes(ModeFormat modeFormat) {
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "ar member name '" + name + "' longer than " + MAX_NAME + " characters");
    }
    byte[] b = new byte[LENGTH];
    Arrays.fill(b, (byte) ' ');
    put(b, NAME_OFFSET, NAME_LENGTH, name);
    put(b, MTIME_OFFSET, MTIME_LENGTH, Long.toString(mtime));
    put(b, UID_OFFSET, UID_LENGTH, Integer.toString(uid));
    put(b, GID_OFFSET, GID_LENGTH, Integer.toString(gid));
    String m =
        mode == 0
            ? modeFormat.text()
            : (modeFormat == ModeFormat.PYTHON3_OCTAL ? "0o" : "") + Integer.toOctalString(mode);
    put(b, MODE_OFFSET, MODE_LENGTH, m);
    put(b, SIZE_OFFSET, SIZE_LENGTH, Long.toString(size));
    b[MAGIC_OFFSET] = '`';
    b[MAGIC_OFFSET + 1] = '\n';
    return b;
  }

  private static void put(byte[] b, int off, int len, String s) {
    if (s.length() > len) {
      throw new IllegalArgumentException("ar field '" + s + "' longer than " + len + " bytes");
    }
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(a, 0, b, off, a.length);
  }

  private static long number(
      byte[] buf,
      int off,
      int fieldOff,
      int len,
      int radix,
      String field,
      String source,
      long fileOffset,
      boolean emptyIsZero)
      throws FormatException {
    String t = ascii(buf, off + fieldOff, len).trim();
    String digits = radix == 8 && (t.startsWith("0o") || t.startsWith("0O")) ? t.substring(2) : t;
    if (digits.isEmpty() && emptyIsZero) {
      return 0;
    }
    boolean ok = !digits.isEmpty();
    for (int i = 0; i < digits.length() && ok; i++) {
      ok = Character.digit(digits.charAt(i), radix) >= 0;
    }
    long v = -1;
    if (ok) {
      try {
        v = Long.parseLong(digits, radix);
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok || (v > Integer.MAX_VALUE && !field.equals("size") && !field.equals("mtime"))) {
      throw new FormatException(
          source, null, fileOffset + fieldOff, "invalid ar " + field + " field '" + t + "'");
    }
    return v;
  }

  private static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  private static String hex(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(String.format("%02x", b[off + i] & 0xff));
    }
    return sb.toString();
  }
}
