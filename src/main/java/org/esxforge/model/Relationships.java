package org.esxforge.model;

import java.util.List;

/** The {@code <relationships>} block of a descriptor. Immutable. */
public record Relationships(
    List<Constraint> depends,
    List<Constraint> conflicts,
    List<Constraint> replaces,
    List<Provide> provides,
    List<Constraint> compatibleWith) {

  public static final Relationships NONE =
      new Relationships(List.of(), List.of(), List.of(), List.of(), List.of());

  public Relationships {
    depends = List.copyOf(depends);
    conflicts = List.copyOf(conflicts);
    replaces = List.copyOf(replaces);
    provides = List.copyOf(provides);
    compatibleWith = List.copyOf(compatibleWith);
  }
}
