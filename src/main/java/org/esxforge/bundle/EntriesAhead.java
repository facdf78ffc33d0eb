package org.esxforge.bundle;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import org.esxforge.io.ThreadFailures;
import org.esxforge.vib.VibWriter;
import org.jspecify.annotations.Nullable;

/**
 * A bundle's VIB entries read and deflated (level 0) on a thread of their own, in zip order, while
 * the thread writing the zip is busy with what comes before them (deflating {@code metadata.zip},
 * about 0.9 s for a 20,000-VIB depot): each {@link #take} then only copies a finished {@link
 * ZipAssembly.Member}. At most {@link #BUDGET} bytes are held ahead; an entry larger than {@code
 * maxEntry} is left to the writer ({@link #take} returns null), so memory stays flat for large
 * VIBs. Each member is made with the calls the writer makes itself ({@link
 * ZipAssembly.Deflating#deflate(String, org.esxforge.io.AtomicFiles.StreamWriter)}), so the bytes
 * do not depend on which thread made them.
 *
 * <p>With one processor nothing is made ahead. Thread-safe: one worker produces, one writer takes.
 */
final class EntriesAhead implements AutoCloseable {
  /** Bytes of finished members held at most. */
  static final long BUDGET = 32L << 20;

  /** The largest entry made ahead by default. */
  static final long MAX_ENTRY = 1L << 20;

  private final List<String> names;
  private final List<VibWriter.Source> sources;
  private final long maxEntry;
  private final ZipAssembly.@Nullable Member[] ready;
  private final @Nullable Throwable[] failed;
  private final @Nullable Thread worker;

  /** Entries finished (or skipped) by the worker: {@code [0, done)}. Guarded by this. */
  private int done;

  /** Bytes of finished members not taken yet. Guarded by this. */
  private long held;

  private boolean closed;

  private EntriesAhead(
      List<String> names, List<VibWriter.Source> sources, long maxEntry, boolean parallel) {
    this.names = names;
    this.sources = sources;
    this.maxEntry = maxEntry;
    this.ready = new ZipAssembly.Member[names.size()];
    this.failed = new Throwable[names.size()];
    if (parallel && !names.isEmpty()) {
      worker = new Thread(this::run, "bundle-vibs");
      worker.setDaemon(true);
      worker.start();
    } else {
      worker = null;
      done = names.size();
    }
  }

  /**
   * Starts making the entries {@code names} (zip entry names) from {@code sources}, in order.
   *
   * @param maxEntry the largest source made ahead, in bytes
   */
  static EntriesAhead start(List<String> names, List<VibWriter.Source> sources, long maxEntry) {
    if (names.size() != sources.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + sources.size() + " VIBs");
    }
    return new EntriesAhead(
        List.copyOf(names),
        List.copyOf(sources),
        maxEntry,
        Runtime.getRuntime().availableProcessors() > 1);
  }

  /**
   * The finished entry {@code i}, waiting for it, or null when the caller must write it itself (too
   * large, or nothing is made ahead). Entries are taken in order, each once.
   *
   * @throws IOException what reading its source threw
   */
  ZipAssembly.@Nullable Member take(int i) throws IOException {
    synchronized (this) {
      while (done <= i) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing the bundle");
        }
      }
      Throwable t = failed[i];
      if (t != null) {
        failed[i] = null;
        if (t instanceof IOException io) {
          throw io;
        }
        if (t instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) t;
      }
      ZipAssembly.Member m = ready[i];
      if (m != null) {
        ready[i] = null;
        held -= m.compressedSize();
        notifyAll();
      }
      return m;
    }
  }

  /** The name of entry {@code i}. */
  String name(int i) {
    return names.get(i);
  }

  /** Stops the worker and waits for it: no source is read after this returns. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    if (worker != null) {
      ThreadFailures.joinUninterruptibly(worker);
    }
  }

  private void run() {
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.NO_COMPRESSION)) {
      for (int i = 0; i < names.size(); i++) {
        VibWriter.Source s = sources.get(i);
        if (s.size() > maxEntry) {
          publish(i, null, null);
          continue;
        }
        if (!awaitRoom(s.size())) {
          return;
        }
        try {
          publish(i, d.deflate(names.get(i), s::writeTo), null);
        } catch (IOException | RuntimeException | Error e) {
          publish(i, null, e instanceof UncheckedIOException u ? u.getCause() : e);
          return; // the writer stops at this entry
        }
      }
    }
  }

  /** Waits until {@code size} more bytes fit the budget; false when closed. */
  private synchronized boolean awaitRoom(long size) {
    while (!closed && held > 0 && held + size > BUDGET) {
      try {
        wait();
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !closed;
  }

  private synchronized void publish(
      int i, ZipAssembly.@Nullable Member m, @Nullable Throwable error) {
    ready[i] = m;
    failed[i] = error;
    if (m != null) {
      held += m.compressedSize();
    }
    done = error != null ? names.size() : i + 1;
    notifyAll();
  }
}
