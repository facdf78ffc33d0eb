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

/**
 * The 7.0+ release-unit model of a built image (docs/formats.md §2.6): its components, the base
 * image and add-on it is made of, the base-image components it reserved (replaced or removed), and
 * the software spec it amounts to ({@link ImageComposer#derive}). Exports carry it: the IMGDB and
 * the offline bundle hold the base image, add-on and component documents and the reserved
 * components; every build writes the spec as {@code <output>.spec.json} beside each output.
 *
 * <p>For an image whose profile names no base image the depots hold (6.x, or a 7.0+ depot without
 * base-image documents) there is no spec: the model is just the components.
 *
 * <p>Immutable and thread-safe.
 *
 * @param components every bulletin/component whose VIBs are all in the image, sorted by id
 * @param reserved base-image components the image does not hold at their version, sorted by id
 * @param releaseUnits the base image, then the add-on; empty without a spec
 * @param spec the resolved software spec, or null
 * @param outsideComponents VIBs of the image that no component holds (a spec cannot express them)
 */
public record ImageModel(
    List<Bulletin> components,
    List<Bulletin> reserved,
    List<ReleaseUnit> releaseUnits,
    SoftwareSpec spec,
    List<VibId> outsideComponents) {

  /** The file name suffix of the spec written beside each output. */
  public static final String SPEC_SUFFIX = ".spec.json";

  public ImageModel {
    components = List.copyOf(components);
    reserved = List.copyOf(reserved);
    releaseUnits = List.copyOf(releaseUnits);
    outsideComponents = List.copyOf(outsideComponents);
  }

  /**
   * The model of {@code profile} in {@code cat}.
   *
   * @param composition the composition the build started from, or null
   */
  public static ImageModel of(
      Catalog cat, ImageProfile profile, ImageComposer.Composition composition) {
    List<Bulletin> components = PlanStep.bulletinsOf(cat, profile);
    java.util.Set<VibId> inComponents = new java.util.HashSet<>();
    components.stream().filter(Bulletin::isComponent).forEach(b -> inComponents.addAll(b.vibIds()));
    List<VibId> outside =
        profile.vibIds().stream().filter(id -> !inComponents.contains(id)).toList();
    Optional<ImageComposer.Composition> d =
        ImageComposer.derive(cat, profile, composition == null ? null : composition.addOn());
    if (d.isEmpty()) {
      return new ImageModel(components, List.of(), List.of(), null, outside);
    }
    return new ImageModel(
        components, d.get().reserved(), d.get().releaseUnits(), d.get().spec(), outside);
  }

  /** The image's 7.0+ components, name → version. */
  public java.util.SortedMap<String, String> componentVersions() {
    java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
    components.stream()
        .filter(Bulletin::isComponent)
        .forEach(b -> m.put(b.componentName(), b.componentVersion()));
    return m;
  }

  /** The catalog VIBs of the reserved components that the image does not hold. */
  List<CatalogVib> reservedVibs(Catalog cat, ImageProfile profile) {
    List<CatalogVib> out = new ArrayList<>();
    for (Bulletin b : reserved) {
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
