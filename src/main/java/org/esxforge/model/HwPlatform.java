package org.esxforge.model;

import java.util.Objects;

/** {@code <hwplatform vendor=".." [model=".."]/>}; model is "" when absent. */
public record HwPlatform(String vendor, String model) {
  public HwPlatform {
    Objects.requireNonNull(vendor, "vendor");
    model = model == null ? "" : model;
  }
}
