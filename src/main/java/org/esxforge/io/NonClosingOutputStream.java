package org.esxforge.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through to a stream that belongs to someone else, and on {@link #close()} only
 * flushes it: for a stream that must be closed (a compressor writing its trailer) on top of one the
 * caller keeps writing to.
 *
 * <p>Not thread-safe.
 */
public final class NonClosingOutputStream extends FilterOutputStream {
  /** A stream into {@code out} whose closing leaves {@code out} open. */
  public NonClosingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
