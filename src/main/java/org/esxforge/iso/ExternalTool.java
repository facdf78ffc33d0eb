package org.esxforge.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.esxforge.io.ExecutableSearch;

/** Finding and running an {@link ExternalIsoTool}. Stateless and thread-safe. */
final class ExternalTool {
  private static final long TIMEOUT_MINUTES = 60;

  private ExternalTool() {}

  /** The executable on PATH. */
  static Optional<Path> find(String name) {
    return find(name, System.getenv("PATH"));
  }

  /** The executable on {@code path} (a PATH-style list). */
  static Optional<Path> find(String name, String path) {
    return ExecutableSearch.find(name, path);
  }

  /** Checks the tool is present and returns its version line; one clear message if not. */
  static String version(ExternalIsoTool tool) throws IOException {
    return version(tool, System.getenv("PATH"));
  }

  /** As {@link #version(ExternalIsoTool)}, searching {@code path}. */
  static String version(ExternalIsoTool tool, String path) throws IOException {
    Path exe =
        find(tool.command(), path)
            .orElseThrow(
                () ->
                    new IOException(
                        tool.command()
                            + " not found on PATH; install the Debian package '"
                            + tool.debianPackage()
                            + "' or use the builtin ISO writer"));
    String flag = tool == ExternalIsoTool.XORRISO ? "-version" : "--version";
    ProcessBuilder pb = new ProcessBuilder(exe.toString(), flag).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isBlank()) {
        p.destroyForcibly();
        throw new IOException(tool.command() + " " + flag + " failed: " + firstLine(out));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw ExternalIsoWriter.interrupted("running " + tool.command());
    }
    // mkisofs prints a decoy first line ("mkisofs 2.01 is not what you see here"), then the truth
    return out.lines()
        .filter(l -> l.startsWith("genisoimage ") || l.startsWith("xorriso "))
        .findFirst()
        .orElse(firstLine(out))
        .strip();
  }

  /** Runs {@code command} with SOURCE_DATE_EPOCH; stderr goes into the message on failure. */
  static void run(ExternalIsoTool tool, List<String> command, Instant time, Path work)
      throws IOException {
    Path err = work.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    pb.environment().put("SOURCE_DATE_EPOCH", Long.toString(time.getEpochSecond()));
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(
            tool.command() + " did not finish within " + TIMEOUT_MINUTES + " min");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw ExternalIsoWriter.interrupted("running " + tool.command());
    }
    if (p.exitValue() != 0) {
      String text = Files.readString(err, StandardCharsets.UTF_8).strip();
      String joined = String.join(" | ", text.lines().filter(l -> !l.isBlank()).toList());
      if (joined.length() > 2000) {
        joined = "..." + joined.substring(joined.length() - 2000);
      }
      throw new IOException(
          tool.command() + " failed with exit status " + p.exitValue() + ": " + joined);
    }
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("").strip();
  }
}
