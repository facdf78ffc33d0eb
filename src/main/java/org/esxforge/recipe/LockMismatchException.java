package org.esxforge.recipe;

import java.util.List;

/**
 * {@code --locked} (or a lock that the depots can no longer satisfy): what differs between the lock
 * and what the depots hold now, one line each. The message is one line with the count.
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public final class LockMismatchException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> differences;

  public LockMismatchException(String lock, List<String> differences, String hint) {
    super(
        lock
            + ": "
            + differences.size()
            + " difference"
            + (differences.size() == 1 ? "" : "s")
            + " from the lock (each above); "
            + hint);
    this.differences = List.copyOf(differences);
  }

  public List<String> differences() {
    return differences;
  }
}
