package org.esxforge.iso;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link IsoPath#parse} for a path that breaks the ISO 9660 level-1 rules; keeps the
 * input. Immutable.
 */
public final class InvalidIsoPathException extends Exception {
  private static final long serialVersionUID = 1L;

  private final @Nullable String input;

  public InvalidIsoPathException(@Nullable String input, String reason) {
    super("invalid ISO 9660 path '" + input + "': " + reason);
    this.input = input;
  }

  /** The text that was refused. */
  public @Nullable String input() {
    return input;
  }
}
