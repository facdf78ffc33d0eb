package org.esxforge.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Computes the SHA-256 of, and counts, every byte read through it (skipped bytes are read, so they
 * count too). Marks are not supported. {@link #close} closes the source unless made with {@link
 * #borrowing}, for a caller that owns its stream.
 *
 * <p>Not thread-safe.
 */
public final class HashingInputStream extends FilterInputStream {
  private final MessageDigest digest = Sha256.newDigest();
  private final boolean closeSource;
  private long count;

  private HashingInputStream(InputStream in, boolean closeSource) {
    super(in);
    this.closeSource = closeSource;
  }

  /** Hashes {@code in}; closing this closes {@code in}. */
  public static HashingInputStream of(InputStream in) {
    return new HashingInputStream(in, true);
  }

  /** Hashes {@code in}; closing this leaves {@code in} open. */
  public static HashingInputStream borrowing(InputStream in) {
    return new HashingInputStream(in, false);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.max(0, Math.min(n, 8192))];
    int r = read(buf, 0, buf.length);
    return Math.max(r, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** The SHA-256 of the bytes read so far; call once, at the end. */
  public Sha256 sha256() {
    return Sha256.fromDigest(digest.digest());
  }

  /** Reads the rest of the stream and returns the SHA-256 of everything read. */
  public Sha256 drain() throws IOException {
    byte[] buf = new byte[1 << 16];
    while (read(buf, 0, buf.length) >= 0) {
      // hashed by read
    }
    return sha256();
  }

  @Override
  public void close() throws IOException {
    if (closeSource) {
      in.close();
    }
  }
}
