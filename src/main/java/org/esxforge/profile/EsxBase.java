package org.esxforge.profile;

import java.util.Map;
import java.util.Optional;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Finds the {@code esx-base} VIB of a profile, whose version names the ESXi release ({@code
 * 7.0.0-1.0.15843807} → release {@code 7.0.0}). Stateless and thread-safe.
 */
public final class EsxBase {
  /** The VIB name of the ESXi base system. */
  public static final String NAME = "esx-base";

  private EsxBase() {}

  /** The esx-base descriptor of {@code profile}, if the profile has one and it is known. */
  public static Optional<VibDescriptor> find(
      ImageProfile profile, Map<VibId, VibDescriptor> descriptors) {
    for (VibId id : profile.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (d != null && NAME.equals(d.name())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The ESXi release of an esx-base descriptor: its version part, e.g. {@code 7.0.0}. */
  public static String release(VibDescriptor esxBase) {
    return esxBase.version().version();
  }

  /** The major version number of a release such as {@code 8.0.3} (8), or -1 if not numeric. */
  public static int major(String release) {
    int dot = release.indexOf('.');
    String head = dot < 0 ? release : release.substring(0, dot);
    try {
      return Integer.parseInt(head);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
