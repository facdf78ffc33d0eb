package org.esxforge.sample;

/**
 * How large the sample's payloads are: {@link #STANDARD} kilobytes (fast tests), or {@link #FULL},
 * every payload at the size the real ESXi 7.0 host database records for it (a benchmark input of
 * about a real installer's size). Both are deterministic.
 */
public enum SampleSize {
  /** Small synthetic payloads (the sample depot of {@code sample:7.0}, a few MiB in all). */
  STANDARD(""),
  /** Payloads at their real recorded sizes ({@code sample:7.0-full}). */
  FULL("-full");

  private final String suffix;

  SampleSize(String suffix) {
    this.suffix = suffix;
  }

  /** What the size adds to a sample's name: {@code ""} or {@code "-full"}. */
  public String suffix() {
    return suffix;
  }
}
