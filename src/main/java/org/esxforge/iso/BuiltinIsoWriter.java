package org.esxforge.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.HashingChannel;
import org.esxforge.io.Parents;
import org.esxforge.io.TempFiles;

/**
 * The bundled writer: plans the layout ({@link IsoLayout}), then streams every sector in LBA order
 * to a temp file beside the target (no seek back, no whole-file buffer), computing the SHA-256 of
 * the bytes on their way out ({@link HashingChannel}, on a second core), and moves it into place.
 * The output is never read back. A boot image with a boot-info-table is read twice: once to
 * checksum it, once to copy it with the table patched in on the way.
 *
 * <p>The temp file is not forced to disk: an ISO is a reproducible artifact, and the rename is
 * still atomic for readers. Thread-safe (stateless apart from the event handlers).
 */
final class BuiltinIsoWriter implements IsoWriter {
  /**
   * A boot-info-table image is loaded by BIOS into conventional memory; anything larger is wrong.
   */
  static final long MAX_BOOT_INFO_IMAGE = 32L << 20;

  private static final long CHUNK = 64L << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(IsoBytes.SECTOR * 16);

  private final EventHandlers events;

  BuiltinIsoWriter(EventHandlers events) {
    this.events = events;
  }

  @Override
  public IsoResult write(IsoImage image, Path target) throws IOException {
    IsoLayout layout;
    try {
      layout = IsoLayout.plan(image);
    } catch (IllegalArgumentException e) {
      throw new IOException(target + ": " + e.getMessage(), e);
    }
    Map<IsoLayout.Node, byte[]> tables = bootInfoTables(layout, target);
    Path abs = target.toAbsolutePath();
    Path dir = Parents.of(abs);
    Files.createDirectories(dir);
    Path tmp = TempFiles.createFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      IsoResult result;
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          HashingChannel out = HashingChannel.of(ch)) {
        new Emitter(layout, tables, out, target).run();
        result = new IsoResult(out.byteCount(), out.digest());
      }
      AtomicFiles.move(tmp, abs);
      done = true;
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Pre-pass: checksums each boot-info-table image and builds its 56-byte table. */
  private static Map<IsoLayout.Node, byte[]> bootInfoTables(IsoLayout layout, Path target)
      throws IOException {
    Map<IsoLayout.Node, byte[]> tables = new HashMap<>();
    for (BootEntry e : layout.image.bootEntries()) {
      IsoLayout.Node n = layout.requireNode(e.image());
      if (!e.bootInfoTable() || tables.containsKey(n)) {
        continue;
      }
      if (n.size > MAX_BOOT_INFO_IMAGE) {
        throw new IOException(
            target
                + ": boot image '"
                + n.path
                + "' is "
                + n.size
                + " bytes; a boot-info-table image must be at most "
                + MAX_BOOT_INFO_IMAGE);
      }
      BootInfoChannels.Checksum sum = new BootInfoChannels.Checksum();
      n.source().writeTo(sum);
      checkCount(target, n, sum.byteCount());
      tables.put(n, ElTorito.bootInfoTable(n.lba, n.size, sum.checksum()));
    }
    return tables;
  }

  static void checkCount(Path target, IsoLayout.Node n, long actual) throws IOException {
    if (actual != n.size) {
      throw new IOException(
          target
              + "!"
              + n.path
              + ": source wrote "
              + actual
              + " bytes but declared "
              + n.size
              + " bytes; was the file changed while the ISO was written?");
    }
  }

  /** Writes one image; single use. */
  private final class Emitter {
    private final IsoLayout layout;
    private final Map<IsoLayout.Node, byte[]> tables;
    private final HashingChannel out;
    private final Path target;
    private final String task;
    private long pos;
    private long lastEvent;

    Emitter(IsoLayout l, Map<IsoLayout.Node, byte[]> t, HashingChannel out, Path p) {
      this.layout = l;
      this.tables = t;
      this.out = out;
      this.target = p;
      this.task = "write " + TempFiles.shownName(p);
    }

