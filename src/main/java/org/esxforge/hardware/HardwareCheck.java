package org.esxforge.hardware;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.model.Bulletin;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.PciDevice;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.PlatformCompatibility;
import org.jspecify.annotations.Nullable;

/**
 * Answers "will this image see my hardware?": for each device of a host, which driver of the image
 * claims it, else which depot VIB (and its component) would — the newest one that can load on the
 * image's ESXi release — else why nothing can.
 *
 * <p>Binding rule, as the host's device manager applies its maps: of all claims that match a
 * device, the most specific (most fixed digits of the 22-digit pattern) wins; ties go to the VIB
 * that sorts first by id, so the answer is stable.
 *
 * <p>A device is <em>required</em> when it is a network (class 02) or mass-storage (class 01)
 * controller, or when the list does not say its class (a plain {@code vendor:device} list names
 * only the devices its author cares about). An installer that drives none of a host's NICs cannot
 * reach the network; one that drives none of its storage controllers has no disk to install to.
 *
 * <p>Stateless; thread-safe if the catalog is.
 */
public final class HardwareCheck {

  /** What the image or the depots offer a device. */
  public enum Status {
    /** A VIB of the image claims it. */
    IN_IMAGE,
    /** No VIB of the image does, but a depot VIB that loads on this release does: add it. */
    IN_DEPOT,
    /** Nothing that can load on this release claims it. */
    NO_DRIVER
  }

  /**
   * The verdict for one device.
   *
   * @param name from pci.ids (or the list itself), "" when unknown
   * @param className the PCI class name, "" when unknown
   * @param vib the VIB that drives (or would drive) it, null for {@link Status#NO_DRIVER}
   * @param vibName its name, "" for none
   * @param vibVersion its version, "" for none
   * @param driver the module the map binds, "" for {@link Status#NO_DRIVER}
   * @param claim the claim that decided, e.g. {@code 10ec:8168}, "" for none
   * @param component the component holding {@code vib} ({@code name version}), "" when none
   * @param reason why nothing drives it, or which newer drivers were skipped and why
   * @param rejected the VIBs that claim the device but cannot load on this release, each with its
   *     reason
   */
  public record DeviceVerdict(
      PciDevice device,
      String name,
      String className,
      boolean required,
      Status status,
      @Nullable VibId vib,
      String vibName,
      String vibVersion,
      String driver,
      String claim,
      String component,
      String reason,
      List<Rejected> rejected) {
    public DeviceVerdict {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(status, "status");
      rejected = List.copyOf(rejected);
    }
  }

  /** A VIB that claims a device but cannot drive it on the image's release. */
  public record Rejected(VibId vib, String reason) {}

  /** The whole answer. */
  public record Report(
      String profile, String release, String pciIdsSource, List<DeviceVerdict> devices) {
    public Report {
      devices = List.copyOf(devices);
    }

    /** Required devices nothing in the image drives. */
    public List<DeviceVerdict> missing() {
      return devices.stream().filter(d -> d.required() && d.status() != Status.IN_IMAGE).toList();
    }

    /** Required devices nothing at all can drive. */
    public List<DeviceVerdict> unsupported() {
      return devices.stream().filter(d -> d.required() && d.status() == Status.NO_DRIVER).toList();
    }

    /** The depot VIBs that would make every driveable device work, sorted. */
    public List<VibId> toAdd() {
      return devices.stream()
          .filter(d -> d.status() == Status.IN_DEPOT)
          .map(DeviceVerdict::vib)
          .distinct()
          .sorted()
          .toList();
    }
  }

  private HardwareCheck() {}

  /**
   * Checks {@code devices} against {@code profile} and the other VIBs of {@code catalog}.
   *
   * @param names device names, or null to leave them out
   */
  public static Report check(
      Catalog catalog, ImageProfile profile, List<PciDevice> devices, @Nullable PciIds names)
      throws IOException {
    Map<VibId, VibDescriptor> descriptors = catalog.descriptors();
    DriverFit fit =
        DriverFit.of(
            profile, descriptors, PlatformCompatibility.componentPlatforms(catalog.bulletins()));
    Set<VibId> inImage = Set.copyOf(profile.vibIds());
    Map<VibId, List<DeviceClaim>> imageClaims = new TreeMap<>();
    for (VibId id : profile.vibIds()) {
      if (catalog.vib(id).isPresent()) {
        imageClaims.put(id, catalog.deviceClaims(id));
      }
    }
    Map<VibId, List<DeviceClaim>> depotClaims = new TreeMap<>();
    for (CatalogVib v : catalog.vibs().values()) {
      if (!inImage.contains(v.id())) {
        List<DeviceClaim> c = catalog.deviceClaims(v.id());
        if (!c.isEmpty()) {
          depotClaims.put(v.id(), c);
        }
      }
    }
    List<DeviceVerdict> out = new ArrayList<>();
    for (PciDevice d : devices) {
      out.add(verdict(d, catalog, fit, imageClaims, depotClaims, names));
    }
    return new Report(profile.name(), fit.release(), names == null ? "" : names.source(), out);
  }

  private record Match(VibId vib, DeviceClaim claim) {}

  private static final Comparator<Match> BEST =
      Comparator.comparingInt((Match m) -> m.claim().specificity())
          .reversed()
          .thenComparing(Match::vib);

