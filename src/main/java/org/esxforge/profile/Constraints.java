package org.esxforge.profile;

import org.esxforge.model.Constraint;
import org.esxforge.model.Relation;
import org.esxforge.model.SoftwareVersion;
import org.jspecify.annotations.Nullable;

/**
 * Constraint matching as the real ESXi 7.0 image database requires it. Stateless and thread-safe.
 *
 * <p>[I, forced by real data] A constraint version without a release part ({@code 7.0.0}) is
 * compared with the version part of the candidate only: esx-base provides {@code esx-version =
 * 7.0.0-1.0.15843807}, and the installed (so satisfied) VIBs of fixtures/real/esximg-7.0-hpe-host
 * depend on {@code esx-version = 7.0.0} (esx-xserver, esx-dvfilter-generic-fastpath) and {@code
 * esx-version <= 7.0.0} (cpu-microcode). A plain §4.8 comparison would call 7.0.0-1.0.15843807 >
 * 7.0.0 and refuse them. With a release ({@code >= 7.0.0-1.0}) the whole text is compared.
 */
final class Constraints {
  private Constraints() {}

  /** True if a thing called {@code name} at {@code version} (null = unversioned) satisfies c. */
  static boolean matches(Constraint c, String name, @Nullable SoftwareVersion version) {
    if (!c.name().equals(name)) {
      return false;
    }
    Relation relation = c.relation();
    SoftwareVersion bound = c.version();
    if (relation == null || bound == null) { // the two go together
      return true;
    }
    if (version == null) {
      return false;
    }
    SoftwareVersion actual =
        bound.release().isEmpty() ? new SoftwareVersion(version.version()) : version;
    return relation.test(actual, bound);
  }
}
