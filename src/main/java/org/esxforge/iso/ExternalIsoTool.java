package org.esxforge.iso;

import java.util.Locale;

/** An external ISO authoring tool the {@link IsoWriters#external} writer can run. */
public enum ExternalIsoTool {
  GENISOIMAGE("genisoimage", "genisoimage"),
  MKISOFS("mkisofs", "genisoimage"),
  XORRISO("xorriso", "xorriso");

  private final String command;
  private final String debianPackage;

  ExternalIsoTool(String command, String debianPackage) {
    this.command = command;
    this.debianPackage = debianPackage;
  }

  /** The executable name. */
  public String command() {
    return command;
  }

  /** The Debian package that provides it. */
  public String debianPackage() {
    return debianPackage;
  }

  /** Parses the CLI value {@code genisoimage|mkisofs|xorriso} (any case). */
  public static ExternalIsoTool parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (ExternalIsoTool tool : values()) {
      if (tool.command.equals(t)) {
        return tool;
      }
    }
    throw new IllegalArgumentException(
        "unknown ISO tool '" + text + "'; expected genisoimage, mkisofs or xorriso");
  }
}
