package org.esxforge.iso;

import java.time.Instant;

/**
 * The volume descriptors: Primary (type 1), Joliet Supplementary (type 2), El Torito Boot Record
 * (type 0) and the Set Terminator (type 255). Each is one 2048-byte sector.
 *
 * <pre>
 * PVD/SVD offset field
 *  0    type          1..5 "CD001"   6 version 1     7 flags 0
 *  8    system id (32)                40 volume id (32)
 *  80   volume space size, both32     88 escape sequences (Joliet: "%/E", UCS-2 level 3)
 *  120  volume set size = 1, both16   124 volume sequence number = 1, both16
 *  128  logical block size 2048, both16
 *  132  path table size, both32       140 L table LBA (LE32)   148 M table LBA (BE32)
 *  156  root directory record (34)
 *  190  volume set id (128)  318 publisher (128)  446 preparer (128)  574 application (128)
 *  702  copyright (37)  739 abstract (37)  776 bibliographic (37)
 *  813  creation  830 modification  847 expiration (unset)  864 effective (unset), 17 bytes each
 *  881  file structure version = 1
 *
 * Boot Record: 0 type 0, "CD001", 1; 7..38 "EL TORITO SPECIFICATION" zero-padded; 71 catalog LBA (LE32)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class VolumeDescriptors {
  static final int TYPE_BOOT = 0;
  static final int TYPE_PRIMARY = 1;
  static final int TYPE_SUPPLEMENTARY = 2;
  static final int TYPE_TERMINATOR = 255;

  private VolumeDescriptors() {}

  private static byte[] header(int type) {
    byte[] b = new byte[IsoBytes.SECTOR];
    b[0] = (byte) type;
    IsoBytes.text(b, 1, 5, "CD001");
    b[6] = 1;
    return b;
  }

  /** The PVD ({@code ns} 0) or the Joliet SVD ({@code ns} 1). */
  static byte[] volume(IsoLayout layout, int ns) {
    IsoImage img = layout.image;
    boolean joliet = ns == 1;
    byte[] b = header(joliet ? TYPE_SUPPLEMENTARY : TYPE_PRIMARY);
    text(b, 8, 32, img.systemId(), joliet);
    text(b, 40, 32, img.volumeId(), joliet);
    IsoBytes.both32(b, 80, layout.totalSectors);
    if (joliet) {
      b[88] = '%';
      b[89] = '/';
      b[90] = 'E';
    }
    IsoBytes.both16(b, 120, 1);
    IsoBytes.both16(b, 124, 1);
    IsoBytes.both16(b, 128, IsoBytes.SECTOR);
    IsoBytes.both32(b, 132, layout.pathTableSize[ns]);
    IsoBytes.le32(b, 140, layout.pathTableLba[ns][0]);
    IsoBytes.be32(b, 148, layout.pathTableLba[ns][1]);
    Instant t = img.timestamp();
    byte[] root = DirectoryRecords.record(layout.root, ns, new byte[] {0}, new byte[0], t);
    System.arraycopy(root, 0, b, 156, root.length);
    text(b, 190, 128, "", joliet);
    text(b, 318, 128, img.publisherId(), joliet);
    text(b, 446, 128, img.preparerId(), joliet);
    text(b, 574, 128, img.applicationId(), joliet);
    text(b, 702, 37, "", joliet);
    text(b, 739, 37, "", joliet);
    text(b, 776, 37, "", joliet);
    IsoBytes.volumeDate(b, 813, t);
    IsoBytes.volumeDate(b, 830, t);
    IsoBytes.volumeDate(b, 847, null);
    IsoBytes.volumeDate(b, 864, null);
    b[881] = 1;
    return b;
  }

  private static void text(byte[] b, int off, int len, String s, boolean joliet) {
    if (joliet) {
      IsoBytes.ucs2(b, off, len, s);
    } else {
      IsoBytes.text(b, off, len, s);
    }
  }

  /** The El Torito Boot Record Volume Descriptor pointing at the catalog. */
  static byte[] bootRecord(long catalogLba) {
    byte[] b = header(TYPE_BOOT);
    byte[] id = "EL TORITO SPECIFICATION".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, b, 7, id.length);
    IsoBytes.le32(b, 71, catalogLba);
    return b;
  }

  static byte[] terminator() {
    return header(TYPE_TERMINATOR);
  }
}
