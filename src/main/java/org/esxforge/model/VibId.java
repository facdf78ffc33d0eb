package org.esxforge.model;

import org.jspecify.annotations.Nullable;

/**
 * A VIB id, {@code <vendor>_<type>_<name>_<version>} (docs/formats.md §2.7). The vendor is
 * case-sensitive. Ordering is byte-wise on the text, which is the order ImageBuilder uses for
 * module names and boot order (§5.3, §5.4).
 *
 * <p>Immutable and thread-safe.
 */
public record VibId(String value) implements Comparable<VibId> {

  public VibId {
    if (value == null || value.isEmpty() || hasWhitespace(value)) {
      throw new IllegalArgumentException("invalid VIB id '" + value + "'");
    }
  }

  /**
   * A plain loop: every catalog VIB's id is checked, often more than once. Every character that
   * {@link Character#isWhitespace} accepts is either at most ' ' or at least U+1680, so the
   * printable ASCII of an id is judged by two comparisons.
   */
  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c <= ' ' || c >= '\u1680') && Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  /** How many '_' separate the parts (at least 3: vendor, type, name, version). */
  private static int underscores(String s) {
    int n = 0;
    for (int i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
      n++;
    }
    return n;
  }

  /** Builds the id from its parts. */
  public static VibId of(String vendor, String type, String name, String version) {
    return new VibId(vendor + "_" + type + "_" + name + "_" + version);
  }

  public static VibId parse(String text) throws InvalidModelException {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty() || underscores(t) < 3) {
      throw invalid(text);
    }
    try {
      return new VibId(t); // refuses white space
    } catch (IllegalArgumentException e) {
      throw invalid(text);
    }
  }

  private static InvalidModelException invalid(String text) {
    return new InvalidModelException("VIB id", text, "expected <vendor>_<type>_<name>_<version>");
  }

  /**
   * The record's own equality, written out: ids are compared and hashed millions of times in a
   * large build, and the generated method-handle versions cost several times this until C2 compiles
   * them. The same hash code as the generated one (that of the text).
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof VibId other && value.equals(other.value));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public int compareTo(VibId o) {
    return value.compareTo(o.value); // String.compareTo is UTF-16 unit order == ASCII byte order
  }

  @Override
  public String toString() {
    return value;
  }
}
