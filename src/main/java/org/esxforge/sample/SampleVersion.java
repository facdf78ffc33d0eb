package org.esxforge.sample;

import java.util.Locale;

/** The ESXi major versions the sample depot can be generated for. */
public enum SampleVersion {
  /** ESXi 7.0: GA (15843807) and 7.0b (16324942), modelled on the real 7.0 GA image. */
  V7_0("7.0"),
  /** ESXi 8.0: 8.0U3 (24022510) and 8.0U3b (24280767), an 8.0-shaped image of the same VIBs. */
  V8_0("8.0");

  private final String text;

  SampleVersion(String text) {
    this.text = text;
  }

  /** "7.0" or "8.0". */
  public String text() {
    return text;
  }

  /** Accepts {@code 7.0}/{@code 7}/{@code 8.0}/{@code 8}. */
  public static SampleVersion parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "7.0", "7", "v7_0" -> V7_0;
      case "8.0", "8", "v8_0" -> V8_0;
      default ->
          throw new IllegalArgumentException(
              "unknown sample version '" + s + "': expected 7.0 or 8.0");
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
