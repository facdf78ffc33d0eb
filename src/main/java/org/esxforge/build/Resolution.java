package org.esxforge.build;

import java.util.List;
import java.util.Objects;
import org.esxforge.model.ImageProfile;

/**
 * What a build would produce, without writing anything ({@link BuildPipeline#resolve}): the chosen
 * base, the edited profile and every VIB of it with its SHA-256 and depots.
 *
 * <p>Immutable and thread-safe.
 *
 * @param base the base profile's name
 * @param baseReason why that base
 * @param profile the new profile (its VIB ids sorted)
 * @param vibs every VIB of {@code profile}, sorted by id
 * @param components the image's 7.0+ components, name → version (empty for older images)
 */
public record Resolution(
    String base,
    String baseReason,
    ImageProfile profile,
    List<ResolvedVib> vibs,
    java.util.SortedMap<String, String> components) {
  public Resolution {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(profile, "profile");
    vibs = List.copyOf(vibs);
    components = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(components));
  }
}
