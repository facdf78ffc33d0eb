package org.esxforge.iso;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * ECMA-119 directory records and directory extents (shared by the writer and the layout).
 *
 * <pre>
 * offset size field
 *  0     1    record length = 33 + len_fi + (1 if len_fi is even) + system-use length (even)
 *  1     1    extended attribute record length = 0
 *  2     8    extent LBA, both32
 *  10    8    data length, both32
 *  18    7    recording date (years since 1900, month, day, hour, minute, second, GMT offset)
 *  25    1    flags: 0x02 directory
 *  26    1    file unit size = 0
 *  27    1    interleave gap = 0
 *  28    4    volume sequence number = 1, both16
 *  32    1    len_fi
 *  33    n    file identifier (0x00 = ".", 0x01 = "..", files NAME.EXT;1; Joliet: UCS-2BE, no ;1)
 *  ...        padding byte, then the system-use area (Rock Ridge)
 * </pre>
 *
 * A directory extent starts with "." and "..", records never cross a sector boundary (the rest of
 * the sector is zero), and its length is a multiple of 2048.
 *
 * <p>Rock Ridge (RRIP 1.09, only in the primary tree): every record carries PX (POSIX mode) and TM
 * (modification time); named records carry NM with the <em>lower-case</em> name (isolinux 6 matches
 * Rock Ridge names case-sensitively, and ESXi's configs use lower case); the root's "." record
 * starts with SP and carries ER ({@code RRIP_1991A}).
 *
 * <p>Stateless and thread-safe.
 */
final class DirectoryRecords {
  static final int FLAG_DIRECTORY = 0x02;
  private static final byte[] ER_ID = "RRIP_1991A".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ER_DESC = "ROCK RIDGE 1.09".getBytes(StandardCharsets.US_ASCII);

  private DirectoryRecords() {}

  /** The file identifier of {@code n} as stored in the primary or Joliet tree. */
  static byte[] identifier(IsoLayout.Node n, boolean joliet) {
    String name = n.path.name();
    if (!n.isDirectory() && !joliet) {
      // level 1 needs the separator dot even without an extension; Joliet names carry no version
      // (as genisoimage writes them)
      name = name.indexOf('.') >= 0 ? name + ";1" : name + ".;1";
    }
    return name.getBytes(joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
  }

  /** The byte size of {@code dir}'s extent, a multiple of 2048. */
  static long extentSize(IsoLayout.Node dir, boolean joliet, boolean rr) {
    long size = 0;
    size = place(size, length(1, suDot(dir, true, rr)));
    size = place(size, length(1, suDot(dir, false, rr)));
    for (IsoLayout.Node c : dir.children) {
      size = place(size, length(identifier(c, joliet).length, suNamed(c, rr)));
    }
    return IsoBytes.sectors(size) * IsoBytes.SECTOR;
  }

  /** The whole extent of {@code dir}. */
  static byte[] extent(IsoLayout.Node dir, int ns, boolean rr, Instant t) {
    byte[] out = new byte[Math.toIntExact(dir.dirSize[ns])];
    int pos = 0;
    boolean root = dir.parent == dir;
    pos = put(out, pos, record(dir, ns, new byte[] {0}, dotSu(rr, root, t), t));
    pos = put(out, pos, record(dir.parent(), ns, new byte[] {1}, dotSu(rr, false, t), t));
    for (IsoLayout.Node c : dir.children) {
      byte[] su = rr ? rrNamed(c, t) : new byte[0];
      pos = put(out, pos, record(c, ns, identifier(c, ns == 1), su, t));
    }
    return out;
  }

  /** One record for {@code n} with identifier {@code id}. */
  static byte[] record(IsoLayout.Node n, int ns, byte[] id, byte[] su, Instant t) {
    int len = length(id.length, su.length);
    if (len > 255) {
      throw new IllegalStateException("directory record of " + len + " bytes for " + n.path);
    }
    byte[] r = new byte[len];
    r[0] = (byte) len;
    IsoBytes.both32(r, 2, n.extentLba(ns));
    IsoBytes.both32(r, 10, n.dataLength(ns));
    IsoBytes.recordDate(r, 18, t);
    r[25] = (byte) (n.isDirectory() ? FLAG_DIRECTORY : 0);
    IsoBytes.both16(r, 28, 1);
    r[32] = (byte) id.length;
    System.arraycopy(id, 0, r, 33, id.length);
    System.arraycopy(su, 0, r, len - su.length, su.length);
    return r;
  }

  static int length(int idLen, int suLen) {
    return 33 + idLen + (idLen % 2 == 0 ? 1 : 0) + suLen;
  }

  private static long place(long pos, int len) {
    long room = IsoBytes.SECTOR - pos % IsoBytes.SECTOR;
    return (len > room ? pos + room : pos) + len;
  }

  private static int put(byte[] out, int pos, byte[] rec) {
    int room = IsoBytes.SECTOR - pos % IsoBytes.SECTOR;
    if (rec.length > room) {
      pos += room;
    }
    System.arraycopy(rec, 0, out, pos, rec.length);
    return pos + rec.length;
  }

  // ---- Rock Ridge system-use entries ----

  private static int suDot(IsoLayout.Node dir, boolean dot, boolean rr) {
    return rr ? dotSu(true, dot && dir.parent == dir, Instant.EPOCH).length : 0;
  }

  private static int suNamed(IsoLayout.Node n, boolean rr) {
    return rr ? rrNamed(n, Instant.EPOCH).length : 0;
  }

  private static byte[] dotSu(boolean rr, boolean root, Instant t) {
    if (!rr) {
      return new byte[0];
    }
    Su su = new Su();
    if (root) {
      su.add(new byte[] {'S', 'P', 7, 1, (byte) 0xBE, (byte) 0xEF, 0});
    }
    su.add(px(true));
    su.add(tm(t));
    if (root) {
      byte[] er = new byte[8 + ER_ID.length + ER_DESC.length];
      er[0] = 'E';
      er[1] = 'R';
      er[2] = (byte) er.length;
      er[3] = 1;
      er[4] = (byte) ER_ID.length;
      er[5] = (byte) ER_DESC.length;
      er[6] = 0;
      er[7] = 1;
      System.arraycopy(ER_ID, 0, er, 8, ER_ID.length);
      System.arraycopy(ER_DESC, 0, er, 8 + ER_ID.length, ER_DESC.length);
      su.add(er);
    }
    return su.toEven();
  }

  /** The lower-case Rock Ridge name of a named record (no version, no trailing dot). */
  static String rockRidgeName(IsoLayout.Node n) {
    return n.path.name().toLowerCase(Locale.ROOT);
  }

  private static byte[] rrNamed(IsoLayout.Node n, Instant t) {
    Su su = new Su();
    su.add(px(n.isDirectory()));
    su.add(tm(t));
    byte[] name = rockRidgeName(n).getBytes(StandardCharsets.US_ASCII);
    byte[] nm = new byte[5 + name.length];
    nm[0] = 'N';
    nm[1] = 'M';
    nm[2] = (byte) nm.length;
    nm[3] = 1;
    System.arraycopy(name, 0, nm, 5, name.length);
    su.add(nm);
    return su.toEven();
  }

  /** PX, RRIP 1.09 form (36 bytes): mode, links, uid, gid. */
  private static byte[] px(boolean dir) {
    byte[] px = new byte[36];
    px[0] = 'P';
    px[1] = 'X';
    px[2] = 36;
    px[3] = 1;
    IsoBytes.both32(px, 4, dir ? 040555 : 0100444);
    IsoBytes.both32(px, 12, dir ? 2 : 1);
    return px;
  }

  /** TM with the modification time only (flag 0x02), short form. */
  private static byte[] tm(Instant t) {
    byte[] tm = new byte[12];
    tm[0] = 'T';
    tm[1] = 'M';
    tm[2] = 12;
    tm[3] = 1;
    tm[4] = 0x02;
    IsoBytes.recordDate(tm, 5, t);
    return tm;
  }

  /** Accumulates system-use entries. */
  private static final class Su {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    void add(byte[] entry) {
      out.writeBytes(entry);
    }

    byte[] toEven() {
      if (out.size() % 2 != 0) {
        out.write(0);
      }
      return out.toByteArray();
    }
  }
}
