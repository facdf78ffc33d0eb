package org.esxforge.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Edits a copy of an image profile the way ImageBuilder does (docs/formats.md §4.7, §6): clone
 * under a new name, add VIBs (by name = newest, {@code name@version}, exact id, or a descriptor the
 * caller read from a {@code .vib} or bundle), remove VIBs by name. Adding a VIB replaces every VIB
 * of the same name (newer or older) and every VIB its {@code replaces} constraints match; each such
 * removal is recorded as a note. A VIB below the profile's acceptance level is refused unless the
 * caller lowered the level first with {@link #acceptanceLevel}. With {@link #platformAware}, a name
 * means the newest version that fits the profile's base ({@link PlatformCompatibility}), and the
 * newer versions passed over are noted with their reasons.
 *
 * <p>Not thread-safe: one editor per edit.
 */
public final class ProfileEditor {
  private final ImageProfile.Builder builder;
  private final Map<VibId, VibDescriptor> available;
  private final List<String> notes = new ArrayList<>();
  private java.util.function.Function<VibId, List<SoftwarePlatform>> componentPlatforms;

  /** The outcome of an edit: the new profile, its descriptors and what the edit did. */
  public record Result(
      ImageProfile profile, Map<VibId, VibDescriptor> descriptors, List<String> notes) {
    public Result {
      descriptors = Map.copyOf(descriptors);
      notes = List.copyOf(notes);
    }
  }

  private ProfileEditor(ImageProfile.Builder builder, Map<VibId, VibDescriptor> available) {
    this.builder = builder;
    this.available = new HashMap<>(available);
  }

  /**
   * Starts a clone of {@code base} named {@code newName}; the clone is not read-only.
   *
   * @param available every descriptor the edit may use, including those of {@code base}
   */
  public static ProfileEditor cloneOf(
      ImageProfile base, String newName, Map<VibId, VibDescriptor> available) {
    if (newName == null || newName.isBlank()) {
      throw new IllegalArgumentException("a cloned profile needs a new name");
    }
    return new ProfileEditor(base.toBuilder().name(newName.trim()).readOnly(false), available);
  }

  /**
   * Makes "newest" mean the newest version compatible with the profile's base (its esx-base and
   * what the base's VIBs provide), as {@link PlatformCompatibility} decides.
   *
   * @param componentPlatforms the platforms of the components holding a VIB (empty if none)
   */
  public ProfileEditor platformAware(
      java.util.function.Function<VibId, List<SoftwarePlatform>> componentPlatforms) {
    this.componentPlatforms = Objects.requireNonNull(componentPlatforms, "componentPlatforms");
    return this;
  }

  public ProfileEditor vendor(String vendor) {
    builder.creator(Objects.requireNonNull(vendor, "vendor"));
    return this;
  }

  public ProfileEditor description(String description) {
    builder.description(Objects.requireNonNull(description, "description"));
    return this;
  }

  /** Sets the profile level explicitly; the only way to admit lower-trust VIBs. */
  public ProfileEditor acceptanceLevel(AcceptanceLevel level) {
    ImageProfile now = builder.build();
    if (now.acceptanceLevel() != level) {
      notes.add("acceptance level changed from " + now.acceptanceLevel() + " to " + level);
    }
    builder.acceptanceLevel(level);
    return this;
  }

  /** Replaces the VIB list with exactly {@code ids}, each of which must be available. */
  public ProfileEditor vibs(List<VibId> ids) throws ProfileValidationException {
    for (VibId id : ids) {
      if (!available.containsKey(id)) {
        throw new ProfileValidationException(
            new Problem(
                Problem.Code.UNKNOWN_VIB,
                id,
                "is not in any depot given",
                "add the depot or bundle that has it"));
      }
    }
    builder.vibIds(ids);
    return this;
  }

  /**
   * Adds the VIB that {@code spec} names: an exact VIB id, {@code name@version}, or a name (the
   * newest available version).
   */
  public ProfileEditor add(String spec) throws ProfileValidationException {
    return add(resolve(spec));
  }

  /** Adds {@code vib} (e.g. read from a loose {@code .vib} file); it becomes available too. */
  public ProfileEditor add(VibDescriptor vib) throws ProfileValidationException {
    AcceptanceLevel level = builder.build().acceptanceLevel();
    if (!level.allows(vib.acceptanceLevel())) {
      throw new ProfileValidationException(
          new Problem(
              Problem.Code.ACCEPTANCE_LEVEL,
              vib.id(),
              "acceptance level "
                  + vib.acceptanceLevel()
                  + " is below the profile's level "
                  + level,
              "lower the profile's acceptance level to "
                  + vib.acceptanceLevel()
                  + " first, or choose another VIB"));
    }
    available.put(vib.id(), vib);
    for (VibId id : builder.vibIds()) {
      if (id.equals(vib.id())) {
        notes.add(vib.id() + " is already in the profile");
        return this;
      }
    }
    for (VibId id : builder.vibIds()) {
      String name = VibIds.name(id, available);
      if (name.equals(vib.name())) {
        int c = vib.version().compareTo(VibIds.version(id, available));
        String how = c > 0 ? "newer" : c < 0 ? "older" : "same-version";
        builder.removeVib(id);
        notes.add("replaced " + id + " by the " + how + " " + vib.id() + " (same name)");
      } else {
        replacedBy(vib, id, name)
            .ifPresent(
                c -> {
                  builder.removeVib(id);
                  notes.add("removed " + id + ": " + vib.id() + " replaces " + c);
                });
      }
    }
    builder.addVib(vib.id());
    notes.add("added " + vib.id());
    return this;
  }

  /**
   * Adds the VIBs of a bundle: for each name the newest version in {@code vibs}, names in
   * alphabetical order. Refuses (adding nothing) if any of them is below the profile's level.
   */
  public ProfileEditor addAll(Collection<VibDescriptor> vibs) throws ProfileValidationException {
    Map<String, List<VibDescriptor>> byName = new TreeMap<>();
    for (VibDescriptor d : vibs) {
      byName.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
    }
    Map<String, VibDescriptor> newest = new TreeMap<>();
    Optional<PlatformCompatibility> rule = compatibility();
    for (Map.Entry<String, List<VibDescriptor>> e : byName.entrySet()) {
      VibDescriptor top = e.getValue().stream().max(NEWEST).orElseThrow();
      if (rule.isPresent()) {
        PlatformCompatibility.Choice c = rule.get().newest(e.getValue(), componentPlatforms);
        if (c.chosen().isPresent()) {
          top = c.chosen().get();
          if (!c.note().isEmpty()) {
            notes.add(c.note());
          }
        } // none fits: the newest goes in and validation says why it does not fit
      }
      newest.put(e.getKey(), top);
    }
    AcceptanceLevel level = builder.build().acceptanceLevel();
    for (VibDescriptor d : newest.values()) {
      if (!level.allows(d.acceptanceLevel())) {
        return add(d); // throws the one-line acceptance problem
      }
    }
    for (VibDescriptor d : newest.values()) {
      add(d);
    }
    return this;
  }

  /** Removes every VIB called {@code name}; at least one must be in the profile. */
  public ProfileEditor remove(String name) throws ProfileValidationException {
    boolean any = false;
    for (VibId id : builder.vibIds()) {
      if (VibIds.name(id, available).equals(name)) {
        builder.removeVib(id);
        notes.add("removed " + id);
        any = true;
      }
    }
    if (!any) {
      throw new ProfileValidationException(
          new Problem(
              Problem.Code.UNKNOWN_VIB,
              null,
              "cannot remove " + name + ": no VIB of that name in " + builder.build().name(),
              "check the name with the profile's VIB list"));
    }
    return this;
  }

  /**
   * The edited profile, the descriptors of its VIBs and the notes, in edit order. The profile gets
   * its own id, derived from its content ({@link ProfileIds}), never the base's.
   */
  public Result build() {
    ImageProfile p = builder.build();
    p = p.toBuilder().profileId(ProfileIds.derive(p)).build();
    Map<VibId, VibDescriptor> ds = new HashMap<>();
    for (VibId id : p.vibIds()) {
      VibDescriptor d = available.get(id);
      if (d != null) {
        ds.put(id, d);
      }
    }
    return new Result(p, ds, notes);
  }

  /** The rule for the profile as it is now (its esx-base), when platform-aware. */
  private Optional<PlatformCompatibility> compatibility() {
    if (componentPlatforms == null) {
      return Optional.empty();
    }
    List<VibDescriptor> now = new ArrayList<>();
    for (VibId id : builder.vibIds()) {
      VibDescriptor d = available.get(id);
      if (d != null) {
        now.add(d);
      }
    }
    return PlatformCompatibility.of(now);
  }

  private static final Comparator<VibDescriptor> NEWEST =
      Comparator.comparing(VibDescriptor::version).thenComparing(VibDescriptor::id);

  private Optional<Constraint> replacedBy(VibDescriptor vib, VibId id, String name) {
    for (Constraint c : vib.relationships().replaces()) {
      if (Constraints.matches(c, name, VibIds.version(id, available))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private VibDescriptor resolve(String spec) throws ProfileValidationException {
    String s = spec.trim();
    for (Map.Entry<VibId, VibDescriptor> e : available.entrySet()) {
      if (e.getKey().value().equals(s)) {
        return e.getValue();
      }
    }
    int at = s.indexOf('@');
    String name = at < 0 ? s : s.substring(0, at);
    String version = at < 0 ? null : s.substring(at + 1);
    List<VibDescriptor> candidates =
        available.values().stream()
            .filter(d -> d.name().equals(name))
            .filter(d -> version == null || d.version().text().equals(version))
            .toList();
    Optional<VibDescriptor> best = candidates.stream().max(NEWEST);
    Optional<PlatformCompatibility> rule = compatibility();
    if (version == null && best.isPresent() && rule.isPresent()) {
      PlatformCompatibility.Choice c = rule.get().newest(candidates, componentPlatforms);
      if (c.chosen().isEmpty()) {
        // nothing fits: take the newest and let validation refuse it in one line (--force
        // applies there, as for any platform problem)
        notes.add(
            c.refusal(name)
                + "; taking the newest, "
                + best.get().version()
                + ", for validation to judge");
        return best.get();
      }
      if (!c.note().isEmpty()) {
        notes.add(c.note());
      }
      best = c.chosen();
    }
    if (best.isEmpty()) {
      throw new ProfileValidationException(
          new Problem(
              Problem.Code.UNKNOWN_VIB,
              null,
              "no VIB "
                  + (version == null ? "named " + name : name + " version " + version)
                  + " in the depots given",
              "add the depot or bundle that has it, or check the spelling"));
    }
    return best.get();
  }
}
