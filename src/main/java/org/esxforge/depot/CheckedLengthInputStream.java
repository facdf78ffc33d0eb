package org.esxforge.depot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.esxforge.io.FormatException;

/**
 * Passes bytes through and, when the size is known, fails as soon as more arrive than expected or
 * the stream ends short: {@code <source>: size mismatch: actual N bytes != expected M bytes (depot
 * metadata)}. Also bounds reads of a file region. Not thread-safe.
 */
final class CheckedLengthInputStream extends FilterInputStream {
  private final long expected;
  private final long limit;
  private final String source;
  private long count;

  /**
   * @param expected the exact length, or -1 for "unknown"
   */
  CheckedLengthInputStream(InputStream in, long expected, String source) {
    this(in, expected, Long.MAX_VALUE, source);
  }

  /**
   * @param expected the exact length, or -1 for "unknown"
   * @param limit reads end (EOF) after this many bytes: a file region
   */
  CheckedLengthInputStream(InputStream in, long expected, long limit, String source) {
    super(in);
    this.expected = expected;
    this.limit = limit;
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = count >= limit ? -1 : super.read(b, off, (int) Math.min(len, limit - count));
    if (n < 0) {
      if (expected >= 0 && count != expected) {
        throw mismatch(count);
      }
      return n;
    }
    count += n;
    if (expected >= 0 && count > expected) {
      throw mismatch(count + in.available());
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return org.esxforge.io.ReadingSkip.skip(this, n, 8192); // counted, so read
  }

  private FormatException mismatch(long actual) {
    return new FormatException(
        source,
        null,
        -1,
        "size mismatch: actual "
            + actual
            + " bytes != expected "
            + expected
            + " bytes (depot metadata)");
  }
}
