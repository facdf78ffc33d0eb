package org.esxforge.build;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.esxforge.io.TeeInputStream;

/**
 * Append-only working files in a build's temp directory that hold the copies of VIBs which are not
 * already a region of a local file (remote VIBs, deflated zip entries): one file per concurrent
 * writer, each copy a region of it, instead of one file per VIB. Creating, renaming and deleting
 * one small file per VIB took most of the wall time of a 5,000-VIB build (2026-12-06, JFR: 43 % of
 * native samples in {@code open}, 32 % in {@code unlink}).
 *
 * <p>Thread-safe: a writer {@linkplain #take() takes} a file, appends VIBs, and {@linkplain #give
 * gives} it back. {@link #close()} writes what each file still holds in memory and closes their
 * channels; only then are the copies in the files, which stay (in the temp directory the caller
 * deletes).
 */
final class SpoolFiles implements Closeable {
  private final Path dir;
  private final ConcurrentLinkedDeque<Spool> idle = new ConcurrentLinkedDeque<>();
  private final List<Spool> all = new ArrayList<>();

  SpoolFiles(Path dir) {
    this.dir = dir;
  }

  /** An idle spool file, or a new one. */
  Spool take() throws IOException {
    Spool s = idle.pollFirst();
    if (s != null) {
      return s;
    }
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "vibs-", ".spool");
    Spool created =
        new Spool(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
    synchronized (all) {
      all.add(created);
    }
    return created;
  }

  /** Returns a spool file taken with {@link #take()}. */
  void give(Spool s) {
    idle.addFirst(s);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    synchronized (all) {
      for (Spool s : all) {
        try (FileChannel ch = s.channel) {
          s.flush();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * One spool file; used by one thread at a time. Copies are gathered in a buffer and written with
   * one positional write per {@link #PENDING} bytes (and at {@link SpoolFiles#close()}), not one
   * per VIB: for 20,000 VIBs of 1.3 KB, a write, a size and a seek per VIB were a fifth of the
   * verifying threads' time (2026-12-07, perf). Nothing reads a spool file before it is closed.
   */
  static final class Spool {
    /** Bytes gathered before they are written. */
    static final int PENDING = 1 << 18;

    private final Path file;
    private final FileChannel channel;
    private final byte[] pending = new byte[PENDING];

    /** Bytes of {@link #pending} not written yet. */
    private int filled;

    /** Where {@link #pending} goes in the file. */
    private long flushed;

    private Spool(Path file, FileChannel channel) {
      this.file = file;
      this.channel = channel;
    }

    Path file() {
      return file;
    }

    /**
     * A stream over {@code in} that appends every byte read from it to the end of this file; the
     * copy starts at the returned stream's {@link Tee#offset()} and is complete once the stream was
     * read to its end. The bytes are in the file once the {@link SpoolFiles} is closed.
     */
    Tee tee(InputStream in) {
      return new Tee(in, this, flushed + filled);
    }

    private void append(byte[] b, int off, int len) throws IOException {
      if (len > PENDING - filled) {
        flush();
        if (len >= PENDING) {
          write(ByteBuffer.wrap(b, off, len));
          return;
        }
      }
      System.arraycopy(b, off, pending, filled, len);
      filled += len;
    }

    private void flush() throws IOException {
      if (filled > 0) {
        ByteBuffer buf = ByteBuffer.wrap(pending, 0, filled);
        filled = 0;
        write(buf);
      }
    }

    private void write(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        flushed += channel.write(buf, flushed);
      }
    }
  }

  /** See {@link Spool#tee}. Not thread-safe. Closing it does not close the source. */
  static final class Tee extends TeeInputStream {
    private final long offset;

    private Tee(InputStream in, Spool copy, long offset) {
      super(
          in,
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              copy.append(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              copy.append(b, off, len);
            }
          },
          1 << 16);
      this.offset = offset;
    }

    /** Where the copy starts in the spool file. */
    long offset() {
      return offset;
    }

    @Override
    public void close() {
      // the caller closes the source; the spool's channel belongs to SpoolFiles
    }
  }
}
