package org.esxforge.cli;

/** Process exit codes (house-style §7). */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  USAGE(2),
  INVALID_PROFILE(3),
  DEPOT_ACCESS(4),
  CORRUPT_INPUT(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
