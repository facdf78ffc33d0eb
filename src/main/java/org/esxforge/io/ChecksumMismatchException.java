package org.esxforge.io;

import org.jspecify.annotations.Nullable;

/**
 * A digest over some bytes differs from the one the metadata declares.
 *
 * <p>Immutable and thread-safe.
 */
public class ChecksumMismatchException extends FormatException {
  private static final long serialVersionUID = 1L;

  private final String algorithm;
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(
      String source, @Nullable String entry, String algorithm, String expected, String actual) {
    super(
        source, entry, -1, algorithm + " mismatch: actual " + actual + " != expected " + expected);
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
  }

  public String algorithm() {
    return algorithm;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
