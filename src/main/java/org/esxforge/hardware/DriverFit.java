package org.esxforge.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.model.Constraint;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Provide;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.EsxBase;

/**
 * Whether a driver VIB can load on an image's ESXi release, and if not, why, in words that name the
 * release it was built for:
 *
 * <ol>
 *   <li>vmklinux drivers (their maps say {@code regtype=linux}) cannot load on ESXi 7.0 and later,
 *       which removed the vmklinux layer;
 *   <li>a VIB whose {@code softwarePlatform}s do not admit the release is built for another one;
 *   <li>a driver that depends on a kernel API level ({@code vmkapi_*}, {@code vmkapi_incompat_*},
 *       {@code com.vmware.driverAPI-*}) that the image's VIBs do not provide cannot load either:
 *       adding "a VIB that provides it" is not possible, the level belongs to another release.
 * </ol>
 *
 * The releases named for vmkapi levels come from {@link #API_RELEASES} (public release notes and
 * the levels real drivers declare: docs/formats.md §8.6) [I].
 *
 * <p>Immutable and thread-safe.
 */
final class DriverFit {
  /** vmkapi level (major_minor) → the ESXi release that introduced it [I]. */
  static final Map<String, String> API_RELEASES =
      Map.ofEntries(
          Map.entry("2_0", "5.0"),
          Map.entry("2_1", "5.1"),
          Map.entry("2_2", "5.5"),
          Map.entry("2_3", "6.0"),
          Map.entry("2_4", "6.5"),
          Map.entry("2_5", "6.7"),
          Map.entry("2_6", "7.0"),
          Map.entry("2_7", "7.0 U1"),
          Map.entry("2_8", "7.0 U2"),
          Map.entry("2_9", "7.0 U3"),
          Map.entry("2_10", "8.0"),
          Map.entry("2_11", "8.0 U1"),
          Map.entry("2_12", "8.0 U2"),
          Map.entry("2_13", "8.0 U3"),
          Map.entry("3_0", "9.0"));

  private static final Pattern API =
      Pattern.compile("vmkapi_(?:incompat_)?(\\d+)_(\\d+)_\\d+_\\d+|com\\.vmware\\.driverAPI-.*");

  private final String release;
  private final Set<String> provided;

  private DriverFit(String release, Set<String> provided) {
    this.release = release;
    this.provided = provided;
  }

  static DriverFit of(ImageProfile profile, Map<VibId, VibDescriptor> descriptors) {
    String release = EsxBase.find(profile, descriptors).map(EsxBase::release).orElse("");
    Set<String> provided = new TreeSet<>();
    for (VibId id : profile.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (d != null) {
        provided.add(d.name());
        for (Provide p : d.relationships().provides()) {
          provided.add(p.name());
        }
      }
    }
    return new DriverFit(release, provided);
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
    int major = EsxBase.major(release);
    String builtFor = builtFor(vib);
    Optional<DeviceClaim> linux = claims.stream().filter(DeviceClaim::vmklinux).findFirst();
    if (major >= 7 && linux.isPresent()) {
      return Optional.of(
          "is a vmklinux driver (regtype=linux in "
              + linux.get().mapFile()
              + ")"
              + builtFor
              + "; ESXi 7.0 and later cannot load vmklinux drivers");
    }
    List<SoftwarePlatform> platforms = vib.softwarePlatforms();
    if (!release.isEmpty()
        && !platforms.isEmpty()
        && platforms.stream().noneMatch(p -> p.admits(release))) {
      List<String> versions = platforms.stream().map(SoftwarePlatform::version).toList();
      return Optional.of("is built for ESXi " + String.join(", ", versions) + ", not " + release);
    }
    List<String> missing = new ArrayList<>();
    for (Constraint c : vib.relationships().depends()) {
      if (API.matcher(c.name()).matches() && !provided.contains(c.name())) {
        missing.add(c.name());
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          (builtFor.isEmpty() ? "" : "is" + builtFor + ": ")
              + "needs "
              + String.join(", ", missing)
              + ", which ESXi "
              + (release.isEmpty() ? "this image" : release)
              + " does not provide");
    }
    return Optional.empty();
  }

  /** " built for ESXi 5.5" from the newest API level the VIB depends on, "" if none. */
  private static String builtFor(VibDescriptor vib) {
    String best = null;
    int bestRank = -1;
    for (Constraint c : vib.relationships().depends()) {
      Matcher m = API.matcher(c.name());
      if (m.matches() && m.group(1) != null) {
        String r = API_RELEASES.get(m.group(1) + "_" + m.group(2));
        int rank = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
        if (r != null && rank > bestRank) {
          best = r;
          bestRank = rank;
        }
      }
    }
    return best == null ? "" : " built for ESXi " + best;
  }
}
