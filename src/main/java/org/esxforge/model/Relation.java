package org.esxforge.model;

/** A version relation in a constraint: {@code << <= = >= >>} (docs/formats.md §4.2). */
public enum Relation {
  LT("<<"),
  LE("<="),
  EQ("="),
  GE(">="),
  GT(">>");

  private final String symbol;

  Relation(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** True if {@code actual} relates to {@code bound} this way (semantic comparison). */
  public boolean test(SoftwareVersion actual, SoftwareVersion bound) {
    int c = actual.compareSemantically(bound);
    return switch (this) {
      case LT -> c < 0;
      case LE -> c <= 0;
      case EQ -> c == 0;
      case GE -> c >= 0;
      case GT -> c > 0;
    };
  }

  /** Accepts the XML symbols and the common one-character forms {@code < >}. */
  public static Relation parse(String s) throws InvalidModelException {
    String t = s == null ? "" : s.trim();
    for (Relation r : values()) {
      if (r.symbol.equals(t)) {
        return r;
      }
    }
    if (t.equals("<")) {
      return LT;
    }
    if (t.equals(">")) {
      return GT;
    }
    if (t.equals("==")) {
      return EQ;
    }
    throw new InvalidModelException("relation", s, "expected one of << <= = >= >>");
  }

  @Override
  public String toString() {
    return symbol;
  }
}
