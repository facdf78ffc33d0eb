package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.esxforge.bundle.DepotContent;
import org.esxforge.bundle.DepotWriter;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.io.Sha256;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;

/**
 * The offline bundle of a built profile, written with {@link DepotWriter}: {@code index.xml},
 * {@code vendor-index.xml}, {@code metadata.zip} (the new profile, the VIBs' metadata and every
 * bulletin/component whose VIBs are all in the profile) and {@code vib20/<name>/<id>.vib} copied
 * unchanged from the verified local files.
 *
 * <p>Choices: the depot vendor is the profile's creator (code: its first three letters or digits,
 * upper case; {@code ESF} when none); the vendor-index version is the esx-base version's {@code
 * x.y.z} (7.x and older, as VMware's 7.0 bundles) or {@code x.y} (8.0+). A 7.0+ image carries its
 * model ({@link ImageModel}): the base image and add-on documents, every component, and the {@link
 * ImageModel#carried} components (reserved, or listed by the base image or add-on but removed) with
 * their VIBs, which are in no profile, so that the bundle is a vLCM depot: the same spec builds
 * from it alone, and re-importing it gives the same base image, add-on, components and spec.
 *
 * <p>Stateless and thread-safe.
 */
final class BundleExport {
  private BundleExport() {}

  /** Writes the bundle; returns the SHA-256 of the bytes written. */
  static Sha256 write(
      ImageProfile profile, LocalVibs local, ImageModel model, Instant time, Path target)
      throws IOException {
    List<Bulletin> bulletins = new ArrayList<>(model.components());
    bulletins.addAll(model.carried());
    try (VibRegions files = new VibRegions()) {
      List<DepotContent.Vib> vibs = new ArrayList<>();
      String version = "7.0.0";
      for (LocalVibs.Local l : local.all().values()) {
        VibDescriptor d = l.vib().descriptor();
        vibs.add(
            new DepotContent.Vib(
                d, files.region(l.file(), l.offset(), l.size()), l.size(), l.sha256()));
        if (d.name().equals("esx-base")) {
          version = depotVersion(d.version().toString());
        }
      }
      String vendor = profile.creator().isBlank() ? "esxforge" : profile.creator();
      DepotContent c =
          new DepotContent(
              DepotIndex.Vendor.offline(vendor, code(vendor)),
              List.of(version),
              bulletins,
              List.of(profile),
              model.releaseUnits(),
              vibs,
              time);
      return DepotWriter.writeZip(c, target);
    }
  }

  static String depotVersion(String esxBaseVersion) {
    String v = esxBaseVersion.split("-", 2)[0];
    String[] parts = v.split("\\.", -1);
    if (parts.length >= 2 && parts[0].matches("\\d+") && Integer.parseInt(parts[0]) >= 8) {
      return parts[0] + "." + parts[1];
    }
    return v;
  }

  static String code(String vendor) {
    String letters = vendor.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    return letters.isEmpty() ? "ESF" : letters.substring(0, Math.min(3, letters.length()));
  }
}
