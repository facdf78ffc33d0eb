package org.esxforge.model;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A vSphere Lifecycle Manager software specification (docs/formats.md §2.6): the base image
 * version, an optional vendor add-on, user components and removed components. It is what PowerCLI
 * {@code New-IsoImage -SoftwareSpec spec.json} takes and what every esxforge build records.
 *
 * <p>As a <em>request</em> the texts may be selectors: {@code baseImage} {@code latest} or {@code
 * latest:8.0}, an empty add-on or component version meaning "the newest compatible one". As a
 * <em>resolved</em> spec ({@link #isResolved()}) every version is concrete.
 *
 * <p>Immutable and thread-safe.
 *
 * @param baseImage the base image version ({@code versionSpec.version}, e.g. {@code
 *     8.0.3-0.35.24280767}) or a {@code latest[:PREFIX]} selector
 * @param addOn the vendor add-on, or null for none
 * @param components component name → version ("" = newest compatible), applied after the add-on
 * @param removedComponents component names removed last
 */
public record SoftwareSpec(
    String baseImage,
    @Nullable AddOnRef addOn,
    SortedMap<String, String> components,
    SortedSet<String> removedComponents) {

  public SoftwareSpec {
    Objects.requireNonNull(baseImage, "baseImage");
    if (baseImage.isBlank()) {
      throw new IllegalArgumentException("a software spec needs a base image version");
    }
    baseImage = baseImage.trim();
    TreeMap<String, String> cs = new TreeMap<>();
    components.forEach((k, v) -> cs.put(k.trim(), v == null ? "" : v.trim()));
    components = Collections.unmodifiableSortedMap(cs);
    removedComponents = Collections.unmodifiableSortedSet(new TreeSet<>(removedComponents));
  }

  /** A spec with only a base image. */
  public static SoftwareSpec ofBaseImage(String baseImage) {
    return new SoftwareSpec(baseImage, null, new TreeMap<>(), new TreeSet<>());
  }

  /** True when no part is a selector: every version is concrete. */
  public boolean isResolved() {
    return !isSelector(baseImage)
        && (addOn == null || !addOn.version().isEmpty())
        && components.values().stream().noneMatch(String::isEmpty);
  }

  /** True for {@code latest} and {@code latest:PREFIX}. */
  public static boolean isSelector(String baseImage) {
    return baseImage.equals("latest") || baseImage.startsWith("latest:");
  }

  /**
   * An add-on by name and version.
   *
   * @param version "" = the newest one that supports the base image
   */
  public record AddOnRef(String name, String version) {
    public AddOnRef {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("an add-on needs a name");
      }
      name = name.trim();
      version = version == null ? "" : version.trim();
    }

    /** {@code NAME} or {@code NAME@VERSION}. */
    public static AddOnRef parse(String text) {
      int at = text.indexOf('@');
      return at < 0
          ? new AddOnRef(text, "")
          : new AddOnRef(text.substring(0, at), text.substring(at + 1));
    }
  }
}
