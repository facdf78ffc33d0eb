package org.esxforge.model;

import java.util.Objects;

/**
 * {@code <softwarePlatform version="8.0" locale="" productLineID="embeddedEsx"/>}. The version may
 * hold a {@code *} wildcard or be empty ("any").
 */
public record SoftwarePlatform(String version, String locale, String productLineId) {
  public SoftwarePlatform {
    Objects.requireNonNull(version, "version");
    locale = locale == null ? "" : locale;
    productLineId = productLineId == null ? "" : productLineId;
  }

  /**
   * True if this platform admits an ESXi release such as {@code 7.0.0}: empty matches all; a {@code
   * *} is a glob; otherwise the platform version must equal the release or be a prefix of it at a
   * dot boundary ({@code 7.0} admits {@code 7.0.3}, not {@code 7.01}).
   */
  public boolean admits(String esxiVersion) {
    if (version.isEmpty()) {
      return true;
    }
    if (version.contains("*")) {
      String regex = java.util.regex.Pattern.quote(version).replace("*", "\\E.*\\Q");
      return esxiVersion.matches(regex);
    }
    return esxiVersion.equals(version) || esxiVersion.startsWith(version + ".");
  }
}
