package org.esxforge.sample;

import java.time.Instant;
import java.util.List;
import org.esxforge.sample.SampleModel.BulletinSpec;
import org.esxforge.sample.SampleModel.VibSpec;

/**
 * One patch level of the sample: the VIBs of its standard profile and the components holding them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param profilePrefix e.g. {@code ESXi-7.0b-16324942}; profiles are {@code <prefix>-standard} and
 *     {@code <prefix>-no-tools}
 * @param build the esx-base version, e.g. {@code 7.0.0-1.25.16324942}
 * @param versionUi e.g. {@code 7.0b - 16324942}
 * @param date creation time of the profiles and base image
 * @param vibs the standard profile's VIBs, sorted by id
 * @param bulletins the components of those VIBs, sorted by id
 */
record SampleRelease(
    String profilePrefix,
    String build,
    String versionUi,
    Instant date,
    List<VibSpec> vibs,
    List<BulletinSpec> bulletins) {
  SampleRelease {
    vibs = List.copyOf(vibs);
    bulletins = List.copyOf(bulletins);
  }

  /** {@code ESXi:<build>}, the base-image release id. */
  String baseImageId() {
    return "ESXi:" + build;
  }
}
