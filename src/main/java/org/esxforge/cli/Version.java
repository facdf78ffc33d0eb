package org.esxforge.cli;

/** The tool version, from the jar manifest when packaged. */
final class Version {
  private Version() {}

  static String text() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
