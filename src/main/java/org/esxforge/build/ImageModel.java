package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.depot.xml.SoftwareSpecJson;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwareSpec;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * The 7.0+ release-unit model of a built image (docs/formats.md §2.6): its components, the base
 * image and add-on it is made of, the base-image components it replaced (reserved, {@link
 * org.esxforge.profile.ReservedComponents}), and the software spec it amounts to ({@link
 * ImageComposer#derive}). Exports carry it: the IMGDB and the offline bundle hold the base image,
 * add-on and component documents and the reserved components; every build writes the spec as {@code
 * <output>.spec.json} beside each output.
 *
 * <p>For an image whose profile names no base image the depots hold (6.x, or a 7.0+ depot without
 * base-image documents) there is no spec: the model is just the components.
 *
 * <p>Immutable and thread-safe.
 *
 * @param components every bulletin/component whose VIBs are all in the image, sorted by id
 * @param reserved base-image components the image replaced, sorted by id
 * @param releaseUnits the base image, then the add-on; empty without a spec
 * @param spec the resolved software spec, or null
 * @param outsideComponents VIBs of the image that no component holds (a spec cannot express them)
 * @param carried components the image does not hold that its offline bundle carries so that the
 *     bundle is a vLCM depot: the reserved ones, and those the base image or add-on lists that the
 *     image removed (the base image must resolve from the bundle alone); sorted by id
 */
public record ImageModel(
    List<Bulletin> components,
    List<Bulletin> reserved,
    List<ReleaseUnit> releaseUnits,
    @Nullable SoftwareSpec spec,
    List<VibId> outsideComponents,
    List<Bulletin> carried) {

  /** The file name suffix of the spec written beside each output. */
  public static final String SPEC_SUFFIX = ".spec.json";

  public ImageModel {
    components = List.copyOf(components);
    reserved = List.copyOf(reserved);
    releaseUnits = List.copyOf(releaseUnits);
    outsideComponents = List.copyOf(outsideComponents);
    carried = List.copyOf(carried);
  }

  /**
   * The model of {@code profile} in {@code cat}.
   *
   * @param composition the composition the build started from, or null
   * @param baseProfile the profile the build started from: without a base-image document, its
   *     components are the base whose replaced ones are reserved
   */
  public static ImageModel of(
      Catalog cat,
      ImageProfile profile,
      ImageComposer.@Nullable Composition composition,
      ImageProfile baseProfile) {
    List<Bulletin> components = PlanStep.bulletinsOf(cat, profile);
    java.util.Set<VibId> inComponents = new java.util.HashSet<>();
    components.stream().filter(Bulletin::isComponent).forEach(b -> inComponents.addAll(b.vibIds()));
    List<VibId> outside =
        profile.vibIds().stream().filter(id -> !inComponents.contains(id)).toList();
    Optional<ImageComposer.Composition> d =
        ImageComposer.derive(cat, profile, composition == null ? null : composition.addOn());
    if (d.isEmpty()) {
      java.util.Map<String, Bulletin> held = new java.util.TreeMap<>();
      components.stream()
          .filter(Bulletin::isComponent)
          .forEach(b -> held.putIfAbsent(b.componentName(), b));
      List<Bulletin> reserved =
          org.esxforge.profile.ReservedComponents.of(
                  PlanStep.bulletinsOf(cat, baseProfile),
                  baseProfile,
                  profile,
                  held,
                  cat.descriptors())
              .components();
      return new ImageModel(components, reserved, List.of(), null, outside, reserved);
    }
    java.util.TreeMap<String, Bulletin> carried = new java.util.TreeMap<>();
    d.get().reserved().forEach(b -> carried.put(b.id(), b));
    for (ReleaseUnit u : d.get().releaseUnits()) {
      u.components()
          .forEach(
              (n, v) ->
                  cat.component(n, v)
                      .filter(b -> !profile.vibIds().containsAll(b.vibIds()))
                      .ifPresent(b -> carried.put(b.id(), b)));
    }
    return new ImageModel(
        components,
        d.get().reserved(),
        d.get().releaseUnits(),
        d.get().spec(),
        outside,
        new ArrayList<>(carried.values()));
  }

  /** The image's 7.0+ components, name → version. */
  public java.util.SortedMap<String, String> componentVersions() {
    java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
    components.stream()
        .filter(Bulletin::isComponent)
        .forEach(b -> m.put(b.componentName(), b.componentVersion()));
    return m;
  }

  /** The catalog VIBs of the {@link #carried} components that the image does not hold. */
  List<CatalogVib> carriedVibs(Catalog cat, ImageProfile profile) {
    List<CatalogVib> out = new ArrayList<>();
    for (Bulletin b : carried) {
      for (VibId id : b.vibIds()) {
        if (!profile.vibIds().contains(id)) {
          cat.vib(id).filter(v -> !out.contains(v)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** Writes {@code <output>.spec.json} beside each output of {@code req} (when there is a spec). */
  void writeSpecFiles(BuildRequest req, Outputs outputs) throws IOException {
    if (spec == null) {
      return;
    }
    byte[] json = SoftwareSpecJson.write(spec);
    for (Path p : new Path[] {req.iso(), req.bundle()}) {
      if (p != null) {
        outputs.side(p.resolveSibling(p.getFileName() + SPEC_SUFFIX), json);
      }
    }
  }
}
