package org.esxforge.iso;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.esxforge.io.Sha256;

/**
 * Computes the SHA-256 of a file while it is being written, on a second thread that reads the
 * written bytes back (from the page cache) behind the writer. The writer can then copy file data
 * with {@code transferTo} (no copy through the JVM) and the digest still covers every byte written,
 * in the same pass. Memory: one 1 MiB direct buffer.
 *
 * <p>Thread-safe for one writer thread calling {@link #advance} and {@link #finish}.
 */
final class OutputDigest implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final FileChannel channel;
  private final MessageDigest md = Sha256.newDigest();
  private final Thread thread;
  private volatile long written;
  private volatile boolean finished;
  private volatile boolean cancelled;
  private volatile Throwable failure;
  private long digested;
  private final Runnable betweenReads;

  OutputDigest(FileChannel channel) {
    this(channel, () -> {});
  }

  /**
   * Test seam: {@code betweenReads} runs on the digest thread between its read of the finished flag
   * and its read of the written count, so a test can place a final {@link #end} exactly there.
   */
  OutputDigest(FileChannel channel, Runnable betweenReads) {
    this.channel = channel;
    this.betweenReads = betweenReads;
    this.thread = new Thread(this::run, "iso-sha256");
    thread.setDaemon(true);
    thread.start();
  }

  /** Tells the digester that the file has {@code position} valid bytes. */
  void advance(long position) {
    if (position > written) {
      written = position;
      LockSupport.unpark(thread);
    }
  }

  /** Waits for the digester to read {@code byteCount} bytes and returns the digest. */
  Sha256 finish(long byteCount) throws IOException {
    end(byteCount);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
      throw new InterruptedIOException("interrupted while computing the ISO's SHA-256");
    }
    if (failure != null) {
      throw new IOException("reading back the ISO for its SHA-256 failed: " + failure, failure);
    }
    if (digested != byteCount) {
      throw new IllegalStateException("digested " + digested + " of " + byteCount + " bytes");
    }
    return Sha256.fromDigest(md.digest());
  }

  /**
   * Publishes the final length and the end of writing without waiting. The order matters: {@code
   * written} is set before {@code finished}, and the digest thread reads them in the opposite
   * order, so once it sees {@code finished} it also sees the final length.
   */
  void end(long byteCount) {
    advance(byteCount);
    finished = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    try {
      while (!cancelled) {
        // finished first, then written (see end): reading written first lets a final advance and
        // finish slip in between, and the digester would stop short of the end.
        boolean fin = finished;
        betweenReads.run();
        long avail = written;
        if (digested < avail) {
          buf.clear().limit((int) Math.min(CHUNK, avail - digested));
          while (buf.hasRemaining()) {
            if (channel.read(buf, digested + buf.position()) < 0) {
              throw new IOException("unexpected end of file at " + (digested + buf.position()));
            }
          }
          buf.flip();
          digested += buf.remaining();
          md.update(buf);
        } else if (fin) {
          return;
        } else {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** Stops the digester (after a failed write). */
  @Override
  public void close() {
    cancelled = true;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
