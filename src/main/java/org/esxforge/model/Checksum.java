package org.esxforge.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A payload {@code <checksum checksum-type=".." [verify-process=".."]>hex</checksum>}
 * (docs/formats.md §4.4).
 *
 * @param type e.g. {@code sha-256}, {@code sha-1}, {@code sha-256-gunzip1}
 * @param verifyProcess e.g. {@code gunzip}, {@code txt-mle}; "" when absent
 * @param hex lower-case hex
 */
public record Checksum(String type, String verifyProcess, String hex) {
  public Checksum {
    Objects.requireNonNull(type, "type");
    verifyProcess = verifyProcess == null ? "" : verifyProcess;
    hex = Objects.requireNonNull(hex, "hex").trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return type + (verifyProcess.isEmpty() ? "" : "/" + verifyProcess) + ":" + hex;
  }
}
