package org.esxforge.cli;

/** Process exit codes (house-style §7). */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  USAGE(2),
  INVALID_PROFILE(3),
  DEPOT_ACCESS(4),
  CORRUPT_INPUT(5),
  /** {@code build --locked}: the depots or the recipe no longer match the lock file. */
  LOCK_MISMATCH(6),
  /** {@code respin --exit-code}: the depots now resolve differently from the lock. */
  CHANGES_PENDING(7);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
