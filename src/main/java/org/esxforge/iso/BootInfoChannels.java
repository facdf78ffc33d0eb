package org.esxforge.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Channels for the boot-info-table: one sums a boot file's LE32 words from offset 64 (the
 * pre-pass), the other replaces bytes 8..63 of the stream with the table on the way to the output
 * (the source is never modified). Not thread-safe.
 */
final class BootInfoChannels {
  static final int TABLE_OFFSET = 8;
  static final int TABLE_END = 64;

  private BootInfoChannels() {}

  /** Sums LE32 words from offset 64 and counts bytes. */
  static final class Checksum implements WritableByteChannel {
    private long offset;
    private int sum;

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      while (src.hasRemaining()) {
        int b = src.get() & 0xFF;
        if (offset >= TABLE_END) {
          sum += b << (8 * (int) (offset & 3));
        }
        offset++;
      }
      return n;
    }

    long byteCount() {
      return offset;
    }

    long checksum() {
      return sum & 0xFFFF_FFFFL;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** Writes through to {@code out}, replacing bytes 8..63 with {@code table}. */
  static final class Patching implements WritableByteChannel {
    private final WritableByteChannel out;
    private final byte[] table;
    private long offset;

    Patching(WritableByteChannel out, byte[] table) {
      this.out = out;
      this.table = table;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      while (src.hasRemaining()) {
        if (offset < TABLE_END) {
          int k = (int) Math.min(src.remaining(), TABLE_END - offset);
          byte[] head = new byte[k];
          src.get(head);
          for (int i = 0; i < k; i++) {
            long at = offset + i;
            if (at >= TABLE_OFFSET) {
              head[i] = table[(int) (at - TABLE_OFFSET)];
            }
          }
          writeFully(ByteBuffer.wrap(head));
          offset += k;
        } else {
          int k = src.remaining();
          writeFully(src);
          offset += k;
        }
      }
      return n;
    }

    private void writeFully(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        out.write(b);
      }
    }

    @Override
    public boolean isOpen() {
      return out.isOpen();
    }

    @Override
    public void close() {}
  }
}
