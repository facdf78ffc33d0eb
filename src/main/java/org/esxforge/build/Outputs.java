package org.esxforge.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.esxforge.io.TempDirectories;
import org.esxforge.io.TempFiles;

/**
 * The pipeline's outputs while they are being written: each goes to a hidden temp file beside its
 * target ({@code .<name>.esxforge-partial}, same file system, so the final move is atomic) and is
 * moved into place by {@link #commit} only after every output is complete. {@link #cleanup} deletes
 * whatever was not committed.
 *
 * <p>Not thread-safe.
 */
final class Outputs {
  private final Map<Path, Path> temps = new LinkedHashMap<>();
  private final Map<Path, Path> sides = new LinkedHashMap<>();
  private final Map<Path, Sha256> digests = new HashMap<>();

  /**
   * Writes {@code bytes} to a temp file for {@code target}, a small file that accompanies the
   * outputs (e.g. the spec JSON); it is moved into place with them and not reported as an output.
   */
  void side(Path target, byte[] bytes) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(Parents.of(abs));
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".esxforge-partial");
    Files.deleteIfExists(tmp);
    sides.put(abs, tmp);
    Files.write(tmp, bytes);
  }

  /**
   * The temp file to write instead of {@code target}; its directory is created. Leftovers of
   * earlier runs that were killed while writing {@code target} (their process is gone) are deleted
   * first: {@code .x.iso.esxforge-<pid>-<n>.partial}, the writers' {@code ..x.iso.esxforge-…tmp}
   * and {@code .imgpayld-esxforge-…tgz.tmp}.
   */
  Path temp(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = Parents.of(abs);
    Files.createDirectories(dir);
    String name = Parents.nameOf(abs);
    List<String> prefixes = new ArrayList<>(List.of("." + name + ".", ".." + name + "."));
    prefixes.addAll(InstallerIsoExporter.tempPrefixes());
    TempFiles.removeStale(dir, prefixes);
    Path tmp = TempFiles.createFile(dir, "." + name + ".", ".partial");
    temps.put(abs, tmp);
    return tmp;
  }

  /**
   * Records the SHA-256 its writer computed while writing the temp file of {@code target}, so that
   * {@link #commit} need not read the output back.
   */
  void written(Path target, Sha256 sha256) {
    Path abs = target.toAbsolutePath();
    if (!temps.containsKey(abs)) {
      throw new IllegalStateException("no temp file for " + target);
    }
    digests.put(abs, sha256);
  }

  /**
   * A new work directory {@code esxforge-build-esxforge-<pid>-<n>} in {@code tempDir}, after
   * removing those of killed builds.
   */
  static Path workDirectory(Path tempDir) throws IOException {
    TempFiles.removeStale(tempDir, List.of(WORK_PREFIX));
    return TempFiles.createDirectory(tempDir, WORK_PREFIX);
  }

  private static final String WORK_PREFIX = "esxforge-build-";

  /**
   * The empty temp directory to fill instead of the directory {@code target} (a PXE tree). The
   * target itself must be absent, empty, or a tree esxforge wrote before (see {@link
   * #checkTreeTarget}); it is replaced on {@link #commit}.
   */
  Path tempDir(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(Parents.of(abs));
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".esxforge-partial");
    TempDirectories.deleteTree(tmp);
    Files.createDirectory(tmp);
    temps.put(abs, tmp);
    return tmp;
  }

  /**
   * Refuses a tree target that holds something esxforge did not write (never delete a user's
   * folder): it must be absent, an empty directory, or a PXE tree whose README.txt says esxforge
   * wrote it.
   */
  static void checkTreeTarget(Path target, String marker) throws BuildException, IOException {
    if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new BuildException("--pxe " + target + ": exists and is not a directory");
    }
    try (java.util.stream.Stream<Path> s = Files.list(target)) {
      if (s.findAny().isEmpty()) {
        return;
      }
    }
    Path readme = target.resolve("README.txt");
    if (!Files.isRegularFile(readme)
        || !Files.readString(readme, StandardCharsets.UTF_8).startsWith(marker)) {
      throw new BuildException(
          "--pxe "
              + target
              + ": directory is not empty and is not a PXE"
              + " tree esxforge wrote; give a new or empty directory");
    }
  }

  /** Moves every temp file onto its target, ISO first; returns sizes and SHA-256s. */
  List<BuildResult.Output> commit(BuildRequest req) throws IOException {
    List<BuildResult.Output> out = new ArrayList<>();
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      Path target = e.getKey();
      Path tmp = e.getValue();
      if (Files.isDirectory(tmp)) {
        out.add(tree("pxe", target, tmp));
        continue;
      }
      long size = Files.size(tmp);
      Sha256 sha = digests.get(target);
      if (sha == null) {
        sha = sha256(tmp);
      }
      String kind =
          req.iso() != null && target.equals(req.iso().toAbsolutePath()) ? "iso" : "bundle";
      out.add(new BuildResult.Output(kind, target, size, sha));
    }
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      if (Files.isDirectory(e.getValue())) {
        replaceTree(e.getValue(), e.getKey());
        continue;
      }
      readable(e.getValue());
      AtomicFiles.move(e.getValue(), e.getKey());
    }
    temps.clear();
    digests.clear();
    for (Map.Entry<Path, Path> e : sides.entrySet()) {
      readable(e.getValue());
      AtomicFiles.move(e.getValue(), e.getKey());
    }
    sides.clear();
    return out;
  }

  /** A tree's output record: total bytes, and the SHA-256 of its {@code SHA256SUMS} listing. */
  static BuildResult.Output tree(String kind, Path target, Path dir) throws IOException {
    StringBuilder sums = new StringBuilder();
    long size = 0;
    List<Path> files;
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      size += Files.size(f);
      sums.append(sha256(f).hex())
          .append("  ")
          .append(dir.relativize(f).toString().replace('\\', '/'))
          .append('\n');
    }
    MessageDigest md = Sha256.newDigest();
    md.update(sums.toString().getBytes(StandardCharsets.UTF_8));
    return new BuildResult.Output(kind, target, size, Sha256.fromDigest(md.digest()));
  }

  /** Puts the finished tree {@code tmp} at {@code target}, replacing an older one. */
  private static void replaceTree(Path tmp, Path target) throws IOException {
    Path old = target.resolveSibling("." + target.getFileName() + ".esxforge-old");
    TempDirectories.deleteTree(old);
    if (Files.exists(target)) {
      Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    TempDirectories.deleteTree(old);
  }

  /** Deletes the temp files that were not committed. */
  void cleanup() throws IOException {
    for (Path tmp : temps.values()) {
      TempDirectories.deleteTree(tmp);
    }
    temps.clear();
    digests.clear();
    for (Path tmp : sides.values()) {
      Files.deleteIfExists(tmp);
    }
    sides.clear();
  }

  /** rw-r--r-- (temp files are created owner-only); no-op off POSIX. */
  private static void readable(Path f) throws IOException {
    try {
      Files.setPosixFilePermissions(
          f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  static Sha256 sha256(Path file) throws IOException {
    return Sha256.ofFile(file);
  }
}
