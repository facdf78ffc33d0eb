package org.esxforge.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.esxforge.cli.Main;

/** Runs the esxforge CLI in-process and captures what it printed. */
public final class Cli {
  private Cli() {}

  /** Exit code and the captured streams of one run. */
  public record Result(int exitCode, String out, String err) {
    /** Both streams, for "never prints X" assertions. */
    public String all() {
      return out + err;
    }
  }

  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
