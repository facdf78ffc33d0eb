package org.esxforge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.esxforge.io.Sha256;

/** coreutils' {@code sha256sum}: an oracle for digests esxforge computes itself. */
public final class Sha256Sum {
  private Sha256Sum() {}

  /** The SHA-256 that {@code sha256sum} prints for {@code file}. */
  public static Sha256 of(Path file) throws Exception {
    Path tool = ExternalTools.require("sha256sum");
    Process p = new ProcessBuilder(tool.toString(), "--", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertEquals(0, p.waitFor(), out);
    return new Sha256(out.substring(0, 64));
  }
}
