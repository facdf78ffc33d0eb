package org.esxforge.cli;

/** A failure whose one-line message is ready for the user, with its own exit code. */
public final class ExitCodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public ExitCodeException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
