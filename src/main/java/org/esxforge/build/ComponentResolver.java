package org.esxforge.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.profile.PlatformCompatibility;
import org.esxforge.profile.PlatformCompatibility.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * The one place where a component or add-on named by the user ({@code --component NAME[@VERSION]},
 * {@code --addon}, a spec's {@code components}, {@code components --newest --for BASE}) becomes a
 * concrete version. "Newest" means the newest <em>compatible with the target base image</em>; the
 * versions skipped on the way are returned with the reason, so the caller can say why.
 *
 * <p>Compatibility of a component with a base image is {@link PlatformCompatibility}, the rule
 * {@code --add}, {@code vibs --newest}, {@code hardware} and the validator use: the base is the
 * base image's components' VIBs (its {@code esx-base} names the ESXi release, its VIBs provide the
 * kernel interfaces); a component fits when its {@code platforms} admit the release, each of its
 * VIBs' signed {@code softwarePlatform}s does (the descriptor wins over the component), and the
 * base provides every {@code vmkapi_*} level its VIBs depend on. When the depots lack the base
 * image's {@code esx-base}, only the component's platforms are judged. An add-on fits a base when
 * one of its {@code supportedBaseImageVersions} is the base version or a prefix of it at a {@code
 * .} or {@code -} boundary ({@code 8.0.3} admits {@code 8.0.3-0.35.24280767}) [G: vLCM's matching
 * is not published; prefixes are what real add-ons list].
 *
 * <p>Stateless and thread-safe.
 */
public final class ComponentResolver {
  private ComponentResolver() {}

  /**
   * A choice and what was passed over.
   *
   * @param skipped one line per newer version that was not taken, with the reason
   */
  public record Choice<T>(T chosen, List<String> skipped) {
    public Choice {
      skipped = List.copyOf(skipped);
    }
  }

  /** The ESXi release of a base image, e.g. {@code 8.0.3} for {@code 8.0.3-0.35.24280767}. */
  public static String release(ReleaseUnit baseImage) {
    return new SoftwareVersion(baseImage.version()).version();
  }

  /**
   * The compatibility rule of {@code base}: its components' VIBs as found in {@code cat}; empty
   * when the depots hold no esx-base of it.
   */
  public static Optional<PlatformCompatibility> rule(Catalog cat, ReleaseUnit base) {
    List<VibDescriptor> vibs = new ArrayList<>();
    base.components()
        .forEach(
            (n, v) ->
                cat.component(n, v)
                    .ifPresent(
                        c ->
                            c.vibIds().stream()
                                .map(cat.descriptors()::get)
                                .filter(java.util.Objects::nonNull)
                                .forEach(vibs::add)));
    return PlatformCompatibility.of(vibs);
  }

  /**
   * Resolves component {@code name} ({@code version} "" = newest compatible) for {@code base} (null
   * = no base: newest).
   *
   * @throws BuildException no such component, or none that fits: one line naming the component,
   *     what it is made for, the base's ESXi release and the compatible versions the depots have
   */
  public static Choice<Bulletin> component(
      Catalog cat, String name, String version, @Nullable ReleaseUnit base) throws BuildException {
    List<Bulletin> all = cat.componentsNamed(name);
    if (all.isEmpty()) {
      throw new BuildException(
          "no component named '" + name + "' in the depots given" + suggestion(cat, name));
    }
    Optional<PlatformCompatibility> rule = base == null ? Optional.empty() : rule(cat, base);
    if (!version.isEmpty()) {
      Optional<Bulletin> exact =
          all.stream().filter(b -> b.componentVersion().equals(version)).findFirst();
      if (exact.isEmpty()) {
        throw new BuildException(
            "component "
                + name
                + " has no version "
                + version
                + "; the depots have "
                + versions(all));
      }
      Verdict why = base == null ? null : verdict(cat, rule, exact.get(), base);
      if (base != null && why != null && !why.compatible()) {
        throw new BuildException(
            "component "
                + name
                + " "
                + version
                + platformLine(why, base)
                + "; compatible versions in the depots given: "
                + compatible(cat, rule, all, base));
      }
      return new Choice<>(exact.get(), List.of());
    }
    if (base == null) {
      return new Choice<>(all.get(0), List.of()); // no base to fit: the newest
    }
    List<String> skipped = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Bulletin b : all) {
      Verdict why = verdict(cat, rule, b, base);
      if (why.compatible()) {
        return new Choice<>(b, skipped);
      }
      skipped.add(name + " " + b.componentVersion() + " (" + why.reason() + ")");
      reasons.add(b.componentVersion() + " (" + why.reason() + ")");
    }
    throw new BuildException(
        "component "
            + name
            + ": no version in the depots given fits base image "
            + base.version()
            + " ("
            + target(rule, base)
            + "): "
            + String.join(", ", reasons)
            + "; compatible versions in the depots given: none");
  }

  /**
   * Why {@code component} does not fit {@code base}, or null when it does (see the class comment).
   * The single compatibility rule for components.
   */
  public static @Nullable String incompatibility(
      Catalog cat, Bulletin component, ReleaseUnit base) {
    Verdict v = verdict(cat, rule(cat, base), component, base);
    return v.compatible() ? null : v.reason();
  }

  private static Verdict verdict(
      Catalog cat, Optional<PlatformCompatibility> rule, Bulletin component, ReleaseUnit base) {
    if (rule.isPresent()) {
      return rule.get().check(component, cat.descriptors());
    }
    // the base's esx-base is not in the depots: the component's own platforms alone
    List<SoftwarePlatform> ps = component.platforms();
    String release = release(base);
    String madeFor =
        ps.isEmpty()
            ? ""
            : "ESXi "
                + String.join(", ", ps.stream().map(SoftwarePlatform::version).distinct().toList());
    if (ps.isEmpty() || ps.stream().anyMatch(p -> p.admits(release))) {
      return new Verdict(true, madeFor, "");
    }
    return new Verdict(false, madeFor, "it is made for " + madeFor + ", not ESXi " + release);
  }

  /** {@code ESXi 8.0.3} (from the base's esx-base, else its version). */
  private static String target(Optional<PlatformCompatibility> rule, ReleaseUnit base) {
    return rule.map(PlatformCompatibility::target).orElse("ESXi " + release(base));
  }

  /**
   * {@code " is made for ESXi 8.0, but base image 7.0.0-1.25.16324942 is ESXi 7.0.0"}, or {@code "
   * does not fit base image … (ESXi 7.0.0): it needs …"}.
   */
  private static String platformLine(Verdict v, ReleaseUnit base) {
    String release = "ESXi " + release(base);
    if (v.reason().startsWith("it is made for ") && !v.madeFor().isEmpty()) {
      return " is made for "
          + v.madeFor()
          + ", but base image "
          + base.version()
          + " is "
          + release;
    }
    return " does not fit base image " + base.version() + " (" + release + "): " + v.reason();
  }

  private static String compatible(
      Catalog cat, Optional<PlatformCompatibility> rule, List<Bulletin> all, ReleaseUnit base) {
    List<String> ok =
        all.stream()
            .filter(b -> verdict(cat, rule, b, base).compatible())
            .map(Bulletin::componentVersion)
            .toList();
    return ok.isEmpty() ? "none" : String.join(", ", ok);
  }

  /**
   * Resolves add-on {@code name} ({@code version} "" = the newest that supports {@code base}).
   *
   * @throws BuildException no such add-on, or none that supports the base
   */
  public static Choice<ReleaseUnit> addOn(
      Catalog cat, String name, String version, ReleaseUnit base) throws BuildException {
    List<ReleaseUnit> all =
        cat.addOns().stream()
            .filter(u -> u.name().equals(name))
            .sorted(
                (a, b) ->
                    new SoftwareVersion(b.version()).compareTo(new SoftwareVersion(a.version())))
            .toList();
    if (all.isEmpty()) {
      List<String> names = cat.addOns().stream().map(ReleaseUnit::name).distinct().toList();
      throw new BuildException(
          "no add-on named '"
              + name
              + "' in the depots given; they have "
              + (names.isEmpty() ? "no add-ons" : String.join(", ", names)));
    }
    List<String> skipped = new ArrayList<>();
    for (ReleaseUnit u : all) {
      if (!version.isEmpty() && !u.version().equals(version)) {
        continue;
      }
      if (supports(u, base)) {
        return new Choice<>(u, skipped);
      }
      String line =
          "add-on "
              + name
              + " "
              + u.version()
              + " supports base images "
              + u.supportedBaseImageVersions()
              + ", not "
              + base.version();
      if (!version.isEmpty()) {
        throw new BuildException(
            line
                + "; choose a base image it supports with --base-image,"
                + " or another add-on version");
      }
      skipped.add(line);
    }
    if (!version.isEmpty()) {
      throw new BuildException(
          "add-on "
              + name
              + " has no version "
              + version
              + "; the depots have "
              + String.join(", ", all.stream().map(ReleaseUnit::version).toList()));
    }
    throw new BuildException(
        "add-on "
            + name
            + ": no version supports base image "
            + base.version()
            + " ("
            + String.join("; ", skipped)
            + ")");
  }

  /** True when {@code addOn} lists {@code base}'s version or a prefix of it. */
  public static boolean supports(ReleaseUnit addOn, ReleaseUnit base) {
    String v = base.version();
    for (String s : addOn.supportedBaseImageVersions()) {
      String p = s.trim();
      if (v.equals(p) || v.startsWith(p + ".") || v.startsWith(p + "-")) {
        return true;
      }
    }
    return false;
  }

  private static String versions(List<Bulletin> all) {
    return String.join(", ", all.stream().map(Bulletin::componentVersion).toList());
  }

  private static String suggestion(Catalog cat, String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    List<String> near =
        cat.components().stream()
            .map(Bulletin::componentName)
            .distinct()
            .filter(
                n ->
                    n.toLowerCase(java.util.Locale.ROOT).contains(lower)
                        || lower.contains(n.toLowerCase(java.util.Locale.ROOT)))
            .limit(5)
            .toList();
    return near.isEmpty()
        ? "; list them with 'esxforge components -d …'"
        : "; did you mean " + String.join(", ", near) + "?";
  }
}
