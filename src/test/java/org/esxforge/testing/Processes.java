package org.esxforge.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs an external process (the packaged jar, the launcher) and captures what it printed. */
public final class Processes {
  private Processes() {}

  /** Exit code and the captured streams of one run; prints all three when an assertion fails. */
  public record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Starts {@code pb} with stdout and stderr going to {@code stdout.txt} and {@code stderr.txt} in
   * {@code dir} (files, so a chatty process never blocks on a full pipe), waits at most five
   * minutes and returns what it printed.
   */
  public static Run run(ProcessBuilder pb, Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + pb.command());
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
