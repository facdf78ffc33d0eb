package org.esxforge.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * Walks and prunes the on-disk layout of a {@link Cache}.
 *
 * <p>Thread-safe (stateless); pruning relies on the caller holding the cache exclusively.
 */
final class CacheFiles {
  private CacheFiles() {}

  /** One blob file; {@code sha256} is null when the file name is not a digest (stray file). */
  record BlobFile(Path path, @Nullable Sha256 sha256, long size, Instant lastUsed) {}

  static List<BlobFile> blobs(Path dir) throws IOException {
    Path root = dir.resolve(Cache.BLOBS);
    List<BlobFile> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(root, 2)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
          continue; // removed meanwhile
        }
        if (!a.isRegularFile()) {
          continue;
        }
        Sha256 sha;
        try {
          sha = new Sha256(Parents.nameOf(p));
        } catch (IllegalArgumentException e) {
          sha = null;
        }
        out.add(new BlobFile(p, sha, a.size(), a.lastModifiedTime().toInstant()));
      }
    }
    return out;
  }

  static PruneResult prune(Path dir, PrunePolicy policy) throws IOException {
    List<BlobFile> blobs = new ArrayList<>(blobs(dir));
    blobs.sort(Comparator.comparing(BlobFile::lastUsed).thenComparing(BlobFile::path));
    long total = blobs.stream().mapToLong(BlobFile::size).sum();
    long removed = 0;
    long removedBytes = 0;
    Set<Sha256> kept = new HashSet<>();
    for (BlobFile b : blobs) {
      boolean old =
          policy.olderThan() != null
              && b.lastUsed().isBefore(policy.now().minus(policy.olderThan()));
      boolean over = policy.maxByteCount() >= 0 && total > policy.maxByteCount();
      if (policy.all() || old || over || b.sha256() == null) {
        Files.deleteIfExists(b.path());
        removed++;
        removedBytes += b.size();
        total -= b.size();
      } else {
        kept.add(b.sha256());
      }
    }
    UrlIndex urls = new UrlIndex(dir);
    for (Map.Entry<Path, UrlEntry> e : urls.all().entrySet()) {
      if (!kept.contains(e.getValue().sha256())) {
        Files.deleteIfExists(e.getKey());
      }
    }
    try (Stream<Path> s = Files.list(dir.resolve(Cache.TMP))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.deleteIfExists(p); // nobody else has the cache open: these are leftovers of a crash
      }
    }
    return new PruneResult(removed, removedBytes, kept.size(), total);
  }
}
