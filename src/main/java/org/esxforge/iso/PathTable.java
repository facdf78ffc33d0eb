package org.esxforge.iso;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ECMA-119 path tables, L (little-endian) and M (big-endian).
 *
 * <pre>
 * offset size field
 *  0     1    len_di (root: 1)
 *  1     1    extended attribute record length = 0
 *  2     4    extent LBA (LE in the L table, BE in the M table)
 *  6     2    parent directory number (root = 1, its own parent), LE / BE
 *  8     n    directory identifier (root: 0x00), plus one pad byte if n is odd
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class PathTable {
  private PathTable() {}

  static byte[] id(IsoLayout.Node d, boolean joliet) {
    if (d.parent == d) {
      return new byte[] {0};
    }
    return d.path.name().getBytes(joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
  }

  /** Unpadded byte size of the table. */
  static int size(List<IsoLayout.Node> dirs, boolean joliet) {
    int size = 0;
    for (IsoLayout.Node d : dirs) {
      int n = id(d, joliet).length;
      size += 8 + n + (n % 2);
    }
    return size;
  }

  /** The table, padded to whole sectors. */
  static byte[] encode(List<IsoLayout.Node> dirs, int ns, boolean bigEndian) {
    boolean joliet = ns == 1;
    byte[] out = new byte[Math.toIntExact(IsoBytes.sectors(size(dirs, joliet)) * IsoBytes.SECTOR)];
    int pos = 0;
    for (IsoLayout.Node d : dirs) {
      byte[] id = id(d, joliet);
      out[pos] = (byte) id.length;
      if (bigEndian) {
        IsoBytes.be32(out, pos + 2, d.dirLba[ns]);
        IsoBytes.be16(out, pos + 6, d.parent().number);
      } else {
        IsoBytes.le32(out, pos + 2, d.dirLba[ns]);
        IsoBytes.le16(out, pos + 6, d.parent().number);
      }
      System.arraycopy(id, 0, out, pos + 8, id.length);
      pos += 8 + id.length + (id.length % 2);
    }
    return out;
  }
}
