package org.esxforge.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link InputStream#skip} for streams that must see every byte (to hash, copy or count it): the
 * bytes are read through the stream's own {@code read}, not skipped underneath it. Stateless.
 */
public final class ReadingSkip {
  private ReadingSkip() {}

  /**
   * Reads up to {@code n} bytes through {@code stream}, in pieces of at most {@code buffer} bytes,
   * and returns how many there were (fewer only at the end of the stream).
   */
  public static long skip(InputStream stream, long n, int buffer) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.min(n, Math.max(1, buffer))];
    long done = 0;
    while (done < n) {
      int r = stream.read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }
}
