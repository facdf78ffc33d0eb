package org.esxforge.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A stream that writes every byte read from it to {@code copy}, as it is read: the copy is whole
 * once the stream was read to its end. Skipping reads through the stream ({@link ReadingSkip}), so
 * no byte is left out of the copy; no mark. Closing closes the source, not the copy.
 */
public class TeeInputStream extends FilterInputStream {
  private final OutputStream copy;
  private final int skipBuffer;

  /**
   * @param skipBuffer the largest piece {@link #skip} reads at once
   */
  public TeeInputStream(InputStream in, OutputStream copy, int skipBuffer) {
    super(in);
    this.copy = copy;
    this.skipBuffer = skipBuffer;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      copy.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      copy.write(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return ReadingSkip.skip(this, n, skipBuffer);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // no mark: every byte goes to the copy once
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