  private static DeviceVerdict verdict(
      PciDevice d,
      Catalog catalog,
      DriverFit fit,
      Map<VibId, List<DeviceClaim>> imageClaims,
      Map<VibId, List<DeviceClaim>> depotClaims,
      @Nullable PciIds names) {
    String name = d.name();
    String className = "";
    if (names != null) {
      if (name.isEmpty()) {
        name = names.name(d.vendor(), d.device(), d.subvendor(), d.subdevice()).orElse("");
      }
      className = names.className(d.baseClass(), d.subClass()).orElse("");
    }
    boolean required = d.baseClass() < 0 || d.network() || d.storage();
    List<Rejected> rejected = new ArrayList<>();

    Optional<Match> image =
        matches(d, imageClaims).stream()
            .filter(
                m -> {
                  Optional<String> why =
                      fit.cannotLoad(descriptor(catalog, m.vib()), claimsOf(m, imageClaims));
                  why.ifPresent(r -> rejected.add(new Rejected(m.vib(), r)));
                  return why.isEmpty();
                })
            .min(BEST);
    if (image.isPresent()) {
      Match m = image.get();
      VibDescriptor vd = descriptor(catalog, m.vib());
      return new DeviceVerdict(
          d,
          name,
          className,
          required,
          Status.IN_IMAGE,
          m.vib(),
          vd.name(),
          vd.version().text(),
          m.claim().driver(),
          m.claim().describePattern(),
          component(catalog, m.vib()),
          "",
          rejected);
    }

    // depot candidates: per VIB name, the newest version that loads on this release
    Map<String, List<Match>> byName = new LinkedHashMap<>();
    for (Match m : matches(d, depotClaims)) {
      byName.computeIfAbsent(descriptor(catalog, m.vib()).name(), k -> new ArrayList<>()).add(m);
    }
    List<Match> usable = new ArrayList<>();
    for (List<Match> group : byName.values()) {
      group.sort(
          Comparator.comparing((Match m) -> descriptor(catalog, m.vib()).version()).reversed());
      for (Match m : group) {
        Optional<String> why =
            fit.cannotLoad(
                descriptor(catalog, m.vib()), depotClaims.getOrDefault(m.vib(), List.of()));
        if (why.isEmpty()) {
          usable.add(m);
          break;
        }
        rejected.add(new Rejected(m.vib(), why.get()));
      }
    }
    Optional<Match> best = usable.stream().min(BEST);
    if (best.isPresent()) {
      Match m = best.get();
      List<String> newer =
          rejected.stream()
              .filter(
                  r ->
                      descriptor(catalog, r.vib())
                          .name()
                          .equals(descriptor(catalog, m.vib()).name()))
              .map(r -> r.vib() + ": " + r.reason())
              .toList();
      String reason = newer.isEmpty() ? "" : "newer versions skipped: " + String.join("; ", newer);
      VibDescriptor vd = descriptor(catalog, m.vib());
      return new DeviceVerdict(
          d,
          name,
          className,
          required,
          Status.IN_DEPOT,
          m.vib(),
          vd.name(),
          vd.version().text(),
          m.claim().driver(),
          m.claim().describePattern(),
          component(catalog, m.vib()),
          reason,
          rejected);
    }
    String reason;
    if (rejected.isEmpty()) {
      reason =
          "no VIB in the image or the depots claims "
              + d.id()
              + (d.subsystem().isEmpty() ? "" : " " + d.subsystem());
    } else {
      reason =
          rejected.stream()
              .map(
                  r ->
                      descriptor(catalog, r.vib()).name()
                          + " "
                          + descriptor(catalog, r.vib()).version()
                          + " claims it but "
                          + r.reason())
              .distinct()
              .collect(Collectors.joining("; "));
    }
    return new DeviceVerdict(
        d, name, className, required, Status.NO_DRIVER, null, "", "", "", "", "", reason, rejected);
  }

  private static List<DeviceClaim> claimsOf(Match m, Map<VibId, List<DeviceClaim>> claims) {
    return claims.getOrDefault(m.vib(), List.of());
  }

  private static List<Match> matches(PciDevice d, Map<VibId, List<DeviceClaim>> claims) {
    List<Match> out = new ArrayList<>();
    claims.forEach(
        (id, list) ->
            list.stream()
                .filter(c -> c.matches(d))
                .max(Comparator.comparingInt(DeviceClaim::specificity))
                .ifPresent(c -> out.add(new Match(id, c))));
    return out;
  }

  /** The component holding {@code vib}, as {@code name version}; "" when none. */
  static String component(Catalog catalog, VibId vib) {
    for (Bulletin b : catalog.bulletins()) {
      if (b.isComponent() && b.vibIds().contains(vib)) {
        return b.componentName() + " " + b.componentVersion();
      }
    }
    return "";
  }

  /** The descriptor of a VIB a claim came from: every claim is read from a catalog VIB. */
  private static VibDescriptor descriptor(Catalog catalog, VibId id) {
    VibDescriptor d = catalog.descriptors().get(id);
    if (d == null) {
      throw new IllegalStateException(id + " claims a device but is not in the catalog");
    }
    return d;
  }
}
