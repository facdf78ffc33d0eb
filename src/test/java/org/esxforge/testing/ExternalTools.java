package org.esxforge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools for tests. A missing tool skips the test locally but fails it when {@code CI=true}
 * (DEVELOPERS.md: CI installs everything, so a missing tool there is a broken {@code .ci/run}).
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** True when running under CI. */
  public static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** The executable on PATH, if any. */
  public static Optional<Path> find(String name) {
    return org.esxforge.io.ExecutableSearch.onPath(name);
  }

  /** Returns the tool's path; skips (locally) or fails (CI) when it is missing. */
  public static Path require(String name) {
    Optional<Path> p = find(name);
    if (p.isEmpty()) {
      requireThat(false, "external tool '" + name + "' not on PATH");
    }
    return p.orElseThrow();
  }

  /** Requires a file such as {@code /usr/share/OVMF/OVMF_CODE_4M.fd}; skip locally, fail in CI. */
  public static Path requireFile(String path) {
    Path p = Path.of(path);
    requireThat(Files.exists(p), "required file " + path + " is missing");
    return p;
  }

  /** Skips locally, fails in CI, when {@code condition} is false. */
  public static void requireThat(boolean condition, String message) {
    if (condition) {
      return;
    }
    if (inCi()) {
      fail(message + " (CI=true: .ci/run must install it)");
    }
    Assumptions.assumeTrue(false, message + "; skipped outside CI");
  }
}
