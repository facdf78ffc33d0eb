package org.esxforge.recipe;

/**
 * A recipe or lock file that cannot be used: malformed, an unknown field, a bad value, an unknown
 * substitution. The message is one line: {@code <file>[:<line>]: <what>}.
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public final class RecipeException extends Exception {
  private static final long serialVersionUID = 1L;

  public RecipeException(String message) {
    super(message);
  }

  public RecipeException(String message, Throwable cause) {
    super(message, cause);
  }
}
