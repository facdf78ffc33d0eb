package org.esxforge.sample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes VMware's tar variant "vmtar" (docs/formats.md §4.5), the inner archive of {@code vgz}
 * payloads, laid out like the real 8.0U3 fling payload:
 *
 * <pre>
 * offset  size  header field (512-byte ustar-like header)
 *      0   100  name (directories end in '/')
 *    100     8  mode, "0000755\0" / "0000644\0"
 *    108     8  uid "0000000\0"     116  8  gid "0000000\0"
 *    124    12  size, 11 octal digits + NUL
 *    136    12  mtime, 11 octal digits + NUL
 *    148     8  checksum, 6 octal digits + NUL + ' '
 *    156     1  typeflag: '5' directory, '0' file, '7' kernel module
 *    257     8  magic "visor " + version " \0"
 *    265    32  uname "root"           297  32  gname "root"
 *    496    16  four little-endian uint32: data offset, textOffset, textSize, numFixupPgs
 * </pre>
 *
 * All headers first (directories implied by the file paths, sorted, each before its children), then
 * two zero blocks, then each file's data at a 4096-byte boundary; the archive ends at the last
 * file's data rounded up to 512 bytes. GNU tar cannot list it past the first file, as with the real
 * thing.
 *
 * <p>Thread-safe (stateless).
 */
final class Vmtar {
  private static final int BLOCK = 512;
  private static final int ALIGN = 4096;

  /** A regular file; {@code module} marks a vmkernel module (typeflag '7'). */
  @SuppressWarnings(
      "ArrayRecordComponent") // bytes carried to the archive writer, never compared or hashed
  record Entry(String path, byte[] data, boolean module) {}

  private Vmtar() {}

  static byte[] write(List<Entry> files, long mtimeSeconds) {
    TreeSet<String> dirs = new TreeSet<>();
    for (Entry e : files) {
      String p = e.path();
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        dirs.add(p.substring(0, i + 1));
      }
    }
    List<Object> order = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(dirs);
    files.forEach(f -> all.add(f.path()));
    for (String p : all) {
      order.add(
          dirs.contains(p)
              ? p
              : files.stream().filter(f -> f.path().equals(p)).findFirst().orElseThrow());
    }
    int headersEnd = (order.size() + 2) * BLOCK;
    long dataOffset = align(headersEnd, ALIGN);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<long[]> placement = new ArrayList<>();
    for (Object o : order) {
      if (o instanceof String dir) {
        out.writeBytes(header(dir, 0755, 0, '5', mtimeSeconds, 0));
      } else {
        Entry f = (Entry) o;
        out.writeBytes(
            header(
                f.path(), 0644, f.data().length, f.module() ? '7' : '0', mtimeSeconds, dataOffset));
        placement.add(new long[] {dataOffset, f.data().length});
        dataOffset = align(dataOffset + f.data().length, ALIGN);
      }
    }
    out.writeBytes(new byte[2 * BLOCK]);
    int fileIndex = 0;
    long end = out.size();
    for (Object o : order) {
      if (o instanceof Entry f) {
        long at = placement.get(fileIndex++)[0];
        out.writeBytes(new byte[(int) (at - out.size())]);
        out.writeBytes(f.data());
        end = out.size();
      }
    }
    out.writeBytes(new byte[(int) (align(end, BLOCK) - end)]);
    return out.toByteArray();
  }

  private static byte[] header(
      String name, int mode, long size, char type, long mtime, long offset) {
    byte[] h = new byte[BLOCK];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    if (n.length > 100) {
      throw new IllegalArgumentException("vmtar name longer than 100 bytes: " + name);
    }
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 7, mode);
    octal(h, 108, 7, 0);
    octal(h, 116, 7, 0);
    octal(h, 124, 11, size);
    octal(h, 136, 11, mtime);
    h[156] = (byte) type;
    ascii(h, 257, "visor  \0");
    ascii(h, 265, "root");
    ascii(h, 297, "root");
    intLe(h, 496, offset);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 6, sum);
    h[155] = ' ';
    return h;
  }

  private static void octal(byte[] h, int at, int digits, long v) {
    ascii(h, at, String.format(Locale.ROOT, "%0" + digits + "o", v));
    h[at + digits] = 0;
  }

  private static void ascii(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private static void intLe(byte[] h, int at, long v) {
    h[at] = (byte) v;
    h[at + 1] = (byte) (v >>> 8);
    h[at + 2] = (byte) (v >>> 16);
    h[at + 3] = (byte) (v >>> 24);
  }

  private static long align(long v, int a) {
    return (v + a - 1) / a * a;
  }
}
