package org.esxforge.build;

/**
 * An output path the build must not write: it is one of the build's inputs (after following
 * symbolic links), it exists and is not a regular file (a device, a directory), or its directory
 * cannot be created. A usage error, found before any depot or VIB is read. The message is one line
 * naming the option, the path and the problem.
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public final class OutputPathException extends BuildException {
  private static final long serialVersionUID = 1L;

  public OutputPathException(String message) {
    super(message);
  }
}