    void run() throws IOException {
      IsoImage img = layout.image;
      boolean joliet = img.joliet();
      zeros(16L * IsoBytes.SECTOR);
      put(16, VolumeDescriptors.volume(layout, 0));
      if (layout.bootable) {
        put(layout.bootRecordLba, VolumeDescriptors.bootRecord(layout.catalogLba));
      }
      if (joliet) {
        put(layout.jolietLba, VolumeDescriptors.volume(layout, 1));
      }
      put(layout.terminatorLba, VolumeDescriptors.terminator());
      if (layout.bootable) {
        put(layout.catalogLba, ElTorito.catalog(layout));
      }
      int namespaces = joliet ? 2 : 1;
      for (int ns = 0; ns < namespaces; ns++) {
        put(layout.pathTableLba[ns][0], PathTable.encode(layout.directories, ns, false));
        put(layout.pathTableLba[ns][1], PathTable.encode(layout.directories, ns, true));
      }
      for (int ns = 0; ns < namespaces; ns++) {
        boolean rr = img.rockRidge() && ns == 0;
        for (IsoLayout.Node d : layout.directories) {
          put(d.dirLba[ns], DirectoryRecords.extent(d, ns, rr, img.timestamp()));
        }
      }
      for (IsoLayout.Node f : layout.dataFiles) {
        file(f);
      }
      if (pos != layout.byteCount()) {
        throw new IllegalStateException("wrote " + pos + " bytes, planned " + layout.byteCount());
      }
      progress(pos, true);
    }

    private void put(long lba, byte[] bytes) throws IOException {
      expect(lba);
      out.write(ByteBuffer.wrap(bytes));
      pos += bytes.length;
    }

    private void expect(long lba) {
      if (pos != lba * IsoBytes.SECTOR) {
        throw new IllegalStateException("at byte " + pos + ", expected LBA " + lba);
      }
    }

    private void file(IsoLayout.Node f) throws IOException {
      expect(f.lba);
      long start = out.byteCount();
      byte[] table = tables.get(f);
      if (table == null && f.source instanceof Sources.Region r) {
        try (FileChannel in = FileChannel.open(r.file(), StandardOpenOption.READ)) {
          for (long done = 0; done < r.length(); ) {
            long n = Math.min(CHUNK, r.length() - done);
            long copied = out.transferFrom(in, r.offset() + done, n);
            done += copied;
            if (copied < n) {
              throw new IOException(
                  r.file()
                      + "@"
                      + (r.offset() + done)
                      + ": file ends before the declared region end "
                      + (r.offset() + r.length())
                      + " (file size "
                      + in.size()
                      + " bytes); was it changed while the ISO was written?");
            }
            progress(start + done, false);
          }
        } catch (IOException e) {
          throw new IOException(target + "!" + f.path + ": " + e.getMessage(), e);
        }
      } else {
        WritableByteChannel sink = new Counting();
        f.source().writeTo(table == null ? sink : new BootInfoChannels.Patching(sink, table));
      }
      checkCount(target, f, out.byteCount() - start);
      pos += f.size;
      zeros(IsoBytes.sectors(f.size) * IsoBytes.SECTOR - f.size);
      progress(pos, false);
    }

    private void zeros(long count) throws IOException {
      while (count > 0) {
        ByteBuffer z = ZEROS.duplicate();
        z.limit((int) Math.min(count, z.capacity()));
        count -= z.remaining();
        pos += z.remaining();
        out.write(z);
      }
    }

    private void progress(long now, boolean last) {
      if (last || now - lastEvent >= CHUNK) {
        lastEvent = now;
        events.dispatch(new ProgressEvent(task, now, layout.byteCount(), "bytes"));
      }
    }

    /** Passes writes to the output; the source cannot close it. */
    private final class Counting implements WritableByteChannel {
      @Override
      public int write(ByteBuffer src) throws IOException {
        return out.write(src);
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    }
  }
}
