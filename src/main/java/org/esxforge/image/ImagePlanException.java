package org.esxforge.image;

/**
 * A profile that cannot be turned into an installer image (no kernel, too many 8.3 names, a name
 * that does not fit ISO level 1, a missing payload source). The message is one line naming the VIB
 * or payload and what to do. Immutable and thread-safe.
 */
public class ImagePlanException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImagePlanException(String message) {
    super(message);
  }
}
