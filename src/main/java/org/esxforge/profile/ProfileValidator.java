package org.esxforge.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.Provide;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Checks an image profile against the rules of docs/formats.md §4.7 and §6: dependencies (by
 * name/version or {@code provides}), conflicts, one version per name, software platform, acceptance
 * level, signatures and (for an installer ISO) a bootable kernel plus the boot loaders. Problems
 * come back in {@link Problem#ORDER}.
 *
 * <p>Linear in the size of the profile: dependencies and conflicts are looked up in an index of the
 * profile's VIBs by every name they answer to (their own and each {@code provides}), never by a
 * scan of the profile per constraint.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProfileValidator {
  private ProfileValidator() {}

  /**
   * All problems of {@code profile}; an empty list means valid.
   *
   * @param descriptors descriptors by id; must cover the profile's VIBs (missing ones are problems)
   */
  public static List<Problem> validate(
      ImageProfile profile, Map<VibId, VibDescriptor> descriptors, ValidationContext context) {
    List<VibDescriptor> vibs = new ArrayList<>();
    List<Problem> out = new ArrayList<>();
    for (VibId id : profile.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (d == null) {
        out.add(
            new Problem(
                Problem.Code.MISSING_DESCRIPTOR,
                id,
                "no descriptor for this VIB in the depots given",
                "add the depot that has it or remove " + VibIds.name(id, descriptors)));
      } else {
        vibs.add(d);
      }
    }
    Optional<PlatformCompatibility> rule = PlatformCompatibility.of(vibs);
    Map<String, List<VibDescriptor>> providers = byProvidedName(vibs);
    Map<String, List<VibDescriptor>> availableByName = new HashMap<>();
    for (VibDescriptor d : vibs) {
      boolean fits =
          rule.isEmpty()
              || EsxBase.NAME.equals(d.name())
              || platform(d, rule.get(), context, availableByName, out);
      dependencies(profile, d, providers, fits, out);
      conflicts(d, providers, out);
      acceptance(profile.acceptanceLevel(), d, out);
      if (context.signatureCheck()) {
        signature(d, context.signature(d.id()), out);
      }
    }
    duplicateNames(vibs, out);
    if (context.installerIso()) {
      bootable(vibs, out);
    }
    out.sort(Problem.ORDER);
    return List.copyOf(out);
  }

  /**
   * {@code vibs} by every name they answer to: their own and each of their {@code provides}, each
   * VIB once per name, in the order of {@code vibs}.
   */
  static Map<String, List<VibDescriptor>> byProvidedName(List<VibDescriptor> vibs) {
    Map<String, List<VibDescriptor>> m = new HashMap<>();
    for (VibDescriptor d : vibs) {
      m.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
      for (Provide p : d.relationships().provides()) {
        List<VibDescriptor> l = m.computeIfAbsent(p.name(), k -> new ArrayList<>());
        if (l.isEmpty() || !l.get(l.size() - 1).id().equals(d.id())) {
          l.add(d);
        }
      }
    }
    return m;
  }

  /**
   * True if some VIB other than {@code self} satisfies {@code c}.
   *
   * @param providers the VIBs by the names they answer to ({@link #byProvidedName})
   */
  static boolean satisfied(
      Constraint c, VibDescriptor self, Map<String, List<VibDescriptor>> providers) {
    for (VibDescriptor o : providers.getOrDefault(c.name(), List.of())) {
      if (satisfiedBy(c, o) && !same(o, self)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code a} and {@code b} are the same VIB of the profile: the providers are the
   * profile's VIBs, one per id, so the same id is the same descriptor (compared as records, names
   * first: ids are derived on each call of {@code id()}).
   */
  private static boolean same(VibDescriptor a, VibDescriptor b) {
    return a.name().equals(b.name()) && a.equals(b);
  }

  /**
   * A VIB satisfies a constraint by its own name and version, or by a provide: an unversioned
   * provide satisfies only an unversioned constraint; a versioned one is tested with the relation.
   */
  static boolean satisfiedBy(Constraint c, VibDescriptor o) {
    if (Constraints.matches(c, o.name(), o.version())) {
      return true;
    }
    for (Provide p : o.relationships().provides()) {
      if (Constraints.matches(c, p.name(), p.version())) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param fits false when the VIB was already reported as not fitting the base: its platform
   *     dependencies ({@code vmkapi_*}) are then part of that one line, not advice to "add a VIB
   *     that provides vmkapi_incompat_…", which cannot work
   */
  private static void dependencies(
      ImageProfile profile,
      VibDescriptor d,
      Map<String, List<VibDescriptor>> providers,
      boolean fits,
      List<Problem> out) {
    for (Constraint c : d.relationships().depends()) {
      if (!fits && PlatformCompatibility.isPlatformDependency(c)) {
        continue;
      }
      if (!satisfied(c, d, providers)) {
        out.add(
            new Problem(
                Problem.Code.UNSATISFIED_DEPENDENCY,
                d.id(),
                "depends on " + c + ", which no VIB in " + profile.name() + " provides",
                "add a VIB that provides it or remove " + d.name()));
      }
    }
  }

  private static void conflicts(
      VibDescriptor d, Map<String, List<VibDescriptor>> providers, List<Problem> out) {
    for (Constraint c : d.relationships().conflicts()) {
      for (VibDescriptor o : providers.getOrDefault(c.name(), List.of())) {
        if (satisfiedBy(c, o) && !same(o, d)) {
          out.add(
              new Problem(
                  Problem.Code.CONFLICT,
                  d.id(),
                  "conflicts with " + o.id() + " (constraint " + c + ")",
                  "remove " + d.name() + " or " + o.name()));
        }
      }
    }
  }

  /**
   * One line for a VIB that does not fit the base: the driver, what it is made for, the base's
   * platform, why, and the compatible versions the depots offer. True when it fits.
   */
  private static boolean platform(
      VibDescriptor d,
      PlatformCompatibility rule,
      ValidationContext context,
      Map<String, List<VibDescriptor>> availableByName,
      List<Problem> out) {
    PlatformCompatibility.Verdict v = rule.check(d, context.componentPlatforms(d.id()));
    if (v.compatible()) {
      return true;
    }
    if (availableByName.isEmpty()) { // the first VIB that does not fit: index what the depots offer
      for (VibDescriptor o : context.available().values()) {
        availableByName.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o);
      }
    }
    List<String> fitting =
        availableByName.getOrDefault(d.name(), List.of()).stream()
            .filter(o -> !o.id().equals(d.id()))
            .filter(o -> rule.check(o, context.componentPlatforms(o.id())).compatible())
            .map(VibDescriptor::version)
            .sorted(java.util.Comparator.reverseOrder())
            .map(Object::toString)
            .distinct()
            .toList();
    String needs = v.reason().startsWith("it needs ") ? " (" + v.reason() + ")" : "";
    out.add(
        new Problem(
            Problem.Code.PLATFORM_MISMATCH,
            d.id(),
            d.name()
                + " "
                + d.version()
                + (!needs.isEmpty() || v.madeFor().isEmpty()
                    ? " does not fit the image's base " + rule.target() + needs
                    : " is made for " + v.madeFor() + ", but the image's base is " + rule.target())
                + "; compatible versions in the depots given: "
                + (fitting.isEmpty() ? "none" : String.join(", ", fitting)),
            fitting.isEmpty()
                ? "add a build of "
                    + d.name()
                    + " made for "
                    + rule.target()
                    + " or remove "
                    + d.name()
                : "add " + d.name() + "@" + fitting.get(0) + " instead, or remove " + d.name()));
    return false;
  }

  private static void acceptance(AcceptanceLevel level, VibDescriptor d, List<Problem> out) {
    if (!level.allows(d.acceptanceLevel())) {
      out.add(
          new Problem(
              Problem.Code.ACCEPTANCE_LEVEL,
              d.id(),
              "acceptance level " + d.acceptanceLevel() + " is below the profile's level " + level,
              "lower the profile's acceptance level to "
                  + d.acceptanceLevel()
                  + " or remove "
                  + d.name()));
    }
  }

  private static void signature(VibDescriptor d, SignatureStatus s, List<Problem> out) {
    if (d.acceptanceLevel() == AcceptanceLevel.COMMUNITY) {
      return;
    }
    if (s == SignatureStatus.UNSIGNED) {
      out.add(
          new Problem(
              Problem.Code.UNSIGNED,
              d.id(),
              "is " + d.acceptanceLevel() + " but unsigned",
              "get a signed build of " + d.name() + " or turn the signature check off"));
    } else if (s == SignatureStatus.INVALID) {
      out.add(
          new Problem(
              Problem.Code.INVALID_SIGNATURE,
              d.id(),
              "is " + d.acceptanceLevel() + " but its signature does not verify",
              "get an unmodified build of " + d.name() + " or turn the signature check off"));
    }
  }

  private static void duplicateNames(List<VibDescriptor> vibs, List<Problem> out) {
    // the names seen once, then (in name order) every VIB of a name seen again
    Map<String, VibDescriptor> first = new HashMap<>();
    Map<String, List<VibId>> byName = new TreeMap<>();
    for (VibDescriptor d : vibs) {
      VibDescriptor seen = first.putIfAbsent(d.name(), d);
      if (seen != null) {
        byName.computeIfAbsent(d.name(), k -> new ArrayList<>(List.of(seen.id()))).add(d.id());
      }
    }
    byName.forEach(
        (name, ids) -> {
          if (ids.size() > 1) {
            List<String> texts = ids.stream().map(VibId::value).sorted().toList();
            out.add(
                new Problem(
                    Problem.Code.DUPLICATE_NAME,
                    ids.stream().sorted().findFirst().orElseThrow(),
                    "name "
                        + name
                        + " appears "
                        + ids.size()
                        + " times: "
                        + String.join(", ", texts),
                    "keep one version of " + name));
          }
        });
  }

  /** Boot-loader payloads an installer ISO needs: (type, name or "" for any). */
  private static final String[][] ISO_PAYLOADS = {
    {"boot_iso_bios", "isolinux.bin", "the BIOS boot loader isolinux.bin"},
    {"boot_com32_bios", "mboot.c32", "the BIOS multiboot loader mboot.c32"},
    {"boot_com32_bios", "menu.c32", "the BIOS boot menu menu.c32"},
    {"boot_loader_efi", "bootx64.efi", "the UEFI boot loader BOOTx64.EFI"},
    {"eltorito_image_efi", "efiboot.img", "the UEFI El Torito image efiboot.img"},
  };

  private static void bootable(List<VibDescriptor> vibs, List<Problem> out) {
    boolean kernel = false;
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        // the kernel: payload b (6.7+) or tboot (5.x/6.0), type boot (docs/formats.md §5.4)
        kernel |= "boot".equals(p.type()) && (p.name().equals("b") || p.name().equals("tboot"));
      }
    }
    if (!kernel) {
      out.add(
          new Problem(
              Problem.Code.NOT_BOOTABLE,
              null,
              "cannot build an installer ISO: no VIB has a bootable kernel (boot payload b)",
              "add esx-base"));
    }
    for (String[] need : ISO_PAYLOADS) {
      if (!hasPayload(vibs, need[0], need[1])) {
        out.add(
            new Problem(
                Problem.Code.NOT_BOOTABLE,
                null,
                "cannot build an installer ISO: no VIB has "
                    + need[2]
                    + " (payload type "
                    + need[0]
                    + ")",
                "add esx-base, which carries the boot loaders"));
      }
    }
  }

  private static boolean hasPayload(List<VibDescriptor> vibs, String type, String name) {
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        if (p.type().equals(type) && p.name().toLowerCase(Locale.ROOT).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }
}
