package org.esxforge.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code <constraint name=".." [relation=".." version=".."]/>} in depends, conflicts, replaces or
 * compatibleWith. Without a relation it matches any version of {@code name}.
 *
 * <p>Immutable and thread-safe.
 */
public record Constraint(
    String name, @Nullable Relation relation, @Nullable SoftwareVersion version) {

  /**
   * @param relation null for "any version"
   * @param version null exactly when relation is null
   */
  public Constraint {
    Objects.requireNonNull(name, "name");
    if ((relation == null) != (version == null)) {
      throw new IllegalArgumentException("relation and version go together: " + name);
    }
  }

  public static Constraint any(String name) {
    return new Constraint(name, null, null);
  }

  /** True if a thing called {@code otherName} at {@code otherVersion} satisfies this. */
  public boolean matches(String otherName, @Nullable SoftwareVersion otherVersion) {
    if (!name.equals(otherName)) {
      return false;
    }
    if (relation == null || version == null) { // the two go together
      return true;
    }
    return otherVersion != null && relation.test(otherVersion, version);
  }

  @Override
  public String toString() {
    return relation == null ? name : name + " " + relation.symbol() + " " + version;
  }
}
