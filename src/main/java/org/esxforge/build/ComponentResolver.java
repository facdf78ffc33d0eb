package org.esxforge.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;

/**
 * The one place where a component or add-on named by the user ({@code --component NAME[@VERSION]},
 * {@code --addon}, a spec's {@code components}, {@code components --newest --for BASE}) becomes a
 * concrete version. "Newest" means the newest <em>compatible with the target base image</em>; the
 * versions skipped on the way are returned with the reason, so the caller can say why.
 *
 * <p>Compatibility of a component with a base (today's rule; the platform-aware rule of issue 11
 * plugs in at {@link #incompatibility}): a component whose {@code platforms} list is empty fits
 * every base; otherwise one of its {@code softwarePlatform} versions must admit the base's ESXi
 * release ({@link SoftwarePlatform#admits}, e.g. {@code 8.0} admits {@code 8.0.3}). An add-on fits
 * a base when one of its {@code supportedBaseImageVersions} is the base version or a prefix of it
 * at a {@code .} or {@code -} boundary ({@code 8.0.3} admits {@code 8.0.3-0.35.24280767}) [G:
 * vLCM's matching is not published; prefixes are what real add-ons list].
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
   * Resolves component {@code name} ({@code version} "" = newest compatible) for {@code base} (null
   * = no base: newest).
   *
   * @throws BuildException no such component, or none that fits (the message lists what exists)
   */
  public static Choice<Bulletin> component(
      Catalog cat, String name, String version, ReleaseUnit base) throws BuildException {
    List<Bulletin> all = cat.componentsNamed(name);
    if (all.isEmpty()) {
      throw new BuildException(
          "no component named '" + name + "' in the depots given" + suggestion(cat, name));
    }
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
      String why = base == null ? null : incompatibility(cat, exact.get(), base);
      if (why != null) {
        throw new BuildException("component " + name + " " + version + " " + why);
      }
      return new Choice<>(exact.get(), List.of());
    }
    List<String> skipped = new ArrayList<>();
    for (Bulletin b : all) {
      String why = base == null ? null : incompatibility(cat, b, base);
      if (why == null) {
        return new Choice<>(b, skipped);
      }
      skipped.add(name + " " + b.componentVersion() + " " + why);
    }
    throw new BuildException(
        "component "
            + name
            + ": no version fits base image "
            + base.version()
            + " ("
            + String.join("; ", skipped)
            + ")");
  }

  /**
   * Why {@code component} does not fit {@code base}, or null when it does (see the class comment).
   * The single compatibility rule for components.
   */
  public static String incompatibility(Catalog cat, Bulletin component, ReleaseUnit base) {
    List<SoftwarePlatform> ps = component.platforms();
    String release = release(base);
    if (ps.isEmpty() || ps.stream().anyMatch(p -> p.admits(release))) {
      return null;
    }
    return "is for ESXi "
        + String.join(", ", ps.stream().map(SoftwarePlatform::version).distinct().toList())
        + ", not the base's "
        + release;
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
