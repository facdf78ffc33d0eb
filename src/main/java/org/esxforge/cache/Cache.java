package org.esxforge.cache;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.ChecksumMismatchException;
import org.esxforge.io.HashingInputStream;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * A content-addressed store of depot files keyed by SHA-256, shared safely by concurrent esxforge
 * processes.
 *
 * <p>Layout (package-private, may change): {@code blobs/sha256/<aa>/<hex>} for content, {@code
 * urls/<sha256 of url>.json} mapping a URL to a blob and its HTTP validators, {@code tmp/} for
 * downloads in progress, {@code cache.lock} (see {@link CacheLock}).
 *
 * <ul>
 *   <li><b>Verified on write:</b> a blob enters only through {@link #commit} or {@link #put}, with
 *       the digest computed while streaming; a mismatch with the expected digest is refused.
 *   <li><b>Verified on read:</b> {@link #blob} re-hashes the file; a corrupt entry is deleted and
 *       reported with {@link CacheCorruptedException}, never returned.
 *   <li><b>Atomic:</b> blobs are written to {@code tmp/} and moved into place (a blob's name is its
 *       content, so two processes moving the same blob write the same bytes); index records are
 *       written atomically under the exclusive lock.
 * </ul>
 *
 * <p>Thread-safe; open one per process and share it, or open several (they share the lock).
 */
public final class Cache implements Closeable {
  static final String BLOBS = "blobs/sha256";
  static final String TMP = "tmp";

  private final Path dir;
  private final Clock clock;
  private final @Nullable CacheLock lock;
  private final UrlIndex urls;
  private final @Nullable String readOnlyReason;
  private boolean closed;

  private Cache(Path dir, Clock clock, @Nullable CacheLock lock, @Nullable String readOnlyReason) {
    this.dir = dir;
    this.clock = clock;
    this.lock = lock;
    this.urls = new UrlIndex(dir);
    this.readOnlyReason = readOnlyReason;
  }

  /**
   * Opens (creating if needed) the cache at {@code dir}; {@code clock} stamps the last use of an
   * entry (its mtime) for {@code prune --older-than}.
   *
   * <p>An existing cache this process cannot write (a read-only mount shared with CI containers,
   * another user's directory) opens read-only: it serves what it holds, and {@link #writable()} is
   * false. A location that cannot be used at all fails with one line naming it and the fix.
   */
  public static Cache open(Path dir, Clock clock) throws IOException {
    try {
      Files.createDirectories(dir.resolve(BLOBS));
      Files.createDirectories(dir.resolve(TMP));
      Files.createDirectories(dir.resolve(UrlIndex.DIR));
      Path real = dir.toRealPath();
      return new Cache(real, clock, CacheLock.acquire(real), null);
    } catch (IOException e) {
      if (Files.isDirectory(dir.resolve(BLOBS)) && Files.isReadable(dir.resolve(BLOBS))) {
        Path real = dir.toRealPath();
        return new Cache(real, clock, CacheLock.acquireReadOnly(real), reason(e));
      }
      throw unusable(dir, e);
    }
  }

  /** The one-line error for a cache location that cannot be used. */
  static IOException unusable(Path dir, IOException e) {
    return new IOException(
        "cannot use the cache directory "
            + dir.toAbsolutePath()
            + ": "
            + reason(e)
            + ". Pass --cache DIR with a writable directory, or --no-cache",
        e);
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f) {
      String r =
          f.getReason() != null
              ? f.getReason()
              : e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : e.getClass().getSimpleName();
      return (f.getFile() != null ? f.getFile() + ": " : "") + r;
    }
    return String.valueOf(e.getMessage());
  }

  /** False for a cache opened read-only: nothing is stored, reads work. */
  public boolean writable() {
    return readOnlyReason == null;
  }

  private void requireWritable() throws IOException {
    if (readOnlyReason != null) {
      throw new IOException(dir + ": the cache is read-only (" + readOnlyReason + ")");
    }
  }

  /** The lock of a writable cache (one opened read-only may hold none). */
  private CacheLock writableLock() throws IOException {
    requireWritable();
    if (lock == null) {
      throw new IOException(dir + ": the cache is read-only (not locked)");
    }
    return lock;
  }

  /**
   * The default cache directory: {@code $XDG_CACHE_HOME/esxforge}, else {@code
   * <home>/.cache/esxforge}.
   */
  public static Path defaultDirectory(Map<String, String> env, String userHome) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "esxforge");
    }
    return Path.of(userHome, ".cache", "esxforge");
  }

  public Path directory() {
    return dir;
  }

  Path blobPath(Sha256 sha) {
    return dir.resolve(BLOBS).resolve(sha.hex().substring(0, 2)).resolve(sha.hex());
  }

  /**
   * The verified blob {@code sha}, or empty when absent.
   *
   * @throws CacheCorruptedException when the stored bytes do not hash to {@code sha}; the entry has
   *     been deleted, so fetching it again and calling {@link #commit} repairs the cache
   */
  public Optional<Path> blob(Sha256 sha) throws IOException {
    Path p = blobPath(sha);
    Sha256 actual;
    try (InputStream in = Files.newInputStream(p)) {
      actual = hash(in, OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!actual.equals(sha)) {
      if (writable()) {
        Files.deleteIfExists(p);
      }
      throw new CacheCorruptedException(
          p
              + ": corrupt cache entry: sha256 actual "
              + actual
              + " != expected "
              + sha
              + ". The entry was deleted and will be fetched again; if this repeats, check the"
              + " disk or run 'esxforge cache prune --all'");
    }
    touch(p);
    return Optional.of(p);
  }

  /** A new empty file inside the cache for a download in progress (same file system as blobs). */
  public Path tempFile() throws IOException {
    requireWritable();
    return Files.createTempFile(dir.resolve(TMP), "dl-", ".part");
  }

  /**
   * Moves a finished download {@code temp} (from {@link #tempFile}) into the store as blob {@code
   * actual}, the digest computed while it was written. If {@code expected} is given and differs,
   * the file is deleted and a {@link ChecksumMismatchException} names {@code source}.
   *
   * @return the blob's path
   */
  public Path commit(Path temp, Sha256 actual, @Nullable Sha256 expected, String source)
      throws IOException {
    if (expected != null && !expected.equals(actual)) {
      Files.deleteIfExists(temp);
      throw new ChecksumMismatchException(source, null, "sha-256", expected.hex(), actual.hex());
    }
    Path target = blobPath(actual);
    Files.createDirectories(Parents.of(target));
    if (Files.exists(target)) {
      Files.deleteIfExists(temp); // same name, same content: keep the existing blob
    } else {
      AtomicFiles.move(temp, target);
    }
    return target;
  }

  /** Streams {@code in} into the store, verifying against {@code expected} when given. */
  public Path put(InputStream in, Sha256 expected, String source) throws IOException {
    Path temp = tempFile();
    try {
      Sha256 actual;
      try (OutputStream out = Files.newOutputStream(temp)) {
        actual = hash(in, out);
      }
      return commit(temp, actual, expected, source);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The index record of the URL {@code key} (the full URL, secrets included: only its SHA-256 is
   * stored), if any.
   */
  public Optional<UrlEntry> url(String key) throws IOException {
    return urls.get(key);
  }

  /**
   * Records (or replaces) the index record of the URL {@code key}, under the exclusive lock; {@code
   * entry.url()} is the redacted form kept for display.
   */
  public void recordUrl(String key, UrlEntry entry) throws IOException {
    writableLock().exclusivelyRun(() -> urls.put(key, entry));
  }

  /** Removes the index record of the URL {@code key}. */
  public void forgetUrl(String key) throws IOException {
    writableLock().exclusivelyRun(() -> urls.remove(key));
  }

  /** Counts entries and bytes, by kind. */
  public CacheInfo info() throws IOException {
    Set<Sha256> metadata = new HashSet<>();
    Map<Path, UrlEntry> records = urls.all();
    for (UrlEntry e : records.values()) {
      if (!e.isNotFound()) {
        metadata.add(e.sha256());
      }
    }
    long[] totals = new long[6];
    for (CacheFiles.BlobFile b : CacheFiles.blobs(dir)) {
      boolean meta = b.sha256() != null && metadata.contains(b.sha256());
      totals[0]++;
      totals[1] += b.size();
      totals[meta ? 2 : 4]++;
      totals[meta ? 3 : 5] += b.size();
    }
    return new CacheInfo(
        dir, totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], records.size());
  }

  /**
   * Removes entries per {@code policy}; refuses (one-line {@link IOException}) while any process,
   * this one included, has the cache open.
   */
  public static PruneResult prune(Path dir, PrunePolicy policy) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new PruneResult(0, 0, 0, 0);
    }
    return CacheLock.whenUnused(dir, () -> CacheFiles.prune(dir.toRealPath(), policy));
  }

  private void touch(Path p) {
    try {
      Files.setLastModifiedTime(p, FileTime.from(clock.instant()));
    } catch (IOException e) {
      // best effort: only affects prune --older-than ordering
    }
  }

  static Sha256 hash(InputStream in, OutputStream out) throws IOException {
    try (HashingInputStream h = HashingInputStream.of(in)) {
      h.transferTo(out);
      return h.sha256();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      if (lock != null) {
        lock.release();
      }
    }
  }
}
