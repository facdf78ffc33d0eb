package org.esxforge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the real third-party fixtures committed with the project under {@code
 * src/test/fixtures/real} (provenance in that folder's README.md). The system property {@code
 * esxforge.fixtures} overrides the location (surefire sets it to the absolute path, so tests run
 * from any working directory). Tests must never write there: the files are kept exactly as their
 * authors published them.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The {@code fixtures/real} directory. */
  public static Path realDir() {
    String prop = System.getProperty("esxforge.fixtures");
    Path dir = prop != null ? Paths.get(prop) : Paths.get("src", "test", "fixtures", "real");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "real fixtures not found at "
              + dir.toAbsolutePath()
              + ": they are part of the repository (src/test/fixtures/real); restore them with"
              + " 'git checkout -- src/test/fixtures'");
    }
    return dir.toAbsolutePath().normalize();
  }

  /** A file under {@code fixtures/real}, which must exist. */
  public static Path real(String relative) {
    Path p = realDir().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException(
          "missing fixture "
              + p
              + ": it is part of the repository; restore it with 'git checkout -- src/test/fixtures'");
    }
    return p;
  }
}
