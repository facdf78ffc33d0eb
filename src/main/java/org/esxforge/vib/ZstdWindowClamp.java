package org.esxforge.vib;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets the pure-Java zstd decoder (aircompressor, which refuses frames declaring a window over 8
 * MiB) read VMware's 9.0 {@code vzstd} payloads, whose frame header declares a 128 MiB window
 * (real: the 9.0 USB NIC Fling, 1.2 MB of content). It rewrites the Window_Descriptor byte of the
 * first frame header to 8 MiB when it declares more. That is exact whenever no match reaches
 * further back than 8 MiB, which holds for any content up to 8 MiB; beyond, the decoder fails with
 * "offset" errors rather than producing wrong bytes, and {@link PayloadChecksums} then reports the
 * fully-decompressed checksums as not checkable (the raw and {@code sha-256-gunzip1} digests,
 * computed before this clamp, still bind the content).
 *
 * <p>Not thread-safe (a stream).
 */
final class ZstdWindowClamp extends FilterInputStream {
  private static final int MAGIC = 0xFD2FB528; // little-endian 28 b5 2f fd
  private static final int MAX_WINDOW_LOG = 23;

  private final byte[] head = new byte[6];
  private int headLen = -1; // -1 = not read yet
  private int headPos;
  private long declaredWindow = -1;

  ZstdWindowClamp(InputStream in) {
    super(in);
  }

  /** The window size the first frame declared, -1 if not a clamped zstd frame. */
  long clampedFrom() {
    return declaredWindow;
  }

  private void readHead() throws IOException {
    headLen = in.readNBytes(head, 0, head.length);
    if (headLen < 6) {
      return;
    }
    int magic =
        (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
    boolean singleSegment = (head[4] & 0x20) != 0;
    if (magic != MAGIC || singleSegment) {
      return;
    }
    int exponent = (head[5] & 0xff) >>> 3;
    int mantissa = head[5] & 0x7;
    int windowLog = 10 + exponent;
    if (windowLog < MAX_WINDOW_LOG || (windowLog == MAX_WINDOW_LOG && mantissa == 0)) {
      return;
    }
    long base = 1L << windowLog;
    declaredWindow = base + base / 8 * mantissa;
    head[5] = (byte) ((MAX_WINDOW_LOG - 10) << 3);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (headLen < 0) {
      readHead();
    }
    if (headPos < headLen) {
      int n = Math.min(len, headLen - headPos);
      System.arraycopy(head, headPos, b, off, n);
      headPos += n;
      return n;
    }
    return in.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
