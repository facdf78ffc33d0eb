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
import java.util.TreeSet;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

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
  private final List<EditNote> notes = new ArrayList<>();
  private java.util.function.@Nullable Function<VibId, List<SoftwarePlatform>> componentPlatforms;
  private AcceptanceLevel level;
  private final String baseImage;

  /** The profile's VIB ids by VIB name ({@link VibIds#name}), each set in id order. */
  private final Map<String, TreeSet<VibId>> membersByName = new HashMap<>();

  /**
   * The members that can change the platform rule (esx-base, providers of {@code vmkapi_*} or
   * {@code esx-version}): the rule is recomputed from these few only, and only after they changed.
   */
  private final TreeSet<VibId> platformMembers = new TreeSet<>();

  private Optional<PlatformCompatibility> rule = Optional.empty();

  /** {@link #rule} must be recomputed: a member that can change it came or went. */
  private boolean ruleStale = true;

  /** Every available VIB by name, built on the first lookup by name. */
  private @Nullable Map<String, List<VibDescriptor>> availableByName;

  /** The outcome of an edit: the new profile, its descriptors and what the edit did. */
  public record Result(
      ImageProfile profile, Map<VibId, VibDescriptor> descriptors, List<EditNote> notes) {
    public Result {
      descriptors = Map.copyOf(descriptors);
      notes = List.copyOf(notes);
    }
  }

  private ProfileEditor(
      ImageProfile base, ImageProfile.Builder builder, Map<VibId, VibDescriptor> available) {
    this.builder = builder;
    this.available = new HashMap<>(available);
    this.level = base.acceptanceLevel();
    this.baseImage = base.baseImage();
    for (VibId id : base.vibIds()) {
      index(id);
    }
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
    return new ProfileEditor(
        base, base.toBuilder().name(newName.trim()).readOnly(false), available);
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
    if (this.level != level) {
      notes.add(
          new EditNote(
              EditNote.Kind.ACCEPTANCE,
              "acceptance level changed from " + this.level + " to " + level));
    }
    this.level = level;
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
    membersByName.clear();
    platformMembers.clear();
    ruleStale = true;
    for (VibId id : ids) {
      index(id);
    }
    return this;
  }

  /** True when the profile as edited so far holds {@code id}. */
  public boolean contains(VibId id) {
    TreeSet<VibId> named = membersByName.get(VibIds.name(id, available));
    return named != null && named.contains(id);
  }

  /** The base image release id of the profile being edited ("" when it has none). */
  public String baseImage() {
    return baseImage;
  }

  /**
   * Adds the VIB that {@code spec} names: an exact VIB id, {@code name@version}, or a name (the
   * newest available version).
   */
  public ProfileEditor add(String spec) throws ProfileValidationException {
    return add(resolve(spec));
  }

  /**
   * Adds {@code vib} (e.g. read from a loose {@code .vib} file); it becomes available too. Costs in
   * proportion to the VIBs it displaces, not to the size of the profile: members are looked up by
   * name (same name, and each {@code replaces} constraint's name).
   */
  public ProfileEditor add(VibDescriptor vib) throws ProfileValidationException {
    VibId vibId = vib.id(); // derived from the descriptor's fields on each call: once per add
    if (!level.allows(vib.acceptanceLevel())) {
      throw new ProfileValidationException(
          new Problem(
              Problem.Code.ACCEPTANCE_LEVEL,
              vibId,
              "acceptance level "
                  + vib.acceptanceLevel()
                  + " is below the profile's level "
                  + level,
              "lower the profile's acceptance level to "
                  + vib.acceptanceLevel()
                  + " first, or choose another VIB"));
    }
    boolean member = contains(vibId);
    VibDescriptor before = available.put(vibId, vib);
    if (!vib.equals(before)) {
      if (availableByName != null) {
        if (before != null) {
          availableByName.getOrDefault(before.name(), new ArrayList<>()).remove(before);
        }
        availableByName.computeIfAbsent(vib.name(), k -> new ArrayList<>()).add(vib);
      }
      if (member) { // known by its id's text until now: index it by its descriptor's name
        unindex(vibId, before == null ? VibIds.name(vibId, Map.of()) : before.name());
        index(vibId);
      }
    }
    if (member) {
      notes.add(new EditNote(EditNote.Kind.ALREADY_PRESENT, vibId + " is already in the profile"));
      return this;
    }
    // what the VIB displaces, noted in id order: members of the same name, then (for the others)
    // the first of its replaces constraints that matches
    TreeMap<VibId, String> gone = new TreeMap<>();
    for (VibId id : membersNamed(vib.name())) {
      int c = vib.version().compareTo(VibIds.version(id, available));
      String how = c > 0 ? "newer" : c < 0 ? "older" : "same-version";
      gone.put(id, "replaced " + id + " by the " + how + " " + vibId + " (same name)");
    }
    for (Constraint c : vib.relationships().replaces()) {
      if (c.name().equals(vib.name())) {
        continue; // same-name members are replaced above
      }
      for (VibId id : membersNamed(c.name())) {
        if (!gone.containsKey(id)
            && Constraints.matches(c, c.name(), VibIds.version(id, available))) {
          gone.put(id, "removed " + id + ": " + vibId + " replaces " + c);
        }
      }
    }
    for (Map.Entry<VibId, String> e : gone.entrySet()) {
      removeMember(e.getKey());
      notes.add(new EditNote(EditNote.Kind.REPLACED, e.getValue()));
    }
    builder.addVib(vibId);
    index(vibId);
    notes.add(new EditNote(EditNote.Kind.ADDED, "added " + vibId));
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
      if (rule.isPresent() && componentPlatforms != null) { // a rule only with platforms
        PlatformCompatibility.Choice c = rule.get().newest(e.getValue(), componentPlatforms);
        if (c.chosen().isPresent()) {
          top = c.chosen().get();
          if (!c.note().isEmpty()) {
            notes.add(new EditNote(EditNote.Kind.PLATFORM_CHOICE, c.note()));
          }
        } // none fits: the newest goes in and validation says why it does not fit
      }
      newest.put(e.getKey(), top);
    }
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
    TreeSet<VibId> named = membersByName.get(name);
    if (named == null || named.isEmpty()) {
      throw new ProfileValidationException(
          new Problem(
              Problem.Code.UNKNOWN_VIB,
              null,
              "cannot remove " + name + ": no VIB of that name in " + builder.build().name(),
              "check the name with the profile's VIB list"));
    }
    for (VibId id : new ArrayList<>(named)) {
      removeMember(id);
      notes.add(new EditNote(EditNote.Kind.REMOVED, "removed " + id));
    }
    return this;
  }

  /** Removes those of {@code ids} that are in the profile (a component's VIBs), without notes. */
  public ProfileEditor removeAll(Collection<VibId> ids) {
    for (VibId id : ids) {
      if (contains(id)) {
        removeMember(id);
      }
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

  /**
   * The rule for the profile as it is now (its esx-base), when platform-aware. Only the members
   * that can change it are looked at, and only after one of them came or went.
   */
  private Optional<PlatformCompatibility> compatibility() {
    if (componentPlatforms == null) {
      return Optional.empty();
    }
    if (ruleStale) {
      List<VibDescriptor> now = new ArrayList<>();
      for (VibId id : platformMembers) {
        now.add(available.get(id));
      }
      rule = PlatformCompatibility.of(now);
      ruleStale = false;
    }
    return rule;
  }

  /** The members called {@code name}, in id order. */
  private java.util.SortedSet<VibId> membersNamed(String name) {
    TreeSet<VibId> named = membersByName.get(name);
    return named == null ? java.util.Collections.emptySortedSet() : named;
  }

  private void removeMember(VibId id) {
    builder.removeVib(id);
    unindex(id, VibIds.name(id, available));
  }

  private void index(VibId id) {
    membersByName.computeIfAbsent(VibIds.name(id, available), k -> new TreeSet<>()).add(id);
    VibDescriptor d = available.get(id);
    if (d != null && PlatformCompatibility.shapesRule(d)) {
      platformMembers.add(id);
      ruleStale = true;
    }
  }

  private void unindex(VibId id, String name) {
    TreeSet<VibId> named = membersByName.get(name);
    if (named != null) {
      named.remove(id);
      if (named.isEmpty()) {
        membersByName.remove(name);
      }
    }
    if (platformMembers.remove(id)) {
      ruleStale = true;
    }
  }

  private static final Comparator<VibDescriptor> NEWEST =
      Comparator.comparing(VibDescriptor::version).thenComparing(VibDescriptor::id);

  private VibDescriptor resolve(String spec) throws ProfileValidationException {
    String s = spec.trim();
    VibDescriptor exact = byId(s);
    if (exact != null) {
      return exact;
    }
    int at = s.indexOf('@');
    String name = at < 0 ? s : s.substring(0, at);
    String version = at < 0 ? null : s.substring(at + 1);
    List<VibDescriptor> candidates =
        named(name).stream()
            .filter(d -> version == null || d.version().text().equals(version))
            .toList();
    Optional<VibDescriptor> best = candidates.stream().max(NEWEST);
    Optional<PlatformCompatibility> rule = compatibility();
    if (version == null && best.isPresent() && rule.isPresent() && componentPlatforms != null) {
      PlatformCompatibility.Choice c = rule.get().newest(candidates, componentPlatforms);
      if (c.chosen().isEmpty()) {
        // nothing fits: take the newest and let validation refuse it in one line (--force
        // applies there, as for any platform problem)
        notes.add(
            new EditNote(
                EditNote.Kind.PLATFORM_CHOICE,
                c.refusal(name)
                    + "; taking the newest, "
                    + best.get().version()
                    + ", for validation to judge"));
        return best.get();
      }
      if (!c.note().isEmpty()) {
        notes.add(new EditNote(EditNote.Kind.PLATFORM_CHOICE, c.note()));
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

  /** The available VIB whose id is {@code text}, or null. */
  private @Nullable VibDescriptor byId(String text) {
    try {
      return available.get(new VibId(text));
    } catch (IllegalArgumentException e) {
      return null; // not an id's text (blank or with white space)
    }
  }

  /** The available VIBs called {@code name}. */
  private List<VibDescriptor> named(String name) {
    if (availableByName == null) {
      availableByName = new HashMap<>();
      for (VibDescriptor d : available.values()) {
        availableByName.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
      }
    }
    return availableByName.getOrDefault(name, List.of());
  }
}
