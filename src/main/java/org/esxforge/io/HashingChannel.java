package org.esxforge.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Writes to a channel and computes the SHA-256 of exactly the bytes written, in the same pass: the
 * output is never read back. Bytes are gathered in a small ring of reused direct buffers; a full
 * buffer is written to the target and then handed to a second thread, which hashes it while the
 * writer fills the next one, so on two cores the digest costs no wall time. With one core the
 * hashing runs inline ({@link #inline}), where a second thread would only add hand-offs.
 *
 * <p>Writes are buffered: call {@link #digest} (which writes what is buffered) to finish. {@link
 * #close} stops the hashing thread (after a failure, or once done) and never closes the target,
 * which belongs to the caller. Memory: {@code SLOTS × SLOT} bytes of direct buffers.
 *
 * <p>One writer thread; not thread-safe otherwise.
 */
public final class HashingChannel implements WritableByteChannel {
  static final int SLOT = 256 << 10;
  static final int SLOTS = 8;
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final WritableByteChannel target;
  private final MessageDigest md = Sha256.newDigest();
  private final @Nullable BlockingQueue<ByteBuffer> free;
  private final @Nullable BlockingQueue<ByteBuffer> full;
  private final @Nullable Thread hasher;
  private ByteBuffer slot;
  private long count;
  private volatile @Nullable Throwable failure;
  private @Nullable Sha256 digest;
  private boolean closed;

  private HashingChannel(WritableByteChannel target, boolean async) {
    this.target = target;
    if (async) {
      free = new ArrayBlockingQueue<>(SLOTS);
      full = new ArrayBlockingQueue<>(SLOTS + 1);
      for (int i = 1; i < SLOTS; i++) {
        free.add(ByteBuffer.allocateDirect(SLOT));
      }
      hasher = new Thread(this::hashLoop, "sha256");
      hasher.setDaemon(true);
      hasher.start();
    } else {
      free = null;
      full = null;
      hasher = null;
    }
    slot = ByteBuffer.allocateDirect(SLOT);
  }

  /** Hashes on a second thread where the machine has more than one core, else inline. */
  public static HashingChannel of(WritableByteChannel target) {
    return new HashingChannel(target, Runtime.getRuntime().availableProcessors() > 1);
  }

  /** Hashes on the writing thread. */
  public static HashingChannel inline(WritableByteChannel target) {
    return new HashingChannel(target, false);
  }

  /** Hashes on a second thread. */
  public static HashingChannel async(WritableByteChannel target) {
    return new HashingChannel(target, true);
  }

  /** Whether the hashing runs on a second thread. */
  public boolean isAsync() {
    return hasher != null;
  }

  /** Bytes accepted so far (written to the target, or buffered to be). */
  public long byteCount() {
    return count;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    int n = src.remaining();
    while (src.hasRemaining()) {
      if (!slot.hasRemaining()) {
        emit();
      }
      int k = Math.min(slot.remaining(), src.remaining());
      ByteBuffer part = src.slice(src.position(), k);
      slot.put(part);
      src.position(src.position() + k);
      count += k;
    }
    return n;
  }

  /**
   * Reads up to {@code length} bytes of {@code in} from {@code position} straight into the ring and
   * writes them on; returns how many were copied, fewer only when the file ends first.
   */
  public long transferFrom(FileChannel in, long position, long length) throws IOException {
    ensureOpen();
    long done = 0;
    while (done < length) {
      if (!slot.hasRemaining()) {
        emit();
      }
      int want = (int) Math.min(slot.remaining(), length - done);
      int limit = slot.limit();
      slot.limit(slot.position() + want);
      int r;
      try {
        r = in.read(slot, position + done);
      } finally {
        slot.limit(limit);
      }
      if (r < 0) {
        break;
      }
      done += r;
      count += r;
    }
    return done;
  }

  /**
   * Writes what is buffered, waits for the hashing to finish and returns the SHA-256 of every byte
   * written. The channel accepts no more writes afterwards; repeated calls return the same digest.
   */
  public Sha256 digest() throws IOException {
    if (digest != null) {
      return digest;
    }
    ensureOpen();
    if (slot.position() > 0) {
      emit();
    }
    if (hasher != null) {
      put(END);
      try {
        hasher.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new InterruptedIOException("interrupted while finishing a SHA-256");
      }
      checkHasher();
    }
    digest = Sha256.fromDigest(md.digest());
    closed = true;
    return digest;
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  /** Stops the hashing thread and waits for it; the target stays open. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (hasher != null && hasher.isAlive()) {
      hasher.interrupt();
      ThreadFailures.joinUninterruptibly(hasher);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
  }

  /** Writes the full part of the current slot to the target, then hashes it (or hands it off). */
  private void emit() throws IOException {
    slot.flip();
    while (slot.hasRemaining()) {
      if (target.write(slot) < 0) {
        throw new EOFException("target channel refused bytes");
      }
    }
    slot.rewind();
    if (hasher == null) {
      md.update(slot);
      slot.clear();
      return;
    }
    put(slot);
    slot = take();
  }

  private void put(ByteBuffer b) throws IOException {
    checkHasher();
    if (!async(full).offer(b)) {
      // capacity SLOTS + 1 holds every buffer and the end mark: cannot be full
      throw new IllegalStateException("hash queue full");
    }
  }

  private ByteBuffer take() throws IOException {
    try {
      while (true) {
        ByteBuffer b = async(free).poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
        checkHasher();
        if (!async(hasher).isAlive()) {
          throw new IllegalStateException("SHA-256 thread ended early");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted while computing a SHA-256");
    }
  }

  private void checkHasher() throws IOException {
    Throwable t = failure;
    if (t != null) {
      throw new IOException("computing the SHA-256 failed: " + t, t);
    }
  }

  @SuppressWarnings("ReferenceEquality") // END is a sentinel: its identity is the point
  private void hashLoop() {
    try {
      while (true) {
        ByteBuffer b = async(full).take();
        if (b == END) {
          return;
        }
        md.update(b);
        b.clear();
        async(free).add(b);
      }
    } catch (InterruptedException e) {
      // close(): the writer gave up
    } catch (Throwable t) {
      failure = t;
    }
  }

  /**
   * The queues and the thread exist only when hashing on a second thread, the one mode using them.
   */
  private static <T> T async(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("inline hashing has no hash thread");
    }
    return part;
  }
}
