package org.esxforge.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes a deterministic 1 MiB FAT12 image (the El Torito UEFI image {@code efiboot.img}), so no
 * mtools/mkfs timestamps or random volume serials leak in. Geometry: 2048 sectors of 512 bytes, 1
 * sector per cluster, 1 reserved sector, 2 FATs of 6 sectors, 224 root entries (14 sectors), data
 * from sector 27 (2021 clusters, which is FAT12 by the cluster-count rule). Media 0xF8, volume
 * serial 0x45535846 ("ESXF"), every date 1980-01-01 00:00, attributes: directories 0x10, files
 * 0x20. Names must already be upper-case 8.3 ({@code EFI/BOOT/BOOTX64.EFI}).
 *
 * <p>Thread-safe (stateless).
 */
final class Fat12Image {
  static final int SIZE = 1 << 20;
  private static final int SECTOR = 512;
  private static final int SECTORS = SIZE / SECTOR;
  private static final int FAT_SECTORS = 6;
  private static final int ROOT_ENTRIES = 224;
  private static final int ROOT_START = 1 + 2 * FAT_SECTORS;
  private static final int DATA_START = ROOT_START + ROOT_ENTRIES * 32 / SECTOR;
  private static final int CLUSTERS = SECTORS - DATA_START;
  private static final short DOS_DATE_1980_01_01 = 0x21;

  private Fat12Image() {}

  /** An empty formatted image. */
  static byte[] empty(String label) {
    return write(label, Map.of());
  }

  /**
   * @param files path (upper-case 8.3 components separated by '/') to content
   */
  static byte[] write(String label, Map<String, byte[]> files) {
    Dir root = new Dir();
    new TreeMap<>(files).forEach((path, data) -> root.put(path.split("/"), 0, data));
    ByteBuffer img = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    bootSector(img, label);
    int[] fat = new int[CLUSTERS + 2];
    fat[0] = 0xFF8;
    fat[1] = 0xFFF;
    int[] next = {2};
    root.allocateChildren(next);
    root.writeEntries(img, ROOT_START * SECTOR, ROOT_ENTRIES, 0, 0, fat, label);
    for (int f = 0; f < 2; f++) {
      int at = (1 + f * FAT_SECTORS) * SECTOR;
      for (int i = 0; i + 1 < fat.length; i += 2) {
        int a = fat[i];
        int b = fat[i + 1];
        img.put(at + i / 2 * 3, (byte) a);
        img.put(at + i / 2 * 3 + 1, (byte) (((a >> 8) & 0x0F) | ((b & 0x0F) << 4)));
        img.put(at + i / 2 * 3 + 2, (byte) (b >> 4));
      }
    }
    return img.array();
  }

  private static void bootSector(ByteBuffer b, String label) {
    b.put(0, new byte[] {(byte) 0xEB, 0x3C, (byte) 0x90});
    b.put(3, "ESXFORGE".getBytes(StandardCharsets.US_ASCII));
    b.putShort(11, (short) SECTOR);
    b.put(13, (byte) 1);
    b.putShort(14, (short) 1);
    b.put(16, (byte) 2);
    b.putShort(17, (short) ROOT_ENTRIES);
    b.putShort(19, (short) SECTORS);
    b.put(21, (byte) 0xF8);
    b.putShort(22, (short) FAT_SECTORS);
    b.putShort(24, (short) 32);
    b.putShort(26, (short) 2);
    b.put(36, (byte) 0x80);
    b.put(38, (byte) 0x29);
    b.putInt(39, 0x46585345);
    b.put(43, pad(label, 11));
    b.put(54, "FAT12   ".getBytes(StandardCharsets.US_ASCII));
    b.put(62, new byte[] {(byte) 0xF4, (byte) 0xEB, (byte) 0xFD}); // hlt; jmp back
    b.put(510, (byte) 0x55);
    b.put(511, (byte) 0xAA);
  }

