package org.esxforge.build;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.esxforge.io.FormatException;
import org.esxforge.io.ScratchBuffers;
import org.esxforge.vib.VibWriter;

/**
 * The verified VIBs as regions of the few files that hold them (a spool file per verifying thread,
 * or the depot zip for stored entries), each file opened once: a 20,000-VIB bundle opened, sized
 * and closed a file per VIB before. Closing closes every file opened.
 *
 * <p>Thread-safe: regions are read with positional reads.
 */
final class VibRegions implements Closeable {
  private final Map<Path, FileChannel> open = new HashMap<>();
  private boolean closed;

  /** {@code size} bytes of {@code file} from {@code offset}, read when written. */
  VibWriter.Source region(Path file, long offset, long size) {
    return new VibWriter.Source() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        copy(channel(file), file, offset, size, out);
      }
    };
  }

  private synchronized FileChannel channel(Path file) throws IOException {
    if (closed) {
      throw new IOException(file + ": closed");
    }
    FileChannel ch = open.get(file);
    if (ch == null) {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      open.put(file, ch);
    }
    return ch;
  }

  private static void copy(FileChannel ch, Path file, long offset, long size, OutputStream out)
      throws IOException {
    long length = ch.size();
    if (offset + size > length) {
      throw new FormatException(
          file.toString(),
          null,
          offset,
          "region truncated: " + Math.max(0, length - offset) + " of " + size + " bytes");
    }
    try (ScratchBuffers.Lent lent = ScratchBuffers.borrow()) {
      ByteBuffer buf = ByteBuffer.wrap(lent.bytes());
      long done = 0;
      while (done < size) {
        buf.clear().limit((int) Math.min(buf.capacity(), size - done));
        int n = ch.read(buf, offset + done);
        if (n < 0) {
          throw new EOFException(file + ": shrank while copying at " + (offset + done));
        }
        out.write(buf.array(), 0, n);
        done += n;
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    IOException first = null;
    for (FileChannel ch : open.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
