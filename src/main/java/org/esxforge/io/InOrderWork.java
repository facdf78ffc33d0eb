package org.esxforge.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Work on several cores with the outcome of a serial run: tasks {@code 0..n-1} are taken in index
 * order by the calling thread and helper threads, and each result is handed to a {@link Sink} on
 * the calling thread, in index order, as soon as it and every earlier one are done. When a task
 * fails, no task after it is taken; every task before it still runs and is handed on, and then its
 * failure is thrown: the failure a serial run meets first. There is no task object or future per
 * index (handing 20,000 small VIBs to a pool and waiting for each woke a thread per VIB). This
 * returns or throws only after every helper has ended, so the caller may then close what the tasks
 * used.
 *
 * <p>Thread-safe (stateless).
 */
public final class InOrderWork {
  private InOrderWork() {}

  /** One task. */
  @FunctionalInterface
  public interface Task<T> {
    /**
     * Runs task {@code index}.
     *
     * @param worker 0 on the calling thread, 1 and up on the helpers (e.g. to choose a scratch
     *     directory of its own)
     */
    T run(int index, int worker) throws IOException;
  }

  /** Receives the results, in index order, on the calling thread. */
  @FunctionalInterface
  public interface Sink<T> {
    void accept(int index, T result) throws IOException;
  }

  /**
   * Runs tasks {@code 0..n-1} on the calling thread and up to {@code threads - 1} daemon helpers
   * named {@code name}.
   */
  public static <T> void run(int n, int threads, String name, Task<T> task, Sink<T> sink)
      throws IOException {
    State<T> s = new State<>(n, task);
    List<Thread> helpers = new ArrayList<>();
    try {
      for (int w = 1; w < Math.min(threads, n); w++) {
        int worker = w;
        Thread h = new Thread(() -> s.work(worker), name);
        h.setDaemon(true); // never keeps a failing JVM alive: every path below joins it first
        h.start();
        helpers.add(h);
      }
      int handed = 0;
      for (int i = s.take(); i >= 0; i = s.take()) {
        s.one(i, 0);
        handed = s.hand(handed, sink);
      }
      helpers.forEach(ThreadFailures::joinUninterruptibly);
      if (s.hand(handed, sink) < n) {
        throw new IllegalStateException("a task was neither done nor failed");
      }
    } finally {
      s.stop();
      helpers.forEach(ThreadFailures::joinUninterruptibly);
    }
  }

  private static final class State<T> {
    final Task<T> task;
    final AtomicReferenceArray<T> done;
    final AtomicReferenceArray<Throwable> failed;
    final AtomicInteger next = new AtomicInteger();

    /** No task after this index is taken (the first that failed, or all after a stop). */
    final AtomicInteger last;

    State(int n, Task<T> task) {
      this.task = task;
      this.done = new AtomicReferenceArray<>(n);
      this.failed = new AtomicReferenceArray<>(n);
      this.last = new AtomicInteger(n - 1);
    }

    /** The next index to run, or -1. */
    int take() {
      int i = next.getAndIncrement();
      return i <= last.get() ? i : -1;
    }

    /** A helper's loop. */
    void work(int worker) {
      for (int i = take(); i >= 0; i = take()) {
        one(i, worker);
      }
    }

    void one(int i, int worker) {
      try {
        done.set(i, java.util.Objects.requireNonNull(task.run(i, worker), "a task's result"));
      } catch (IOException | RuntimeException | Error e) {
        failed.set(i, e);
        last.accumulateAndGet(i, Math::min);
      }
    }

    void stop() {
      last.set(-1);
    }

    /**
     * Hands every result from {@code from} on that is ready to {@code sink}, and returns the index
     * of the first not handed; a failure reached (every task before it handed on) is thrown.
     */
    int hand(int from, Sink<T> sink) throws IOException {
      int i = from;
      for (; i < done.length(); i++) {
        Throwable t = failed.get(i);
        if (t != null) {
          stop();
          throw ThreadFailures.toThrow(t);
        }
        T r = done.get(i);
        if (r == null) {
          break;
        }
        try {
          sink.accept(i, r);
        } catch (IOException | RuntimeException | Error e) {
          stop();
          throw e;
        }
      }
      return i;
    }
  }
}
