package org.esxforge.iso;

import java.util.List;

/**
 * The El Torito boot catalog (one sector of 32-byte entries) and the isolinux boot-info-table.
 *
 * <pre>
 * Validation entry: 0 header id 0x01 | 1 platform | 4..27 id (zeros) | 28 checksum (LE16, the
 *   16 LE words of the entry sum to 0) | 30 0x55 | 31 0xAA
 * Default / section entry: 0 0x88 bootable | 1 media 0 (no emulation) | 2 load segment 0 (=0x7C0)
 *   | 4 system type 0 | 6 sector count (512-byte units, LE16) | 8 image LBA (LE32) | rest 0
 * Section header: 0 0x90 (more follow) / 0x91 (final) | 1 platform | 2 entry count (LE16) | rest 0
 * </pre>
 *
 * The first boot entry is the default entry; the others follow in sections, one section per run of
 * consecutive entries with the same platform.
 *
 * <p>Boot-info-table (written into the image's copy of the boot file, never into the source): 8 PVD
 * LBA (16) | 12 boot file LBA | 16 boot file length | 20 checksum: sum mod 2^32 of the file's LE32
 * words from offset 64 (a short last word zero-padded) | 24..63 zeros.
 *
 * <p>Stateless and thread-safe.
 */
final class ElTorito {
  static final int ENTRY = 32;
  static final int HEADER_MORE = 0x90;
  static final int HEADER_FINAL = 0x91;
  static final int BOOTABLE = 0x88;

  private ElTorito() {}

  /** Encodes the catalog sector. */
  static byte[] catalog(IsoLayout layout) {
    List<BootEntry> entries = layout.image.bootEntries();
    byte[] b = new byte[IsoBytes.SECTOR];
    b[0] = 1;
    b[1] = (byte) entries.get(0).platform().id();
    b[30] = 0x55;
    b[31] = (byte) 0xAA;
    int sum = 0;
    for (int i = 0; i < ENTRY; i += 2) {
      sum += (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
    IsoBytes.le16(b, 28, -sum & 0xFFFF);
    int pos = ENTRY;
    entry(b, pos, layout, entries.get(0));
    pos += ENTRY;
    int i = 1;
    while (i < entries.size()) {
      int j = i;
      while (j < entries.size() && entries.get(j).platform() == entries.get(i).platform()) {
        j++;
      }
      b[pos] = (byte) (j == entries.size() ? HEADER_FINAL : HEADER_MORE);
      b[pos + 1] = (byte) entries.get(i).platform().id();
      IsoBytes.le16(b, pos + 2, j - i);
      pos += ENTRY;
      for (; i < j; i++) {
        entry(b, pos, layout, entries.get(i));
        pos += ENTRY;
      }
    }
    return b;
  }

  private static void entry(byte[] b, int pos, IsoLayout layout, BootEntry e) {
    IsoLayout.Node img = layout.requireNode(e.image());
    b[pos] = (byte) BOOTABLE;
    IsoBytes.le16(b, pos + 6, e.effectiveLoadSectors(img.size));
    IsoBytes.le32(b, pos + 8, img.lba);
  }

  /** The 56 bytes written at offset 8 of a boot file. */
  static byte[] bootInfoTable(long fileLba, long fileLength, long checksum) {
    byte[] t = new byte[56];
    IsoBytes.le32(t, 0, 16);
    IsoBytes.le32(t, 4, fileLba);
    IsoBytes.le32(t, 8, fileLength);
    IsoBytes.le32(t, 12, checksum);
    return t;
  }
}
