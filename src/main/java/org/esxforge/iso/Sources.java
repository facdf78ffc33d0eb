package org.esxforge.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** The {@link IsoSource} implementations. Immutable and thread-safe. */
final class Sources {
  private Sources() {}

  /** A byte range of a local file. */
  record Region(Path file, long offset, long length) implements IsoSource {
    Region {
      Objects.requireNonNull(file, "file");
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException(
            file + ": negative offset " + offset + " or length " + length);
      }
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
        copy(in, out, 0, length);
      }
    }

    /**
     * Copies {@code count} bytes from {@code from} (relative to the region) with {@code transferTo}
     * in a loop; fails if the file ends early.
     */
    void copy(FileChannel in, WritableByteChannel out, long from, long count) throws IOException {
      long pos = offset + from;
      long end = pos + count;
      int stalls = 0;
      while (pos < end) {
        long n = in.transferTo(pos, end - pos, out);
        if (n <= 0) {
          if (pos >= in.size() || ++stalls > 1000) {
            throw new IOException(
                file
                    + "@"
                    + pos
                    + ": file ends before the declared region end "
                    + (offset + length)
                    + " (file size "
                    + in.size()
                    + " bytes); was it changed while the ISO was written?");
          }
          continue;
        }
        stalls = 0;
        pos += n;
      }
    }
  }

  /** An in-memory copy. */
  static final class Bytes implements IsoSource {
    private final byte[] bytes;

    Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
  }

  /** Content from a caller's writer. */
  record Generated(long size, IsoSource.ContentWriter writer) implements IsoSource {
    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
      writer.writeTo(out);
    }
  }
}
