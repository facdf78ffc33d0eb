package org.esxforge.io;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes on to a target stream and computes the SHA-256 of, and counts, what passed. {@link
 * #close} flushes but never closes the target, which belongs to the caller. For a channel where the
 * hashing should run on another core, see {@link HashingChannel}.
 *
 * <p>Not thread-safe.
 */
public final class HashingOutputStream extends OutputStream {
  private final OutputStream out;
  private final MessageDigest digest = Sha256.newDigest();
  private long count;

  public HashingOutputStream(OutputStream out) {
    this.out = out;
  }

  /** Hashes and counts only (no target). */
  public static HashingOutputStream discarding() {
    return new HashingOutputStream(OutputStream.nullOutputStream());
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  /** Bytes written so far. */
  public long count() {
    return count;
  }

  /** The SHA-256 of the bytes written so far; call once, at the end. */
  public Sha256 sha256() {
    return Sha256.fromDigest(digest.digest());
  }
}
