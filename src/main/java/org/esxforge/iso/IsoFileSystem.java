package org.esxforge.iso;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a verifier needs from an ISO 9660 image (ECMA-119): the primary volume descriptor, the
 * file tree (primary names, {@code ;1} version and trailing dot removed, upper case) and the El
 * Torito boot catalog. Rock Ridge and Joliet are ignored. Every length is bounds-checked against
 * the image before reading; a malformed image fails with a one-line {@link FormatException} naming
 * the file and the offset. Independent of the writer's classes, so it can check their output.
 *
 * <p>Not thread-safe (one open channel); close it.
 */
public final class IsoFileSystem implements Closeable {
  private static final int SECTOR = 2048;
  private static final int MAX_DEPTH = 8;
  private static final int MAX_FILES = 200_000;
  private static final long MAX_DIRECTORY = 16L << 20;

  /** One file or directory: its extent and size. */
  public record Entry(String path, long lba, long size, boolean directory) {}

  /** One El Torito catalog entry (the default entry or a section entry). */
  public record BootCatalogEntry(
      int platform, boolean bootable, int media, int loadSectors, long lba) {
    /** The platform id of UEFI (0xEF); 0 is x86 BIOS. */
    public static final int UEFI = 0xEF;
  }

  private final Path path;
  private final FileChannel ch;
  private final long size;
  private final String volumeId;
  private final SortedMap<String, Entry> entries = new TreeMap<>();
  private final List<BootCatalogEntry> boot = new ArrayList<>();

