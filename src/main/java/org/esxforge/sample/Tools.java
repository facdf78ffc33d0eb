package org.esxforge.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.esxforge.io.ExecutableSearch;

/**
 * Finds and runs the external programs the sample's boot chain is built with.
 *
 * <p>Thread-safe (stateless).
 */
final class Tools {
  private Tools() {}

  static Optional<Path> find(String name) {
    return ExecutableSearch.onPath(name);
  }

  /** Runs {@code cmd}; throws with its output when it fails or times out. */
  static void run(List<String> cmd, Path dir, long timeout, TimeUnit unit) throws IOException {
    Path log = Files.createTempFile(dir, "tool", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean done;
      try {
        done = p.waitFor(timeout, unit);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(cmd.get(0) + ": interrupted", e);
      }
      if (!done) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + ": timed out after " + timeout + " " + unit);
      }
      if (p.exitValue() != 0) {
        String out = Files.readString(log, StandardCharsets.UTF_8).strip();
        throw new IOException(
            String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.replace('\n', ' '));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
