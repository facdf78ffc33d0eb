package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.event.EventHandlers;
import org.esxforge.image.ImgDb;
import org.esxforge.io.FormatException;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.vib.VibVerifier;

/**
 * What an installer image needs to know about its base image (docs/formats.md §8.3, §8.4): which of
 * its VIBs come from the base (their non-tardisk payloads fill BASEMISC.TGZ), the base-image
 * components the build replaced (IMGDB.TGZ's {@code reservedComponents/}, as on the real 7.0 host,
 * whose in-box lpfc and qlnativefc components HPE's drivers replaced: the image model's {@link
 * ImageModel#reserved}, one definition for every export) and their VIBs that the image does not
 * hold (their {@code .vib} files fill RESVIBS.TGZ).
 *
 * @param baseVibs the VIBs of the built profile that are also in the base profile
 * @param reservedComponents the reserved components, by id
 * @param reservedVibs the reserved components' VIBs' files, verified; empty unless asked for
 */
record BaseImageFiles(
    Set<VibId> baseVibs, List<Bulletin> reservedComponents, List<ImgDb.ReservedVib> reservedVibs) {
  BaseImageFiles {
    baseVibs = Set.copyOf(baseVibs);
    reservedComponents = List.copyOf(reservedComponents);
    reservedVibs = List.copyOf(reservedVibs);
  }

  /**
   * Works out the base-image files of {@code built}, cloned from {@code base}, whose model is
   * {@code model}.
   *
   * @param withVibs also fetch and verify the replaced VIBs (for RESVIBS.TGZ)
   * @throws FormatException a replaced VIB is missing from the depots or does not match its
   *     descriptor: RESVIBS.TGZ cannot hold it faithfully
   */
  static BaseImageFiles of(
      Catalog cat,
      ImageProfile base,
      ImageProfile built,
      ImageModel model,
      boolean withVibs,
      VibVerifier.Options options,
      Path temp,
      EventHandlers events)
      throws IOException {
    Set<VibId> baseVibs = new TreeSet<>(built.vibIds());
    baseVibs.retainAll(base.vibIds());
    List<Bulletin> components = model.reserved();
    TreeSet<VibId> reserved = new TreeSet<>();
    components.forEach(b -> reserved.addAll(b.vibIds()));
    reserved.removeAll(built.vibIds());
    List<ImgDb.ReservedVib> vibs = new ArrayList<>();
    if (withVibs && !reserved.isEmpty()) {
      List<CatalogVib> members = new ArrayList<>();
      for (VibId id : reserved) {
        Optional<CatalogVib> v = cat.vib(id);
        if (v.isEmpty()) {
          throw new FormatException(
              id.toString(),
              "replaced base-image VIB is in no depot given;"
                  + " RESVIBS.TGZ needs its .vib (add the base image's depot with -d)");
        }
        members.add(v.get());
      }
      events.lifecycle("verifying " + members.size() + " replaced base-image VIBs for RESVIBS.TGZ");
      LocalVibs local = LocalVibs.of(members, options, temp, events, false);
      for (LocalVibs.Local l : local.all().values()) {
        if (!l.verification().problems().isEmpty()) {
          throw new FormatException(
              l.vib().source().describe(),
              l.verification().problems().get(0) + " (RESVIBS.TGZ needs the replaced VIB intact)");
        }
        vibs.add(
            new ImgDb.ReservedVib(l.vib().id(), IsoSource.region(l.file(), l.offset(), l.size())));
      }
    }
    return new BaseImageFiles(baseVibs, components, vibs);
  }
}
