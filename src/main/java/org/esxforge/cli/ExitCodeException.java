package org.esxforge.cli;

import java.util.List;
import org.esxforge.profile.Problem;

/** A failure whose one-line message is ready for the user, with its own exit code. */
public final class ExitCodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;
  private final transient List<Problem> problems;
  private final List<String> details;

  public ExitCodeException(ExitCode exitCode, String message) {
    this(exitCode, message, List.of());
  }

  /** A failure listing validation {@code problems} (each already printed as text on stderr). */
  public ExitCodeException(ExitCode exitCode, String message, List<Problem> problems) {
    this(exitCode, message, problems, List.of());
  }

  /** A failure with problems and other one-line {@code details} (e.g. lock differences). */
  public ExitCodeException(
      ExitCode exitCode, String message, List<Problem> problems, List<String> details) {
    super(message);
    this.exitCode = exitCode;
    this.problems = List.copyOf(problems);
    this.details = List.copyOf(details);
  }

  /** One-line details beside the problems, for {@code --json}; often empty. */
  public List<String> details() {
    return details;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** The validation problems behind this failure, for {@code --json}; often empty. */
  public List<Problem> problems() {
    return problems;
  }
}
