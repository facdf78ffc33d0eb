package org.esxforge.build;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.esxforge.depot.Catalog;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.profile.PlatformCompatibility;

/**
 * What {@link PlatformCompatibility} needs from a catalog: the {@code platforms} of the components
 * (bulletins) holding each VIB, and the rule for a base profile.
 *
 * <p>Immutable and thread-safe.
 */
public final class ComponentPlatforms implements Function<VibId, List<SoftwarePlatform>> {
  private final Map<VibId, List<SoftwarePlatform>> platforms;

  private ComponentPlatforms(Map<VibId, List<SoftwarePlatform>> platforms) {
    this.platforms = Map.copyOf(platforms);
  }

  /** The component platforms of every VIB of {@code cat}. */
  public static ComponentPlatforms of(Catalog cat) {
    Function<VibId, List<SoftwarePlatform>> f =
        PlatformCompatibility.componentPlatforms(cat.bulletins());
    Map<VibId, List<SoftwarePlatform>> m = new HashMap<>();
    for (Bulletin b : cat.bulletins()) {
      for (VibId id : b.vibIds()) {
        m.computeIfAbsent(id, f);
      }
    }
    return new ComponentPlatforms(m);
  }

  /** The platforms of the components holding {@code id}; empty when none says. */
  @Override
  public List<SoftwarePlatform> apply(VibId id) {
    return platforms.getOrDefault(id, List.of());
  }

  /** Every VIB's component platforms. */
  public Map<VibId, List<SoftwarePlatform>> asMap() {
    return platforms;
  }

  /** The compatibility rule for {@code base} (empty when its esx-base is unknown). */
  public static Optional<PlatformCompatibility> rule(Catalog cat, ImageProfile base) {
    return PlatformCompatibility.of(base, cat.descriptors());
  }
}
