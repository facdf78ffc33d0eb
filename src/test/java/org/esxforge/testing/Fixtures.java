package org.esxforge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the shared, read-only fixtures: system property {@code esxforge.fixtures}, else
 * {@code ../shared/fixtures/real} beside the repository (as CI lays it out). Tests must never write
 * there.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The {@code fixtures/real} directory. */
  public static Path realDir() {
    String prop = System.getProperty("esxforge.fixtures");
    Path dir = prop != null ? Paths.get(prop) : Paths.get("..", "shared", "fixtures", "real");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "fixtures not found at " + dir.toAbsolutePath() + " (set -Desxforge.fixtures=...)");
    }
    return dir.toAbsolutePath().normalize();
  }

  /** A file under {@code fixtures/real}, which must exist. */
  public static Path real(String relative) {
    Path p = realDir().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing fixture " + p);
    }
    return p;
  }
}