  private static byte[] pad(String s, int n) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) ' ');
    byte[] src = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(src, 0, out, 0, Math.min(n, src.length));
    return out;
  }

  /** 8.3 name field: "BOOTX64.EFI" → "BOOTX64 EFI". */
  private static byte[] shortName(String name) {
    int dot = name.lastIndexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    if (base.isEmpty()
        || base.length() > 8
        || ext.length() > 3
        || !name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("not an upper-case 8.3 name: " + name);
    }
    byte[] out = new byte[11];
    System.arraycopy(pad(base, 8), 0, out, 0, 8);
    System.arraycopy(pad(ext, 3), 0, out, 8, 3);
    return out;
  }

  private static int clustersFor(long bytes) {
    return (int) ((bytes + SECTOR - 1) / SECTOR);
  }

  private static void entry(ByteBuffer b, int at, byte[] name, int attr, int cluster, int size) {
    b.put(at, name);
    b.put(at + 11, (byte) attr);
    b.putShort(at + 16, DOS_DATE_1980_01_01);
    b.putShort(at + 18, DOS_DATE_1980_01_01);
    b.putShort(at + 24, DOS_DATE_1980_01_01);
    b.putShort(at + 26, (short) cluster);
    b.putInt(at + 28, size);
  }

  private static final class Dir {
    final TreeMap<String, Object> children = new TreeMap<>();
    final Map<String, Integer> firstCluster = new TreeMap<>();

    void put(String[] parts, int i, byte[] data) {
      if (i == parts.length - 1) {
        children.put(parts[i], data);
      } else {
        ((Dir) children.computeIfAbsent(parts[i], k -> new Dir())).put(parts, i + 1, data);
      }
    }

    int entryBytes() {
      return (children.size() + 2) * 32;
    }

    void allocateChildren(int[] next) {
      List<Dir> subdirs = new ArrayList<>();
      children.forEach(
          (name, c) -> {
            int size = c instanceof Dir d ? d.entryBytes() : ((byte[]) c).length;
            firstCluster.put(name, size == 0 ? 0 : next[0]);
            next[0] += clustersFor(size);
            if (c instanceof Dir d) {
              subdirs.add(d);
            }
          });
      if (next[0] > CLUSTERS + 2) {
        throw new IllegalArgumentException("files do not fit a 1 MiB FAT12 image");
      }
      subdirs.forEach(d -> d.allocateChildren(next));
    }

    void writeEntries(
        ByteBuffer img,
        int at,
        int maxEntries,
        int self,
        int parent,
        int[] fat,
        @Nullable String label) {
      int slot = 0;
      if (label != null) {
        entry(img, at + 32 * slot++, pad(label, 11), 0x08, 0, 0);
      } else {
        entry(img, at + 32 * slot++, pad(".", 11), 0x10, self, 0);
        entry(img, at + 32 * slot++, pad("..", 11), 0x10, parent, 0);
      }
      for (Map.Entry<String, Object> e : children.entrySet()) {
        if (slot >= maxEntries) {
          throw new IllegalArgumentException("too many entries in a FAT directory");
        }
        int cluster = Objects.requireNonNull(firstCluster.get(e.getKey()), e.getKey());
        boolean dir = e.getValue() instanceof Dir;
        int size = dir ? ((Dir) e.getValue()).entryBytes() : ((byte[]) e.getValue()).length;
        entry(
            img,
            at + 32 * slot++,
            shortName(e.getKey()),
            dir ? 0x10 : 0x20,
            cluster,
            dir ? 0 : size);
        int n = clustersFor(size);
        for (int k = 0; k < n; k++) {
          fat[cluster + k] = k == n - 1 ? 0xFFF : cluster + k + 1;
        }
        int dataAt = (DATA_START + cluster - 2) * SECTOR;
        if (dir) {
          ((Dir) e.getValue()).writeEntries(img, dataAt, n * SECTOR / 32, cluster, self, fat, null);
        } else {
          img.put(dataAt, (byte[]) e.getValue());
        }
      }
    }
  }
}
