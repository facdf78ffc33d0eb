package org.esxforge.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.esxforge.io.AtomicFiles;

/**
 * The zip bytes that {@link DepotWriter} writes through commons-compress's {@link
 * ZipArchiveOutputStream} on a plain stream (every entry deflated, sizes in a data descriptor, no
 * Zip64), made from entries that were deflated beforehand, on any thread. A 20,000-VIB bundle's
 * {@code metadata.zip} has 40,000 entries; deflating them one after the other, each through a
 * {@code ZipArchiveOutputStream} entry, was a fifth of the bundle's time on one core.
 *
 * <p>Byte-identical to the stream's output by construction: each entry is deflated with the calls
 * commons-compress's {@code StreamCompressor} makes (input in 8 KiB slices, output in 4 KiB pieces,
 * then {@code finish}), and the header fields that do not depend on the entry (versions, flags,
 * method, DOS time and any time extra fields, attributes) are copied from a one-entry zip that
 * {@code ZipArchiveOutputStream} itself writes for the same time. Only zips that need no Zip64
 * records are assembled here ({@link #fits}); the caller writes others through the stream.
 *
 * <p>{@link Member}s are immutable. A {@link Deflating} and a {@link Sink} belong to one thread.
 */
final class ZipAssembly {
  /** commons-compress {@code StreamCompressor}: input slice and output buffer sizes. */
  private static final int INPUT_SLICE = 8192;

  private static final int OUTPUT_BUFFER = 4096;
  private static final int LFH = 0x04034b50;
  private static final int CFH = 0x02014b50;
  private static final int DD = 0x08074b50;
  private static final int EOCD = 0x06054b50;
  private static final long MAX_32 = 0xFFFFFFFFL;
  private static final int MAX_ENTRIES = 0xFFFF;

  private ZipAssembly() {}

  /** Whether a zip of {@code entries} entries and at most {@code bytes} bytes needs no Zip64. */
  static boolean fits(long entries, long bytes) {
    return entries < MAX_ENTRIES && bytes < MAX_32;
  }

  /** One entry, deflated: its name, CRC-32, uncompressed size and deflated bytes. */
  static final class Member {
    final String name;
    private final byte[] deflated;
    final long crc;
    final long size;

    Member(String name, byte[] deflated, long crc, long size) {
      this.name = name;
      this.deflated = deflated;
      this.crc = crc;
      this.size = size;
    }

    long compressedSize() {
      return deflated.length;
    }
  }

  /** A deflater driven as commons-compress drives its own; reused for many entries. */
  static final class Deflating implements AutoCloseable {
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[OUTPUT_BUFFER];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(OUTPUT_BUFFER);

    Deflating(int level) {
      deflater = new Deflater(level, true);
    }

    /** {@code data} deflated as the entry {@code name}. */
    Member deflate(String name, byte[] data) {
      out.reset();
      try {
        start();
        feed(data, 0, data.length, out);
        end(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
      }
      return new Member(name, out.toByteArray(), crc.getValue(), data.length);
    }

    /**
     * The entry {@code name} deflated from what {@code body} writes, each write fed as {@link
     * Sink#entry}'s stream feeds it: the same member as writing {@code body} to that stream.
     */
    Member deflate(String name, AtomicFiles.StreamWriter body) throws IOException {
      out.reset();
      start();
      long[] size = {0};
      body.write(
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              java.util.Objects.checkFromIndexSize(off, len, b.length);
              feed(b, off, len, out);
              size[0] += len;
            }
          });
      end(out);
      return new Member(name, out.toByteArray(), crc.getValue(), size[0]);
    }

    private void start() {
      deflater.reset();
      crc.reset();
    }

    /** As {@code StreamCompressor.write}: one write, in 8 KiB slices, each deflated at once. */
    private void feed(byte[] b, int off, int len, OutputStream to) throws IOException {
      crc.update(b, off, len);
      if (deflater.finished()) {
        return;
      }
      for (int at = off, end = off + len; at < end; at += INPUT_SLICE) {
        deflater.setInput(b, at, Math.min(INPUT_SLICE, end - at));
        while (!deflater.needsInput()) {
          drain(to);
        }
      }
    }

    private void end(OutputStream to) throws IOException {
      deflater.finish();
      while (!deflater.finished()) {
        drain(to);
      }
    }

