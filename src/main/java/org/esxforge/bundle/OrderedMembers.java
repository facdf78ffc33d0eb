package org.esxforge.bundle;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.esxforge.io.AtomicFiles;

/**
 * Zip members made (serialised and deflated, {@link ZipAssembly.Deflating}) on the common pool and
 * on the calling thread, and handed to the caller in their order as soon as each is ready: the
 * caller writes member {@code i} (e.g. into {@code metadata.zip}, itself deflated into the bundle
 * as it grows) while the pool makes the next ones, and makes members itself whenever the next one
 * to write is not ready. A 20,000-VIB depot's {@code metadata.zip} has 40,000 members; making them
 * all first and then deflating the 18.7 MB result into the bundle left one core idle for ~0.9 s.
 *
 * <p>Each member is deflated on its own (a deflater reset per member), so the bytes do not depend
 * on which thread made it. Thread-safe as used: one call of {@link #forEach}.
 */
final class OrderedMembers {
  /** Receives the members in order. */
  interface Writer {
    void write(ZipAssembly.Member m) throws IOException;
  }

  private final List<Map.Entry<String, AtomicFiles.StreamWriter>> entries;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicReferenceArray<ZipAssembly.Member> made;

  /** What making each member threw, if it did (thrown when the writer gets there). */
  private final AtomicReferenceArray<Throwable> failed;

  private final Object signal = new Object();

  private OrderedMembers(List<Map.Entry<String, AtomicFiles.StreamWriter>> entries) {
    this.entries = entries;
    this.made = new AtomicReferenceArray<>(entries.size());
    this.failed = new AtomicReferenceArray<>(entries.size());
  }

  /**
   * Makes every entry (name, bytes on demand) deflated at the default level and hands the members
   * to {@code writer} in the entries' order. Returns when every helper has stopped.
   */
  static void forEach(List<Map.Entry<String, Supplier<byte[]>>> entries, Writer writer)
      throws IOException {
    List<Map.Entry<String, AtomicFiles.StreamWriter>> bodies = new ArrayList<>(entries.size());
    for (Map.Entry<String, Supplier<byte[]>> e : entries) {
      Supplier<byte[]> bytes = e.getValue();
      bodies.add(Map.entry(e.getKey(), out -> out.write(bytes.get())));
    }
    forEachWritten(bodies, writer);
  }

  /**
   * As {@link #forEach}, each member's bytes written by its body to the deflating stream (each
   * write deflated as {@link ZipAssembly.Deflating#deflate(String, AtomicFiles.StreamWriter)}
   * does), so that a large member is never held whole.
   */
  static void forEachWritten(
      List<Map.Entry<String, AtomicFiles.StreamWriter>> entries, Writer writer) throws IOException {
    new OrderedMembers(List.copyOf(entries)).run(writer);
  }

  private void run(Writer writer) throws IOException {
    int n = entries.size();
    int helpers = n < 2 ? 0 : Math.min(n - 1, ForkJoinPool.getCommonPoolParallelism());
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
    for (int h = 0; h < helpers; h++) {
      tasks[h] = ForkJoinPool.commonPool().submit(this::help);
    }
    try (ZipAssembly.Deflating own = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
      for (int i = 0; i < n; i++) {
        ZipAssembly.Member m;
        while ((m = made.get(i)) == null) {
          rethrow(i);
          int j = next.getAndIncrement();
          if (j < n) {
            tryMake(j, own);
          } else {
            await(i);
          }
        }
        made.set(i, null); // written: not kept
        writer.write(m);
      }
    } finally {
      next.set(n); // helpers take nothing more
      for (ForkJoinTask<?> t : tasks) {
        t.quietlyJoin();
      }
    }
  }

  /**
   * A helper: makes entries until none is left, or one it took fails (that one is then the writer's
   * to throw when it gets there; every entry before it is made by someone).
   */
  private void help() {
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
      for (int j = next.getAndIncrement(); j < entries.size(); j = next.getAndIncrement()) {
        if (!tryMake(j, d)) {
          return;
        }
      }
    }
  }

  /** Makes entry {@code j}; false (and the failure kept for the writer) when that threw. */
  private boolean tryMake(int j, ZipAssembly.Deflating d) {
    Map.Entry<String, AtomicFiles.StreamWriter> e = entries.get(j);
    ZipAssembly.Member m;
    try {
      m = d.deflate(e.getKey(), e.getValue());
    } catch (IOException | RuntimeException | Error t) {
      synchronized (signal) {
        failed.set(j, t);
        signal.notifyAll();
      }
      return false;
    }
    synchronized (signal) {
      made.set(j, m);
      signal.notifyAll();
    }
    return true;
  }

  /** Throws what making entry {@code i} threw, if it did. */
  private void rethrow(int i) throws IOException {
    Throwable t = failed.get(i);
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t != null) {
      throw (Error) t;
    }
  }

  /** Waits until entry {@code i} is made or failed (by a helper). */
  private void await(int i) throws IOException {
    synchronized (signal) {
      while (made.get(i) == null && failed.get(i) == null) {
        try {
          signal.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while writing metadata.zip");
        }
      }
    }
  }
}
