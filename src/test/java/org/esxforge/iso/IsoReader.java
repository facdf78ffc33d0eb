package org.esxforge.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small test-only reader of ISO 9660 images, written from ECMA-119 independently of the writer's
 * classes (it shares no code with them), used to check our own output. Not thread-safe.
 */
final class IsoReader implements AutoCloseable {
  /** A directory record as read. */
  record Rec(String path, String id, long lba, long size, int flags, int length, byte[] raw) {
    boolean isDir() {
      return (flags & 2) != 0;
    }
  }

  /** A boot catalog entry as read. */
  record Boot(int indicator, int platform, int media, int loadSectors, long lba) {}

  private final FileChannel ch;

  IsoReader(Path iso) throws IOException {
    this.ch = FileChannel.open(iso, StandardOpenOption.READ);
  }

  byte[] sector(long lba) throws IOException {
    return read(lba * 2048, 2048);
  }

  byte[] read(long offset, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new IOException("EOF at " + (offset + b.position()));
      }
    }
    return b.array();
  }

  static long le32(byte[] b, int o) {
    return (b[o] & 0xFFL)
        | (b[o + 1] & 0xFFL) << 8
        | (b[o + 2] & 0xFFL) << 16
        | (b[o + 3] & 0xFFL) << 24;
  }

  static long be32(byte[] b, int o) {
    return (b[o + 3] & 0xFFL)
        | (b[o + 2] & 0xFFL) << 8
        | (b[o + 1] & 0xFFL) << 16
        | (b[o] & 0xFFL) << 24;
  }

  static int le16(byte[] b, int o) {
    return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
  }

  static int be16(byte[] b, int o) {
    return (b[o + 1] & 0xFF) | (b[o] & 0xFF) << 8;
  }

  static String ascii(byte[] b, int o, int len) {
    return new String(b, o, len, StandardCharsets.US_ASCII);
  }

  /** Both-endian 32 check: returns the value, throws if LE and BE halves differ. */
  static long both32(byte[] b, int o) {
    long le = le32(b, o);
    if (le != be32(b, o + 4)) {
      throw new IllegalStateException(
          "both32 mismatch at " + o + ": " + le + " != " + be32(b, o + 4));
    }
    return le;
  }

  static int both16(byte[] b, int o) {
    int le = le16(b, o);
    if (le != be16(b, o + 2)) {
      throw new IllegalStateException("both16 mismatch at " + o);
    }
    return le;
  }

  byte[] pvd() throws IOException {
    return sector(16);
  }

  /** Parses the records of one directory extent. */
  List<Rec> directory(String path, long lba, long size, boolean joliet) throws IOException {
    List<Rec> out = new ArrayList<>();
    byte[] ext = read(lba * 2048, (int) size);
    int pos = 0;
    while (pos < ext.length) {
      int len = ext[pos] & 0xFF;
      if (len == 0) {
        pos = (pos / 2048 + 1) * 2048;
        continue;
      }
      if (pos / 2048 != (pos + len - 1) / 2048) {
        throw new IllegalStateException("record crosses a sector at " + path + " offset " + pos);
      }
      int lenFi = ext[pos + 32] & 0xFF;
      String id =
          new String(
              ext, pos + 33, lenFi, joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
      if (lenFi == 1 && ext[pos + 33] == 0) {
        id = ".";
      } else if (lenFi == 1 && ext[pos + 33] == 1) {
        id = "..";
      }
      byte[] raw = new byte[len];
      System.arraycopy(ext, pos, raw, 0, len);
      out.add(
          new Rec(
              path,
              id,
              both32(ext, pos + 2),
              both32(ext, pos + 10),
              ext[pos + 25] & 0xFF,
              len,
              raw));
      pos += len;
    }
    return out;
  }

  /** Every record below the root, by full path with version ({@code /A/B.TXT;1}), in tree order. */
  Map<String, Rec> walk(boolean joliet) throws IOException {
    byte[] vd = joliet ? sector(17 + findSvdOffset()) : pvd();
    long lba = both32(vd, 156 + 2);
    long size = both32(vd, 156 + 10);
    Map<String, Rec> out = new LinkedHashMap<>();
    walk("", lba, size, joliet, out);
    return out;
  }

  private int findSvdOffset() throws IOException {
    for (int i = 0; i < 8; i++) {
      if ((sector(17 + i)[0] & 0xFF) == 2) {
        return i;
      }
    }
    throw new IllegalStateException("no SVD");
  }

  private void walk(String prefix, long lba, long size, boolean joliet, Map<String, Rec> out)
      throws IOException {
    for (Rec r : directory(prefix, lba, size, joliet)) {
      if (r.id().equals(".") || r.id().equals("..")) {
        continue;
      }
      String p = prefix + "/" + r.id();
      out.put(p, r);
      if (r.isDir()) {
        walk(p, r.lba(), r.size(), joliet, out);
      }
    }
  }

  /** The boot catalog entries (validation entry excluded). */
  List<Boot> bootCatalog() throws IOException {
    byte[] br = sector(17);
    if (br[0] != 0 || !ascii(br, 7, 23).equals("EL TORITO SPECIFICATION")) {
      throw new IllegalStateException("no El Torito boot record at 17");
    }
    byte[] cat = sector(le32(br, 71));
    List<Boot> out = new ArrayList<>();
    for (int pos = 0; pos < 2048; pos += 32) {
      int ind = cat[pos] & 0xFF;
      if (ind == 0) {
        break;
      }
      out.add(
          new Boot(
              ind,
              cat[pos + 1] & 0xFF,
              cat[pos + 1] & 0xFF,
              le16(cat, pos + 6),
              le32(cat, pos + 8)));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
