package org.esxforge.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Sha256;
import org.esxforge.io.TempFiles;
import org.esxforge.image.InstallerIsoExporter;

/**
 * The pipeline's outputs while they are being written: each goes to a hidden temp file beside its
 * target ({@code .<name>.esxforge-partial}, same file system, so the final move is atomic) and is
 * moved into place by {@link #commit} only after every output is complete. {@link #cleanup}
 * deletes whatever was not committed.
 *
 * <p>Not thread-safe.
 */
final class Outputs {
  private final Map<Path, Path> temps = new LinkedHashMap<>();

  /**
   * The temp file to write instead of {@code target}; its directory is created. Leftovers of
   * earlier runs that were killed while writing {@code target} (their process is gone) are
   * deleted first: {@code .x.iso.esxforge-<pid>-<n>.partial}, the writers' {@code
   * ..x.iso.esxforge-…tmp} and {@code .imgpayld-esxforge-…tgz.tmp}.
   */
  Path temp(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    String name = abs.getFileName().toString();
    List<String> prefixes = new ArrayList<>(List.of("." + name + ".", ".." + name + "."));
    prefixes.addAll(InstallerIsoExporter.tempPrefixes());
    TempFiles.removeStale(abs.getParent(), prefixes);
    Path tmp = TempFiles.createFile(abs.getParent(), "." + name + ".", ".partial");
    temps.put(abs, tmp);
    return tmp;
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

  /** Moves every temp file onto its target, ISO first; returns sizes and SHA-256s. */
  List<BuildResult.Output> commit(BuildRequest req) throws IOException {
    List<BuildResult.Output> out = new ArrayList<>();
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      Path target = e.getKey();
      Path tmp = e.getValue();
      long size = Files.size(tmp);
      Sha256 sha = sha256(tmp);
      String kind = req.iso() != null && target.equals(req.iso().toAbsolutePath()) ? "iso"
          : "bundle";
      out.add(new BuildResult.Output(kind, target, size, sha));
    }
    for (Map.Entry<Path, Path> e : temps.entrySet()) {
      readable(e.getValue());
      AtomicFiles.move(e.getValue(), e.getKey());
    }
    temps.clear();
    return out;
  }

  /** Deletes the temp files that were not committed. */
  void cleanup() throws IOException {
    for (Path tmp : temps.values()) {
      Files.deleteIfExists(tmp);
    }
    temps.clear();
  }

  /** rw-r--r-- (temp files are created owner-only); no-op off POSIX. */
  private static void readable(Path f) throws IOException {
    try {
      Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
          "rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  static Sha256 sha256(Path file) throws IOException {
    MessageDigest md = Sha256.newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return Sha256.fromDigest(md.digest());
  }
}
