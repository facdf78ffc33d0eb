package org.esxforge.io;

import java.util.ArrayDeque;

/**
 * Byte arrays of {@link #SIZE} bytes lent to code that only passes bytes through within one call
 * (to a digest, a channel or a stream that does not keep them), kept per thread and handed out
 * again: a build verifies and copies hundreds of payloads and VIBs on a few threads, and a new 64
 * KiB array for each was a fifth of what the full-size build allocated. Every byte allocated for
 * the first time is memory the kernel must map and zero; a build that never collects touches each
 * of them once.
 *
 * <p>Borrowing nests (each borrower gets an array of its own until it gives it back); an array is
 * never lent to two borrowers at once. At most {@link #KEPT} arrays are kept per thread.
 * Thread-safe (each thread has its own).
 */
public final class ScratchBuffers {
  /** The size of every array lent. */
  public static final int SIZE = 1 << 16;

  static final int KEPT = 4;

  private static final byte[] RETURNED = new byte[0];

  private static final ThreadLocal<ArrayDeque<byte[]>> FREE =
      ThreadLocal.withInitial(() -> new ArrayDeque<>(KEPT));

  private ScratchBuffers() {}

  /** A lent array, given back by {@link Lent#close}. */
  public static final class Lent implements AutoCloseable {
    private byte[] bytes;

    private Lent(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The array; not to be used after {@link #close}. */
    public byte[] bytes() {
      if (bytes == RETURNED) {
        throw new IllegalStateException("given back already");
      }
      return bytes;
    }

    /** Gives the array back to this thread's free arrays; a second call does nothing. */
    @Override
    public void close() {
      if (bytes == RETURNED) {
        return;
      }
      ArrayDeque<byte[]> free = FREE.get();
      if (free.size() < KEPT) {
        free.push(bytes);
      }
      bytes = RETURNED;
    }
  }

  /** Lends an array of {@link #SIZE} bytes (contents undefined) until the result is closed. */
  public static Lent borrow() {
    byte[] b = FREE.get().poll();
    return new Lent(b != null ? b : new byte[SIZE]);
  }
}
