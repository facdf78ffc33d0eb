package org.esxforge.io;

/**
 * The text of a failure for a one-line message. {@link Throwable#getMessage()} may be null (an
 * {@code IOException} thrown without one); then the exception's simple class name stands in, so a
 * message never reads {@code "null"}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Messages {
  private Messages() {}

  /** {@code e}'s message, or its simple class name when it has none. */
  public static String of(Throwable e) {
    String m = e.getMessage();
    return m != null ? m : e.getClass().getSimpleName();
  }
}
