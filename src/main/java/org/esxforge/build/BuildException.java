package org.esxforge.build;

/**
 * A build that cannot be done for a reason the user can act on (base profile not found, ISO
 * writer not installed, a profile that cannot become an installer ISO). The message is one line.
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public class BuildException extends Exception {
  private static final long serialVersionUID = 1L;

  public BuildException(String message) {
    super(message);
  }

  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
