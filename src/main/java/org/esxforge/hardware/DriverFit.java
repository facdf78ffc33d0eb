package org.esxforge.hardware;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.EsxBase;
import org.esxforge.profile.PlatformCompatibility;
import org.jspecify.annotations.Nullable;

/**
 * Whether a driver VIB can load on an image's ESXi release, and if not, why, in words that name the
 * release it was made for. The judgement is {@link PlatformCompatibility}, the one rule {@code
 * --add}, {@code vibs --newest}, component resolution and the validator use (the VIB's signed
 * {@code softwarePlatform}, else its component's platforms, must admit the release; the image must
 * provide every kernel interface level it depends on). Only one thing is added here, because it
 * needs the driver's device maps: vmklinux drivers (their maps say {@code regtype=linux}) cannot
 * load on ESXi 7.0 and later, which removed the vmklinux layer.
 *
 * <p>Immutable and thread-safe.
 */
final class DriverFit {
  private final String release;
  private final @Nullable PlatformCompatibility rule; // null: the image has no esx-base
  private final Function<VibId, List<SoftwarePlatform>> componentPlatforms;

  private DriverFit(
      String release,
      @Nullable PlatformCompatibility rule,
      Function<VibId, List<SoftwarePlatform>> componentPlatforms) {
    this.release = release;
    this.rule = rule;
    this.componentPlatforms = componentPlatforms;
  }

  /**
   * The rule for {@code profile}.
   *
   * @param componentPlatforms the platforms of the components holding each VIB
   */
  static DriverFit of(
      ImageProfile profile,
      Map<VibId, VibDescriptor> descriptors,
      Function<VibId, List<SoftwarePlatform>> componentPlatforms) {
    String release = EsxBase.find(profile, descriptors).map(EsxBase::release).orElse("");
    return new DriverFit(
        release, PlatformCompatibility.of(profile, descriptors).orElse(null), componentPlatforms);
  }

  /** The image's ESXi release ({@code 7.0.0}), "" when it has no esx-base. */
  String release() {
    return release;
  }

  /** Why {@code vib} cannot load on this release; empty when it can. */
  Optional<String> cannotLoad(VibDescriptor vib, List<DeviceClaim> claims) {
    if (vib == null) {
      return Optional.of("its descriptor is unknown");
    }
    List<SoftwarePlatform> components = componentPlatforms.apply(vib.id());
    String madeFor = PlatformCompatibility.madeFor(vib, components);
    Optional<DeviceClaim> linux = claims.stream().filter(DeviceClaim::vmklinux).findFirst();
    if (EsxBase.major(release) >= 7 && linux.isPresent()) {
      return Optional.of(
          "is a vmklinux driver (regtype=linux in "
              + linux.get().mapFile()
              + ")"
              + (madeFor.isEmpty() ? "" : " made for " + madeFor)
              + "; ESXi 7.0 and later cannot load vmklinux drivers");
    }
    if (rule == null) {
      return Optional.empty();
    }
    PlatformCompatibility.Verdict v = rule.check(vib, components);
    if (v.compatible()) {
      return Optional.empty();
    }
    String reason = v.reason().startsWith("it ") ? v.reason().substring(3) : v.reason();
    if (reason.startsWith("is made for") || madeFor.isEmpty()) {
      return Optional.of(reason);
    }
    return Optional.of("is made for " + madeFor + ": " + reason);
  }
}
