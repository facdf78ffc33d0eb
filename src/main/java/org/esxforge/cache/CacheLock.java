package org.esxforge.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The {@code cache.lock} file, with two byte regions:
 *
 * <ul>
 *   <li>byte 0: held exclusively for the short time an index record is written or a prune runs;
 *   <li>byte 1: held shared by every open {@link Cache} for its whole life, so {@code prune} (which
 *       needs it exclusively) never runs while another process uses the cache.
 * </ul>
 *
 * Java file locks belong to the process, so several {@code Cache} objects of one JVM on one
 * directory share one registration (reference-counted) and serialise index writes with a {@link
 * ReentrantLock}.
 *
 * <p>Thread-safe.
 */
final class CacheLock {
  static final String FILE = "cache.lock";
  private static final Map<Path, CacheLock> OPEN = new HashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock inUse;
  private final ReentrantLock writers = new ReentrantLock();
  private int references;

  private CacheLock(Path key, FileChannel channel, FileLock inUse) {
    this.key = key;
    this.channel = channel;
    this.inUse = inUse;
  }

  /** Registers one user of the cache at {@code dir} (blocks while a prune runs). */
  static CacheLock acquire(Path dir) throws IOException {
    Path key = dir.toRealPath();
    synchronized (OPEN) {
      CacheLock lock = OPEN.get(key);
      if (lock == null) {
        FileChannel ch = open(key);
        try {
          removeLeftovers(key, ch);
          lock = new CacheLock(key, ch, ch.lock(1, 1, true));
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
        OPEN.put(key, lock);
      }
      lock.references++;
      return lock;
    }
  }

  /**
   * Registers a reader of a cache this process cannot write: holds byte 1 shared when {@code
   * cache.lock} can be opened for reading (so a prune by its owner waits), else nothing; {@code
   * null} when there is no lock to hold. Such a user never writes the index.
   */
  static @Nullable CacheLock acquireReadOnly(Path dir) throws IOException {
    Path key = dir.toRealPath();
    synchronized (OPEN) {
      CacheLock lock = OPEN.get(key);
      if (lock == null) {
        FileChannel ch;
        try {
          ch = FileChannel.open(key.resolve(FILE), StandardOpenOption.READ);
        } catch (IOException e) {
          return null;
        }
        try {
          lock = new CacheLock(key, ch, ch.lock(1, 1, true));
        } catch (IOException | RuntimeException e) {
          ch.close();
          return null;
        }
        OPEN.put(key, lock);
      }
      lock.references++;
      return lock;
    }
  }

  /**
   * When no other process uses the cache (byte 1 free), removes the downloads in {@code tmp/} that
   * a killed process left; they belong to nobody now.
   */
  private static void removeLeftovers(Path dir, FileChannel ch) throws IOException {
    FileLock alone;
    try {
      alone = ch.tryLock(1, 1, false);
    } catch (OverlappingFileLockException e) {
      return;
    }
    if (alone == null) {
      return;
    }
    try (FileLock a = alone;
        java.util.stream.Stream<Path> parts = java.nio.file.Files.list(dir.resolve(Cache.TMP))) {
      for (Path p : (Iterable<Path>) parts::iterator) {
        java.nio.file.Files.deleteIfExists(p);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no tmp/ yet
    }
  }

  /** Releases one user. */
  void release() throws IOException {
    synchronized (OPEN) {
      if (--references == 0) {
        OPEN.remove(key);
        inUse.release();
        channel.close();
      }
    }
  }

  /** Something done under the exclusive index lock. */
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Something done under the exclusive index lock that returns nothing. */
  interface LockedAction {
    void run() throws IOException;
  }

  /** {@link #exclusively} for an action without a result. */
  void exclusivelyRun(LockedAction action) throws IOException {
    exclusively(
        () -> {
          action.run();
          return Boolean.TRUE; // a non-null result nobody reads
        });
  }

  /** Runs {@code action} holding the exclusive index lock (this JVM and every other process). */
  <T> T exclusively(Locked<T> action) throws IOException {
    writers.lock();
    try (FileLock ignored = channel.lock(0, 1, false)) {
      return action.run();
    } finally {
      writers.unlock();
    }
  }

  /**
   * Runs {@code action} only when no {@link Cache} is open on {@code dir} anywhere (this process or
   * another); otherwise fails at once with a message saying the cache is busy.
   */
  static <T> T whenUnused(Path dir, Locked<T> action) throws IOException {
    Path key = dir.toRealPath();
    synchronized (OPEN) {
      if (OPEN.containsKey(key)) {
        throw busy(dir);
      }
      try (FileChannel ch = open(key)) {
        FileLock use;
        try {
          use = ch.tryLock(1, 1, false);
        } catch (OverlappingFileLockException e) {
          use = null;
        }
        if (use == null) {
          throw busy(dir);
        }
        try (FileLock u = use;
            FileLock index = ch.lock(0, 1, false)) {
          return action.run();
        }
      }
    }
  }

  private static IOException busy(Path dir) {
    return new IOException(
        dir
            + ": cache is in use by another esxforge process; run prune again when it has finished");
  }

  private static FileChannel open(Path dir) throws IOException {
    return FileChannel.open(
        dir.resolve(FILE),
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }
}
