package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.Depots;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;

/**
 * Applies {@code --vib-list}, {@code --add}/{@code --remove} and the profile options to a clone of
 * the base. With a VIB list the clone starts empty and gets exactly the listed VIBs (then the adds
 * and removes); the base still supplies acceptance level, vendor and description defaults.
 *
 * <p>Each add is an {@link AddSpec}: a package path adds that {@code .vib}, or everything in a
 * bundle, component zip or folder (newest per name); a reference is a VIB id, then a VIB name, then
 * a component name. Order: vendor, description, acceptance level, then every add in order, then
 * every remove — so {@code --add bundle.zip --remove one} takes everything in a bundle but one VIB.
 *
 * <p>Stateless and thread-safe.
 */
final class AddSpecs {
  private AddSpecs() {}

  /**
   * @param platforms {@link ComponentPlatforms#of} {@code cat}
   */
  static ProfileEditor.Result edit(
      Catalog cat,
      ImageProfile base,
      BuildRequest req,
      EventHandlers events,
      ComponentPlatforms platforms)
      throws IOException, ProfileValidationException, BuildException {
    ProfileEditor ed =
        ProfileEditor.cloneOf(base, req.name(), cat.descriptors()).platformAware(platforms);
    if (req.vendor() != null) {
      ed.vendor(req.vendor());
    }
    if (req.description() != null) {
      ed.description(req.description());
    }
    if (req.acceptance() != null) {
      ed.acceptanceLevel(req.acceptance());
    }
    if (req.vibList() != null) {
      ed.vibs(List.of());
      for (AddSpec v : req.vibList()) {
        add(cat, ed, v, req, events);
      }
    }
    for (AddSpec a : req.adds()) {
      add(cat, ed, a, req, events);
    }
    for (String r : req.removes()) {
      if (isComponentName(cat, r)) {
        removeComponent(cat, ed, r);
      } else {
        ed.remove(r);
      }
    }
    return ed.build();
  }

  /**
   * True when {@code spec} ({@code NAME} or {@code NAME@VERSION}) names a 7.0+ component and no
   * VIB: VIB names win, so every {@code --add} that worked before still means the same.
   */
  static boolean isComponentName(Catalog cat, String spec) {
    String name = spec.contains("@") ? spec.substring(0, spec.indexOf('@')) : spec;
    return cat.vibsNamed(name).isEmpty()
        && !cat.componentsNamed(name).isEmpty()
        && !isVibId(cat, spec);
  }

  private static boolean isVibId(Catalog cat, String spec) {
    try {
      return cat.vibs().containsKey(new VibId(spec));
    } catch (IllegalArgumentException e) {
      return false; // white space: no VIB id
    }
  }

  private static void addComponent(
      Catalog cat, ProfileEditor ed, AddSpec.Reference spec, EventHandlers events)
      throws BuildException, ProfileValidationException {
    String name = spec.name();
    String version = spec.version() == null ? "" : spec.version();
    ReleaseUnit base = cat.baseImageById(ed.baseImage()).orElse(null);
    ComponentResolver.Choice<Bulletin> c = ComponentResolver.component(cat, name, version, base);
    c.skipped().forEach(s -> events.info("skipped " + s));
    events.info(
        "adding component "
            + name
            + " "
            + c.chosen().componentVersion()
            + " ("
            + c.chosen().vibIds().size()
            + " VIB(s))");
    for (VibId id : c.chosen().vibIds()) {
      VibDescriptor d = cat.descriptors().get(id);
      if (d == null) {
        throw new BuildException(
            "component "
                + name
                + " "
                + c.chosen().componentVersion()
                + " lists VIB "
                + id
                + ", which no depot given holds");
      }
      ed.add(d);
    }
  }

  private static void removeComponent(Catalog cat, ProfileEditor ed, String name)
      throws ProfileValidationException {
    boolean any = false;
    for (Bulletin b : cat.componentsNamed(name)) {
      if (!b.vibIds().isEmpty() && b.vibIds().stream().allMatch(ed::contains)) {
        ed.removeAll(b.vibIds());
        any = true;
      }
    }
    if (!any) {
      ed.remove(name); // throws the one-line "no such VIB/component in the profile" problem
    }
  }

  private static void add(
      Catalog cat, ProfileEditor ed, AddSpec spec, BuildRequest req, EventHandlers events)
      throws IOException, ProfileValidationException, BuildException {
    if (spec instanceof AddSpec.Reference r) {
      if (isComponentName(cat, r.text())) {
        addComponent(cat, ed, r, events);
      } else {
        ed.add(r.text());
      }
      return;
    }
    AddSpec.Location p = (AddSpec.Location) spec;
    if (!Files.exists(p.path())) {
      throw new java.nio.file.NoSuchFileException(
          p.text(),
          null,
          "no such file to add (a .vib, bundle or component zip, or a folder of them)");
    }
    List<VibDescriptor> in = new ArrayList<>();
    try (Catalog c =
        Depots.open(List.of(p.path().toString()), req.depotOptions(), EventHandlers.none())) {
      for (CatalogVib v : c.vibs().values()) {
        LocalVibs.refuseDisagreement(v, v.disagreements());
        in.add(v.descriptor());
      }
    }
    if (in.isEmpty()) {
      throw new IOException(p.text() + ": holds no VIB to add");
    }
    if (p.singleVib() && in.size() == 1) {
      ed.add(in.get(0));
    } else {
      events.info("adding the " + in.size() + " VIBs of " + p.text());
      ed.addAll(in);
    }
  }
}