    private void drain(OutputStream to) throws IOException {
      int n = deflater.deflate(buffer, 0, buffer.length);
      if (n > 0) {
        to.write(buffer, 0, n);
      }
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /**
   * A stream into {@code entry} (a {@link Sink#entry} stream) that hands on its bytes in 64 KiB
   * pieces, the last one excepted: as the deflater takes its input in {@link #INPUT_SLICE} slices
   * of each write, the entry's bytes are the same as from one write of all of them. Closing writes
   * the rest and closes {@code entry}.
   */
  static OutputStream inWholeSlices(OutputStream entry) {
    return new OutputStream() {
      private final byte[] piece = new byte[8 * INPUT_SLICE];
      private int filled;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
          int n = Math.min(len, piece.length - filled);
          System.arraycopy(b, off, piece, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == piece.length) {
            entry.write(piece, 0, filled);
            filled = 0;
          }
        }
      }

      @Override
      public void close() throws IOException {
        if (filled > 0) {
          entry.write(piece, 0, filled);
          filled = 0;
        }
        entry.close();
      }
    };
  }

  /** Writes members and then the central directory to a stream, counting offsets. */
  static final class Sink {
    private final OutputStream out;
    private final Template template;
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private final byte[] header = new byte[64];
    private long offset;
    private int entries;

    /** {@link #out}, counting what goes through. */
    private final OutputStream counted =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
            offset++;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            offset += len;
          }
        };

    /** A zip whose every entry time is {@code time} (a Java time, as given to the entry). */
    Sink(OutputStream out, long time) {
      this.out = out;
      this.template = Template.of(time);
    }

    void put(Member m) throws IOException {
      byte[] name = m.name.getBytes(StandardCharsets.UTF_8);
      long start = begin(name);
      write(m.deflated, m.deflated.length);
      end(name, start, m.crc, m.compressedSize(), m.size);
    }

    /**
     * Starts the entry {@code name}, deflated with {@code d} as its bytes are written to the
     * returned stream (each write as one {@code ZipArchiveOutputStream.write}); closing the stream
     * ends the entry.
     */
    OutputStream entry(String name, Deflating d) throws IOException {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      long start = begin(nameBytes);
      long data = offset;
      d.start();
      return new OutputStream() {
        private long size;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          java.util.Objects.checkFromIndexSize(off, len, b.length);
          if (closed) {
            throw new IOException("zip entry " + name + " already closed");
          }
          d.feed(b, off, len, counted);
          size += len;
        }

        @Override
        public void close() throws IOException {
          if (!closed) {
            closed = true;
            d.end(counted);
            end(nameBytes, start, d.crc.getValue(), offset - data, size);
          }
        }
      };
    }

    /** Writes the local header; returns its offset. */
    private long begin(byte[] name) throws IOException {
      if (entries + 1 >= MAX_ENTRIES) {
        throw new IllegalStateException("more than " + (MAX_ENTRIES - 1) + " zip entries");
      }
      long start = offset;
      // local file header: CRC and sizes follow the data, in the data descriptor
      System.arraycopy(template.local, 0, header, 0, 14);
      Arrays.fill(header, 14, 26, (byte) 0);
      le16(header, 26, name.length);
      le16(header, 28, template.localExtra.length);
      write(header, 30);
      write(name, name.length);
      write(template.localExtra, template.localExtra.length);
      return start;
    }

    /** Writes the data descriptor and keeps the central directory header. */
    private void end(byte[] name, long start, long crc, long compressed, long size)
        throws IOException {
      le32(header, 0, DD);
      le32(header, 4, crc);
      le32(header, 8, compressed);
      le32(header, 12, size);
      write(header, 16);
      if (offset >= MAX_32 || size >= MAX_32) {
        throw new IllegalStateException("zip larger than 4 GiB");
      }
      System.arraycopy(template.central, 0, header, 0, 16);
      le32(header, 16, crc);
      le32(header, 20, compressed);
      le32(header, 24, size);
      le16(header, 28, name.length);
      le16(header, 30, template.centralExtra.length);
      System.arraycopy(template.central, 32, header, 32, 10);
      le32(header, 42, start);
      central.write(header, 0, 46);
      central.write(name, 0, name.length);
      central.write(template.centralExtra, 0, template.centralExtra.length);
      entries++;
    }

    /** The bytes written so far. */
    long offset() {
      return offset;
    }

    /** Writes the central directory and its end record. */
    void finish() throws IOException {
      long cdOffset = offset;
      int cdSize = central.size();
      central.writeTo(out);
      offset += cdSize;
      le32(header, 0, EOCD);
      le16(header, 4, 0);
      le16(header, 6, 0);
      le16(header, 8, entries);
      le16(header, 10, entries);
      le32(header, 12, cdSize);
      le32(header, 16, cdOffset);
      le16(header, 20, 0);
      write(header, 22);
    }

    private void write(byte[] b, int len) throws IOException {
      out.write(b, 0, len);
      offset += len;
    }
  }

  /**
   * The entry-independent header bytes of {@code ZipArchiveOutputStream}'s deflated entries at one
   * time: local header bytes 0–13 and extra field, central header bytes 0–15 and 32–41 and extra
   * field.
   */
  private static final class Template {
    final byte[] local;
    final byte[] localExtra;
    final byte[] central;
    final byte[] centralExtra;

    private Template(byte[] local, byte[] localExtra, byte[] central, byte[] centralExtra) {
      this.local = local;
      this.localExtra = localExtra;
      this.central = central;
      this.centralExtra = centralExtra;
    }

    static Template of(long time) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
        ZipArchiveEntry e = new ZipArchiveEntry("t");
        e.setMethod(ZipArchiveEntry.DEFLATED);
        e.setUnixMode(0100644);
        e.setTime(time);
        zip.putArchiveEntry(e);
        zip.closeArchiveEntry();
        zip.finish();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      byte[] z = bytes.toByteArray();
      int localExtraLength = u16(z, 28);
      if (u32(z, 0) != LFH || u16(z, 26) != 1 || (u16(z, 6) & 0x08) == 0) {
        throw new IllegalStateException("unexpected local header from commons-compress");
      }
      for (int i = 14; i < 26; i++) {
        if (z[i] != 0) {
          throw new IllegalStateException("local header with sizes from commons-compress");
        }
      }
      byte[] localExtra = Arrays.copyOfRange(z, 31, 31 + localExtraLength);
      int cd = (int) u32(z, z.length - 6);
      if (u32(z, cd) != CFH || u16(z, cd + 28) != 1 || u16(z, cd + 32) != 0) {
        throw new IllegalStateException("unexpected central header from commons-compress");
      }
      int centralExtraLength = u16(z, cd + 30);
      byte[] central = Arrays.copyOfRange(z, cd, cd + 46);
      byte[] centralExtra = Arrays.copyOfRange(z, cd + 47, cd + 47 + centralExtraLength);
      return new Template(Arrays.copyOf(z, 14), localExtra, central, centralExtra);
    }
  }

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void le32(byte[] b, int at, long v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16) & MAX_32;
  }
}
