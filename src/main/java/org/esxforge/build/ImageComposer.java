package org.esxforge.build;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.depot.xml.Timestamps;
import org.esxforge.io.FormatException;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwareSpec;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.profile.ReservedComponents;
import org.jspecify.annotations.Nullable;

/**
 * Turns a software spec into an image the way vSphere Lifecycle Manager composes one
 * (docs/formats.md §2.6): the base image's components; then the add-on (its {@code
 * removedComponents} removed, its components added or replacing the base's of the same name; its
 * {@code supportedBaseImageVersions} checked); then the user's components (added or replacing);
 * then the spec's {@code removed_components}. Components become VIBs through {@link ProfileEditor},
 * so a component VIB replaces every VIB of the same name and whatever its {@code replaces}
 * constraints match, exactly as a VIB {@code --add} does.
 *
 * <p>Choices: the base image selector {@code latest[:PREFIX]} takes the highest base-image version
 * whose ESXi release starts with PREFIX at a dot ({@code 8.0}, {@code 8.0.3}, or {@code 8.0U3} read
 * as {@code 8.0.3}); a component or add-on without a version is resolved by {@link
 * ComponentResolver}. The profile that carries the image's metadata is the depot's {@code
 * -standard} profile of that base image when there is one (its vendor, description, level and
 * creation time), else one made from the base image document (vendor, summary, release date, level
 * {@code partner}). A component of the base image that the image replaced is <em>reserved</em>
 * ({@link ReservedComponents}: the one definition, as VMware records it; a component only removed
 * is not).
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageComposer {
  private ImageComposer() {}

  /**
   * The composed image.
   *
   * @param baseImage the base image document
   * @param addOn the add-on document, or null
   * @param baseProfile the base image alone (its components' VIBs), with the template's metadata
   * @param profile the composed image (base, add-on, components, removals), named as {@code
   *     baseProfile}
   * @param spec the spec with every version concrete
   * @param components the final image's components by name
   * @param reserved base-image components the image replaced ({@link ReservedComponents}), sorted
   *     by id
   * @param notes what the composition did, in order
   * @param reason why this base image (e.g. "newest base image matching 'latest:8.0'")
   * @param satisfied the depots' manifests (hardware support packages) and solutions the image
   *     satisfies ({@link #satisfied}), sorted by release id: exports carry them
   */
  public record Composition(
      ReleaseUnit baseImage,
      @Nullable ReleaseUnit addOn,
      ImageProfile baseProfile,
      ImageProfile profile,
      SoftwareSpec spec,
      Map<String, Bulletin> components,
      List<Bulletin> reserved,
      List<String> notes,
      String reason,
      List<ReleaseUnit> satisfied) {
    public Composition {
      Objects.requireNonNull(baseImage, "baseImage");
      satisfied = List.copyOf(satisfied);
      components = java.util.Collections.unmodifiableMap(new TreeMap<>(components));
      reserved = List.copyOf(reserved);
      notes = List.copyOf(notes);
    }

    /**
     * The release units the image is made of: the base image, then the add-on, then the manifests
     * and solutions it satisfies.
     */
    public List<ReleaseUnit> releaseUnits() {
      List<ReleaseUnit> out = new ArrayList<>();
      out.add(baseImage);
      if (addOn != null) {
        out.add(addOn);
      }
      out.addAll(satisfied);
      return List.copyOf(out);
    }
  }

  /**
   * Composes {@code spec} from {@code cat}.
   *
   * @throws BuildException a part of the spec is not in the depots or does not fit
   * @throws EditRefusedException a component VIB is below the profile's acceptance level
   */
  public static Composition compose(Catalog cat, SoftwareSpec spec)
      throws BuildException, EditRefusedException {
    ReleaseUnit base = baseImage(cat, spec.baseImage());
    List<String> notes = new ArrayList<>();
    String reason = baseReason(spec.baseImage());
    notes.add("base image " + base.version() + " (" + reason + ")");
    Map<String, Bulletin> baseComponents = new LinkedHashMap<>();
    List<VibId> baseVibs = new ArrayList<>();
    for (Map.Entry<String, String> e : base.components().entrySet()) {
      Bulletin b =
          component(
              cat, e.getKey(), e.getValue(), "base image " + base.version(), "the base image's");
      baseComponents.put(e.getKey(), b);
      baseVibs.addAll(b.vibIds());
    }
    ImageProfile baseProfile =
        template(cat, base).toBuilder().vibIds(baseVibs).baseImage(base.effectiveId()).build();
    Editor ed = new Editor(cat, baseProfile, baseComponents);
    try {
      ReleaseUnit addOn =
          spec.addOn() == null ? null : applyAddOn(cat, spec.addOn(), base, ed, notes);
      TreeMap<String, String> resolved = new TreeMap<>();
      for (Map.Entry<String, String> e : spec.components().entrySet()) {
        ComponentResolver.Choice<Bulletin> c =
            ComponentResolver.component(cat, e.getKey(), e.getValue(), base);
        c.skipped().forEach(s -> notes.add("skipped " + s));
        ed.apply(c.chosen(), "component");
        resolved.put(e.getKey(), c.chosen().componentVersion());
      }
      for (String r : spec.removedComponents()) {
        ed.remove(r, "removed_components", true);
      }
      ProfileEditor.Result result = ed.editor.build();
      notes.addAll(ed.notes);
      notes.addAll(result.notes());
      Map<String, Bulletin> finalComponents = ed.finalComponents(result.profile());
      SoftwareSpec concrete =
          new SoftwareSpec(
              base.version(),
              addOn == null ? null : new SoftwareSpec.AddOnRef(addOn.name(), addOn.version()),
              resolved,
              new TreeSet<>(spec.removedComponents()));
      return new Composition(
          base,
          addOn,
          baseProfile,
          result.profile(),
          concrete,
          finalComponents,
          ReservedComponents.of(
                  baseComponents.values(),
                  baseProfile,
                  result.profile(),
                  finalComponents,
                  cat.descriptors())
              .components(),
          notes,
          reason,
          satisfied(cat, base, finalComponents));
    } catch (ProfileValidationException e) {
      throw new EditRefusedException(e.problems());
    }
  }

  /** Resolves the add-on, then removes its {@code removedComponents} and applies its components. */
  private static ReleaseUnit applyAddOn(
      Catalog cat, SoftwareSpec.AddOnRef ref, ReleaseUnit base, Editor ed, List<String> notes)
      throws BuildException, ProfileValidationException {
    ComponentResolver.Choice<ReleaseUnit> c =
        ComponentResolver.addOn(cat, ref.name(), ref.version(), base);
    ReleaseUnit addOn = c.chosen();
    c.skipped().forEach(s -> notes.add("skipped " + s));
    notes.add("add-on " + addOn.name() + " " + addOn.version());
    String where = "add-on " + addOn.name() + " " + addOn.version();
    for (String r : addOn.removedComponents()) {
      ed.remove(r, where, false);
    }
    for (Map.Entry<String, String> e : addOn.components().entrySet()) {
      ed.apply(component(cat, e.getKey(), e.getValue(), where, "the add-on's"), where);
    }
    return addOn;
  }

  /** The component a release unit lists, or a one-line failure naming the unit. */
  private static Bulletin component(
      Catalog cat, String name, String version, String unit, String whose) throws BuildException {
    return cat.component(name, version)
        .orElseThrow(
            () ->
                new BuildException(
                    unit
                        + " lists component "
                        + name
                        + " "
                        + version
                        + ", which no depot given holds; add "
                        + whose
                        + " depot with -d"));
  }

  /**
   * The spec a profile amounts to, for an image not built from a spec (a cloned profile, a
   * re-imported bundle): its base image is the one it names ({@code baseimageid}); its add-on is
   * the add-on supporting that base whose components are all in the image at their versions and
   * whose removed components are absent (the one with most components when several fit, then the
   * newest); its components are the image's components that differ from what base image and add-on
   * give; its removed components those they give that the image lacks. Empty when the profile names
   * no base image the depots hold (e.g. 6.x). VIBs outside any component cannot be expressed in a
   * spec; the caller reports them.
   */
  public static Optional<Composition> derive(Catalog cat, ImageProfile profile) {
    return derive(cat, profile, null);
  }

  /**
   * As {@link #derive(Catalog, ImageProfile)}, preferring {@code addOnHint} (the add-on the image
   * was composed with) when it still fits the image.
   */
  public static Optional<Composition> derive(
      Catalog cat, ImageProfile profile, @Nullable ReleaseUnit addOnHint) {
    Optional<ReleaseUnit> b = cat.baseImageById(profile.baseImage());
    if (b.isEmpty()) {
      return Optional.empty();
    }
    ReleaseUnit base = b.get();
    Map<String, Bulletin> present = new TreeMap<>();
    for (Bulletin c : cat.components()) { // newest first per name: keep the first that fits
      if (!c.vibIds().isEmpty() && profile.vibIds().containsAll(c.vibIds())) {
        present.putIfAbsent(c.componentName(), c);
      }
    }
    ReleaseUnit addOn =
        (addOnHint == null ? cat.addOns() : List.of(addOnHint))
            .stream()
                .filter(u -> ComponentResolver.supports(u, base))
                .filter(
                    u ->
                        u.components().entrySet().stream()
                            .allMatch(
                                e ->
                                    present.containsKey(e.getKey())
                                        && present
                                            .get(e.getKey())
                                            .componentVersion()
                                            .equals(e.getValue())))
                .filter(u -> u.removedComponents().stream().noneMatch(present::containsKey))
                .max(
                    Comparator.comparing((ReleaseUnit u) -> u.components().size())
                        .thenComparing(u -> new SoftwareVersion(u.version())))
                .orElse(null);
    Map<String, String> expected = new TreeMap<>(base.components());
    if (addOn != null) {
      addOn.removedComponents().forEach(expected::remove);
      expected.putAll(addOn.components());
    }
    TreeMap<String, String> components = new TreeMap<>();
    present.forEach(
        (n, c) -> {
          if (!c.componentVersion().equals(expected.get(n))) {
            components.put(n, c.componentVersion());
          }
        });
    TreeSet<String> removed = new TreeSet<>(expected.keySet());
    removed.removeAll(present.keySet());
    List<Bulletin> baseComponents = new ArrayList<>();
    base.components().forEach((n, v) -> cat.component(n, v).ifPresent(baseComponents::add));
    List<VibId> baseVibs = new ArrayList<>();
    baseComponents.forEach(c -> baseVibs.addAll(c.vibIds()));
    List<Bulletin> reserved =
        ReservedComponents.of(
                baseComponents,
                profile.toBuilder().vibIds(baseVibs).build(),
                profile,
                present,
                cat.descriptors())
            .components();
    SoftwareSpec spec =
        new SoftwareSpec(
            base.version(),
            addOn == null ? null : new SoftwareSpec.AddOnRef(addOn.name(), addOn.version()),
            components,
            removed);
    return Optional.of(
        new Composition(
            base,
            addOn,
            template(cat, base),
            profile,
            spec,
            present,
            reserved,
            List.of(),
            "named by the profile",
            satisfied(cat, base, present)));
  }

  /**
   * The depots' manifests and solutions that an image holding {@code components} satisfies [G: vLCM
   * applies them from the spec's {@code hardware_support} and {@code solutions}, which esxforge
   * does not apply; it records those an image happens to satisfy, so exports carry them]: a
   * manifest that supports the base image (as an add-on does), whose components are all in the
   * image at their versions and whose removed components are not; a solution whose components are
   * all in the image, each at a version its constraint lists ({@code a | b}), or at any version for
   * another kind of constraint.
   */
  public static List<ReleaseUnit> satisfied(
      Catalog cat, ReleaseUnit base, Map<String, Bulletin> components) {
    List<ReleaseUnit> out = new ArrayList<>();
    for (ReleaseUnit m : cat.manifests()) {
      boolean fits =
          ComponentResolver.supports(m, base)
              && !m.components().isEmpty()
              && m.components().entrySet().stream()
                  .allMatch(
                      e ->
                          components.containsKey(e.getKey())
                              && components.get(e.getKey()).componentVersion().equals(e.getValue()))
              && m.removedComponents().stream().noneMatch(components::containsKey);
      if (fits) {
        out.add(m);
      }
    }
    for (ReleaseUnit s : cat.solutions()) {
      boolean fits =
          !s.components().isEmpty()
              && s.components().entrySet().stream()
                  .allMatch(
                      e -> {
                        Bulletin held = components.get(e.getKey());
                        if (held == null) {
                          return false;
                        }
                        String c = e.getValue().trim();
                        if (c.isEmpty() || c.startsWith(">") || c.startsWith("<")) {
                          return true; // a range: esxforge does not judge it [G]
                        }
                        return java.util.Arrays.stream(c.split("\\|"))
                            .map(String::trim)
                            .anyMatch(v -> v.equals(held.componentVersion()));
                      });
      if (fits) {
        out.add(s);
      }
    }
    return out;
  }

  /** Resolves a base image version, release id or {@code latest[:PREFIX]}. */
  public static ReleaseUnit baseImage(Catalog cat, String selector) throws BuildException {
    List<ReleaseUnit> all = cat.baseImages();
    if (all.isEmpty()) {
      throw new BuildException(
          "base image "
              + selector
              + ": the depots given hold no base image"
              + " (a 7.0+ base depot has one; e.g. -d sample:8.0)");
    }
    if (SoftwareSpec.isSelector(selector)) {
      String prefix = selector.equals("latest") ? "" : releasePrefix(selector.substring(7));
      Optional<ReleaseUnit> best =
          all.stream()
              .filter(
                  u ->
                      prefix.isEmpty()
                          || ComponentResolver.release(u).equals(prefix)
                          || ComponentResolver.release(u).startsWith(prefix + "."))
              .max(Comparator.comparing((ReleaseUnit u) -> new SoftwareVersion(u.version())));
      return best.orElseThrow(
          () ->
              new BuildException(
                  "base image " + selector + ": none matches among " + versions(all)));
    }
    return all.stream()
        .filter(
            u ->
                u.version().equals(selector)
                    || u.effectiveId().equals(selector)
                    || u.versionUi().equals(selector))
        .findFirst()
        .orElseThrow(
            () ->
                new BuildException(
                    "base image "
                        + selector
                        + ": not in the depots given; they have "
                        + versions(all)));
  }

  /** {@code 8.0U3} → {@code 8.0.3}; other texts unchanged. */
  static String releasePrefix(String s) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+\\.\\d+)U(\\d+)[a-z]*").matcher(s.trim());
    return m.matches() ? m.group(1) + "." + m.group(2) : s.trim();
  }

  private static String baseReason(String selector) {
    if (SoftwareSpec.isSelector(selector)) {
      return "newest base image matching '" + selector + "'";
    }
    return "named " + selector;
  }

  private static String versions(List<ReleaseUnit> all) {
    return String.join(", ", all.stream().map(ReleaseUnit::version).toList());
  }

  /** The depot's standard profile of {@code base}, else one made from the document. */
  static ImageProfile template(Catalog cat, ReleaseUnit base) {
    List<ImageProfile> of =
        cat.profiles().stream().filter(p -> p.baseImage().equals(base.effectiveId())).toList();
    Optional<ImageProfile> standard =
        of.stream()
            .filter(p -> p.name().endsWith("-standard") && !p.name().endsWith("s-standard"))
            .findFirst();
    if (standard.isPresent()) {
      return standard.get();
    }
    Instant created = null;
    try {
      created =
          base.releaseDate().isEmpty()
              ? null
              : Timestamps.parse(base.releaseDate(), base.effectiveId());
    } catch (FormatException e) {
      created = null; // an unreadable date: the build time falls back to SOURCE_DATE_EPOCH/epoch
    }
    String ui = base.versionUi().isEmpty() ? base.version() : base.versionUi();
    return ImageProfile.builder("ESXi-" + base.version(), AcceptanceLevel.PARTNER)
        .creator(base.vendor())
        .description(base.summary().isEmpty() ? "ESXi " + ui : base.summary())
        .creationTime(created)
        .modifiedTime(created)
        .build();
  }

  /** Applies and removes components on a {@link ProfileEditor}. Not thread-safe. */
  private static final class Editor {
    final Catalog cat;
    final ProfileEditor editor;
    final Map<String, Bulletin> components;
    final List<String> notes = new ArrayList<>();

    Editor(Catalog cat, ImageProfile base, Map<String, Bulletin> baseComponents) {
      this.cat = cat;
      this.editor = ProfileEditor.cloneOf(base, base.name(), cat.descriptors());
      this.components = new LinkedHashMap<>(baseComponents);
    }

    void apply(Bulletin c, String where) throws BuildException, ProfileValidationException {
      Bulletin old = components.get(c.componentName());
      if (old != null) {
        if (old.id().equals(c.id())) {
          return;
        }
        dropVibs(old);
        notes.add(
            where
                + ": component "
                + c.componentName()
                + " "
                + old.componentVersion()
                + " -> "
                + c.componentVersion());
      } else {
        notes.add(
            where + ": component " + c.componentName() + " " + c.componentVersion() + " added");
      }
      for (VibId id : c.vibIds()) {
        VibDescriptor d = cat.descriptors().get(id);
        if (d == null) {
          throw new BuildException(
              "component "
                  + c.componentName()
                  + " "
                  + c.componentVersion()
                  + " lists VIB "
                  + id
                  + ", which no depot given holds");
        }
        editor.add(d);
      }
      components.put(c.componentName(), c);
    }

    void remove(String name, String where, boolean mustExist)
        throws BuildException, ProfileValidationException {
      Bulletin old = components.remove(name);
      if (old == null) {
        if (mustExist) {
          throw new BuildException(
              where
                  + ": no component '"
                  + name
                  + "' in the image; it has "
                  + String.join(", ", new TreeSet<>(components.keySet())));
        }
        return;
      }
      dropVibs(old);
      notes.add(where + ": component " + name + " " + old.componentVersion() + " removed");
    }

    private void dropVibs(Bulletin old) throws ProfileValidationException {
      List<VibId> now = new ArrayList<>(editor.build().profile().vibIds());
      now.removeAll(old.vibIds());
      editor.vibs(now);
    }

    /** The components whose VIBs are all still in {@code p} (a later VIB may have replaced one). */
    Map<String, Bulletin> finalComponents(ImageProfile p) {
      Map<String, Bulletin> out = new TreeMap<>();
      components.forEach(
          (n, b) -> {
            if (p.vibIds().containsAll(b.vibIds())) {
              out.put(n, b);
            } else {
              notes.add(
                  "component "
                      + n
                      + " "
                      + b.componentVersion()
                      + " is no longer whole: a VIB of another component replaced one of its VIBs");
            }
          });
      return out;
    }
  }
}
