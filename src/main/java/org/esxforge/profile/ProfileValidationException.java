package org.esxforge.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile edit or export refused because of one or more {@link Problem}s. The message is the
 * problems' one-line renderings joined by newlines (a single problem gives a single line).
 *
 * <p>Immutable and thread-safe.
 */
public class ProfileValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ProfileValidationException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    this.problems = List.copyOf(problems);
  }

  public ProfileValidationException(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }
}
