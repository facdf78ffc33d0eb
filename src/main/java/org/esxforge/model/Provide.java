package org.esxforge.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code <provide name=".." [version=".."]/>}: a virtual capability such as {@code
 * vmkapi_2_2_0_0}. Immutable.
 *
 * @param version null when unversioned
 */
public record Provide(String name, @Nullable SoftwareVersion version) {
  public Provide {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return version == null ? name : name + " = " + version;
  }
}
