package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;

/**
 * Applies {@code --vib-list}, {@code --add}/{@code --remove} and the profile options to a clone
 * of the base. With a VIB list the clone starts empty and gets exactly the listed VIBs (then the
 * adds and removes); the base still supplies acceptance level, vendor and description defaults.
 *
 * <p>An add is a path when the text contains a path separator or ends in {@code .vib}/{@code
 * .zip} (it must then exist): a {@code .vib} adds that VIB, anything else
 * (bundle, component zip, depot folder) adds everything in it (newest per name). Otherwise it is a
 * VIB id, {@code name@version} or a name (newest). Order: vendor, description, acceptance level,
 * then every add in order, then every remove — so {@code --add bundle.zip --remove one} takes
 * everything in a bundle but one VIB.
 *
 * <p>Stateless and thread-safe.
 */
final class AddSpecs {
  private AddSpecs() {}

  /**
   * True when {@code spec} names a file: it contains a path separator, ends in {@code .vib},
   * {@code .zip} or {@code .iso}, or names an existing directory (a package folder; no VIB name,
   * id or {@code name@version} does any of these).
   */
  static boolean isPath(String spec) {
    return spec.contains("/") || spec.contains(java.io.File.separator)
        || spec.endsWith(".vib") || spec.endsWith(".zip") || spec.endsWith(".iso")
        || isDirectory(spec);
  }

  private static boolean isDirectory(String spec) {
    try {
      return Files.isDirectory(Path.of(spec));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  static ProfileEditor.Result edit(Catalog cat, ImageProfile base, BuildRequest req,
      EventHandlers events) throws IOException, ProfileValidationException {
    ProfileEditor ed = ProfileEditor.cloneOf(base, req.name(), cat.descriptors())
        .platformAware(ComponentPlatforms.of(cat));
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
      for (String v : req.vibList()) {
        add(ed, v, req, events);
      }
    }
    for (String a : req.adds()) {
      add(ed, a, req, events);
    }
    for (String r : req.removes()) {
      ed.remove(r);
    }
    return ed.build();
  }

  private static void add(ProfileEditor ed, String a, BuildRequest req, EventHandlers events)
      throws IOException, ProfileValidationException {
    {
      if (isPath(a)) {
        if (!Files.exists(Path.of(a))) {
          throw new java.nio.file.NoSuchFileException(a, null,
              "--add: no such file (a .vib, bundle or component zip, or a folder of them)");
        }
        List<VibDescriptor> in = new ArrayList<>();
        try (Catalog c = Depots.open(List.of(a), req.depotOptions(), EventHandlers.none())) {
          for (CatalogVib v : c.vibs().values()) {
            in.add(v.descriptor());
          }
        }
        if (in.isEmpty()) {
          throw new IOException(a + ": holds no VIB to add");
        }
        if (a.endsWith(".vib") && in.size() == 1) {
          ed.add(in.get(0));
        } else {
          events.info("adding the " + in.size() + " VIBs of " + a);
          ed.addAll(in);
        }
      } else {
        ed.add(a);
      }
    }
  }
}