  private IsoFileSystem(Path path) throws IOException {
    this.path = path;
    this.ch = FileChannel.open(path, StandardOpenOption.READ);
    this.size = ch.size();
    try {
      byte[] pvd = null;
      long bootCatalog = -1;
      for (int s = 16; s < 16 + 32; s++) {
        byte[] vd = sector(s);
        if (!ascii(vd, 1, 5).equals("CD001")) {
          throw fail(
              (long) s * SECTOR,
              "no volume descriptor (CD001) at sector " + s + "; not an ISO 9660 image");
        }
        int type = vd[0] & 0xFF;
        if (type == 255) {
          break;
        } else if (type == 1 && pvd == null) {
          pvd = vd;
        } else if (type == 0 && ascii(vd, 7, 23).equals("EL TORITO SPECIFICATION")) {
          bootCatalog = le32(vd, 71);
        }
      }
      if (pvd == null) {
        throw fail(16L * SECTOR, "no primary volume descriptor");
      }
      volumeId = ascii(pvd, 40, 32).trim();
      walk("", le32(pvd, 156 + 2), le32(pvd, 156 + 10), 0);
      if (bootCatalog >= 0) {
        readBootCatalog(bootCatalog);
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * True when {@code file} starts like an ISO 9660 image ({@code CD001} in the volume descriptor at
   * byte 32769); lets a command send {@code .iso} files to the ISO verifier.
   */
  public static boolean matches(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      if (c.size() < 16L * SECTOR + 6) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(5);
      while (b.hasRemaining() && c.read(b, 16L * SECTOR + 1 + b.position()) > 0) {
        // read the five magic bytes
      }
      return new String(b.array(), StandardCharsets.US_ASCII).equals("CD001");
    }
  }

  /** Opens and indexes {@code iso}. */
  public static IsoFileSystem open(Path iso) throws IOException {
    return new IsoFileSystem(iso);
  }

  public String volumeId() {
    return volumeId;
  }

  /** Every file and directory by path ({@code /EFI/BOOT/BOOT.CFG}), sorted. */
  public SortedMap<String, Entry> entries() {
    return Collections.unmodifiableSortedMap(entries);
  }

  /** The entry at {@code isoPath}, case-insensitively; null if absent. */
  public @Nullable Entry entry(String isoPath) {
    String p = isoPath.startsWith("/") ? isoPath : "/" + isoPath;
    return entries.get(p.toUpperCase(Locale.ROOT));
  }

  /** The El Torito entries (default entry first), empty without a boot record. */
  public List<BootCatalogEntry> bootCatalog() {
    return List.copyOf(boot);
  }

  /**
   * Streams the bytes of a file, for files too large for {@link #read(Entry, int)}. The stream
   * reads this file system's channel by position; close it, but use it only while this file system
   * is open.
   */
  public java.io.InputStream open(Entry e) throws IOException {
    if (e.directory()) {
      throw fail(e.lba() * SECTOR, e.path() + " is a directory");
    }
    long start = e.lba() * SECTOR;
    long end = start + e.size();
    if (end > ch.size()) {
      throw fail(
          start,
          e.path()
              + " ends at byte "
              + end
              + ", past the end of the image ("
              + ch.size()
              + " bytes)");
    }
    return new java.io.InputStream() {
      private long pos = start;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= end) {
          return -1;
        }
        int n = ch.read(java.nio.ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
        if (n < 0) {
          throw fail(pos, e.path() + " is truncated");
        }
        pos += n;
        return n;
      }
    };
  }

  /** The bytes of a file up to {@code maxBytes}; longer files fail. */
  public byte[] read(Entry e, int maxBytes) throws IOException {
    if (e.directory() || e.size() > maxBytes) {
      throw fail(
          e.lba() * SECTOR,
          e.path()
              + " is "
              + (e.directory()
                  ? "a directory"
                  : e.size() + " bytes, more than the " + maxBytes + " read at most"));
    }
    return read(e.lba() * SECTOR, (int) e.size());
  }

  private void walk(String prefix, long lba, long length, int depth) throws IOException {
    if (depth > MAX_DEPTH || length > MAX_DIRECTORY) {
      throw fail(
          lba * SECTOR,
          "directory "
              + (prefix.isEmpty() ? "/" : prefix)
              + (depth > MAX_DEPTH ? " nested deeper than " + MAX_DEPTH : " too large: " + length));
    }
    byte[] ext = read(lba * SECTOR, (int) length);
    int pos = 0;
    while (pos < ext.length) {
      int len = ext[pos] & 0xFF;
      if (len == 0) {
        pos = (pos / SECTOR + 1) * SECTOR;
        continue;
      }
      if (len < 34 || pos + len > ext.length || pos + 33 + (ext[pos + 32] & 0xFF) > pos + len) {
        throw fail(
            lba * SECTOR + pos, "bad directory record in " + (prefix.isEmpty() ? "/" : prefix));
      }
      int idLen = ext[pos + 32] & 0xFF;
      boolean special = idLen == 1 && (ext[pos + 33] == 0 || ext[pos + 33] == 1);
      if (!special) {
        String id = new String(ext, pos + 33, idLen, StandardCharsets.US_ASCII);
        int semi = id.indexOf(';');
        if (semi >= 0) {
          id = id.substring(0, semi);
        }
        if (id.endsWith(".")) {
          id = id.substring(0, id.length() - 1);
        }
        boolean dir = (ext[pos + 25] & 2) != 0;
        String p = (prefix + "/" + id).toUpperCase(Locale.ROOT);
        Entry e = new Entry(p, le32(ext, pos + 2), le32(ext, pos + 10), dir);
        if (!dir && e.lba() * SECTOR + e.size() > size) {
          throw fail(lba * SECTOR + pos, p + " extends beyond the end of the image");
        }
        if (entries.size() >= MAX_FILES) {
          throw fail(lba * SECTOR + pos, "more than " + MAX_FILES + " files");
        }
        entries.put(p, e);
        if (dir) {
          walk(p, e.lba(), e.size(), depth + 1);
        }
      }
      pos += len;
    }
  }

  private void readBootCatalog(long lba) throws IOException {
    byte[] cat = sector(lba);
    long at = lba * SECTOR;
    if ((cat[0] & 0xFF) != 1 || (cat[30] & 0xFF) != 0x55 || (cat[31] & 0xFF) != 0xAA) {
      throw fail(at, "boot catalog has no validation entry");
    }
    int sum = 0;
    for (int i = 0; i < 32; i += 2) {
      sum += (cat[i] & 0xFF) | (cat[i + 1] & 0xFF) << 8;
    }
    if ((sum & 0xFFFF) != 0) {
      throw fail(at, "boot catalog validation entry checksum is wrong");
    }
    int platform = cat[1] & 0xFF;
    boot.add(entry(cat, 32, platform));
    int pos = 64;
    while (pos + 32 <= SECTOR) {
      int ind = cat[pos] & 0xFF;
      if (ind != 0x90 && ind != 0x91) {
        break;
      }
      int sectionPlatform = cat[pos + 1] & 0xFF;
      int n = (cat[pos + 2] & 0xFF) | (cat[pos + 3] & 0xFF) << 8;
      pos += 32;
      for (int i = 0; i < n && pos + 32 <= SECTOR; i++, pos += 32) {
        boot.add(entry(cat, pos, sectionPlatform));
      }
      if (ind == 0x91) {
        break;
      }
    }
  }

  private static BootCatalogEntry entry(byte[] cat, int pos, int platform) {
    return new BootCatalogEntry(
        platform,
        (cat[pos] & 0xFF) == 0x88,
        cat[pos + 1] & 0x0F,
        (cat[pos + 6] & 0xFF) | (cat[pos + 7] & 0xFF) << 8,
        le32(cat, pos + 8));
  }

  private byte[] sector(long lba) throws IOException {
    return read(lba * SECTOR, SECTOR);
  }

  private byte[] read(long offset, int len) throws IOException {
    if (offset < 0 || len < 0 || offset + len > size) {
      throw fail(
          offset,
          "reading " + len + " bytes beyond the end of the image (" + size + " bytes); truncated?");
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw fail(offset + b.position(), "unexpected end of file");
      }
    }
    return b.array();
  }

  private FormatException fail(long offset, String what) {
    return new FormatException(path.toString(), null, offset, what);
  }

  private static long le32(byte[] b, int o) {
    return (b[o] & 0xFFL)
        | (b[o + 1] & 0xFFL) << 8
        | (b[o + 2] & 0xFFL) << 16
        | (b[o + 3] & 0xFFL) << 24;
  }

  private static String ascii(byte[] b, int o, int len) {
    return new String(b, o, len, StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
