package org.esxforge.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A VIB/component version {@code <version>-<release>} compared with the rules of docs/formats.md
 * §4.8: split at the first '-', compare version then release; each is dot-separated fields compared
 * left to right; inside a field, runs of digits compare numerically (leading zeros ignored, so
 * {@code 011 == 11}) and other runs as ASCII strings, a digit run sorting before a non-digit run at
 * the same position; a list that is a prefix of the other is smaller. Ties between texts that
 * compare equal (e.g. {@code 1.01} vs {@code 1.1}) are broken by the raw text so that the order is
 * total and consistent with equals.
 *
 * <p>Immutable and thread-safe.
 */
public record SoftwareVersion(String text) implements Comparable<SoftwareVersion> {

  public SoftwareVersion {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty version");
    }
  }

  /** Parses any non-blank version text. */
  public static SoftwareVersion parse(String text) throws InvalidModelException {
    if (text == null || text.isBlank()) {
      throw new InvalidModelException("version", String.valueOf(text), "empty");
    }
    return new SoftwareVersion(text.trim());
  }

  /** The part before the first '-'. */
  public String version() {
    int dash = text.indexOf('-');
    return dash < 0 ? text : text.substring(0, dash);
  }

  /** The part after the first '-', or "". */
  public String release() {
    int dash = text.indexOf('-');
    return dash < 0 ? "" : text.substring(dash + 1);
  }

  @Override
  public int compareTo(SoftwareVersion o) {
    int c = compareDotted(version(), o.version());
    if (c == 0) {
      c = compareDotted(release(), o.release());
    }
    return c != 0 ? c : text.compareTo(o.text);
  }

  /** Compares by VMware's rules only; 0 for texts such as {@code 1.01} and {@code 1.1}. */
  public int compareSemantically(SoftwareVersion o) {
    int c = compareDotted(version(), o.version());
    return c != 0 ? c : compareDotted(release(), o.release());
  }

  private static int compareDotted(String a, String b) {
    String[] fa = a.isEmpty() ? new String[0] : a.split("\\.", -1);
    String[] fb = b.isEmpty() ? new String[0] : b.split("\\.", -1);
    int n = Math.min(fa.length, fb.length);
    for (int i = 0; i < n; i++) {
      int c = compareField(fa[i], fb[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(fa.length, fb.length);
  }

  private static int compareField(String a, String b) {
    List<String> ra = runs(a);
    List<String> rb = runs(b);
    int n = Math.min(ra.size(), rb.size());
    for (int i = 0; i < n; i++) {
      String x = ra.get(i);
      String y = rb.get(i);
      boolean dx = Character.isDigit(x.charAt(0));
      boolean dy = Character.isDigit(y.charAt(0));
      int c;
      if (dx && dy) {
        c = compareNumeric(x, y);
      } else if (dx != dy) {
        c = dx ? -1 : 1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ra.size(), rb.size());
  }

  private static int compareNumeric(String x, String y) {
    String a = stripZeros(x);
    String b = stripZeros(y);
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  private static List<String> runs(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      boolean digit = Character.isDigit(s.charAt(i));
      int j = i + 1;
      while (j < s.length() && Character.isDigit(s.charAt(j)) == digit) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
