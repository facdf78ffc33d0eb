package org.esxforge.model;

/** Text that does not fit a model grammar (a version, a VIB id, a level). Keeps the input. */
public class InvalidModelException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final String input;

  public InvalidModelException(String what, String input, String problem) {
    super("invalid " + what + " '" + input + "': " + problem);
    this.what = what;
    this.input = input;
  }

  public String what() {
    return what;
  }

  public String input() {
    return input;
  }
}
