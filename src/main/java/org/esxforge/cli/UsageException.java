package org.esxforge.cli;

/** A cross-option rule was broken; printed with the usage hint, exit code 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
