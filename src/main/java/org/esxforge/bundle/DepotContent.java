package org.esxforge.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.io.Sha256;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.VibWriter;

/**
 * Everything a depot holds, independent of where it came from: the vendor, the ESXi versions the
 * metadata applies to (vendor-index {@code <version>} entries), bulletins/components, image
 * profiles, 7.0+ release units (base images, add-ons) and the VIBs with the source of their {@code
 * .vib} bytes (copied unchanged into the depot).
 *
 * <p>Immutable and thread-safe (as long as the VIB sources are).
 *
 * @param vendor the depot-index vendor entry ({@link DepotIndex.Vendor#offline} for the usual one)
 * @param versions e.g. {@code ["7.0.0"]}; one vendor-index {@code metadata} entry each
 * @param timestamp the {@code vmware.xml} timestamp and every zip entry time; never "now"
 */
public record DepotContent(
    DepotIndex.Vendor vendor,
    List<String> versions,
    List<Bulletin> bulletins,
    List<ImageProfile> profiles,
    List<ReleaseUnit> releaseUnits,
    List<Vib> vibs,
    Instant timestamp) {

  public DepotContent {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(timestamp, "timestamp");
    versions = List.copyOf(versions);
    bulletins = List.copyOf(bulletins);
    profiles = List.copyOf(profiles);
    releaseUnits = List.copyOf(releaseUnits);
    vibs = List.copyOf(vibs);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a depot needs at least one ESXi version");
    }
  }

  /**
   * One VIB: its descriptor and its {@code .vib} bytes.
   *
   * @param size the {@code .vib} size in bytes
   * @param sha256 SHA-256 of the whole {@code .vib}
   * @param relativePath where the {@code .vib} lives in the depot; {@code null} means {@link
   *     #layoutPath} (a mirror keeps a changed VIB beside the old one under another name until the
   *     metadata has switched)
   */
  public record Vib(
      VibDescriptor descriptor,
      VibWriter.Source source,
      long size,
      Sha256 sha256,
      String relativePath) {
    public Vib {
      Objects.requireNonNull(descriptor, "descriptor");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sha256, "sha256");
      if (size != source.size()) {
        throw new IllegalArgumentException(
            descriptor.id() + ": size " + size + " != source size " + source.size());
      }
      if (relativePath == null) {
        relativePath = layoutPath(descriptor);
      } else if (!relativePath.startsWith("vib20/")
          || relativePath.contains("..")
          || relativePath.contains("\\")) {
        throw new IllegalArgumentException(descriptor.id() + ": bad relative path " + relativePath);
      }
    }

    /** A VIB at its place in the VMware layout. */
    public Vib(VibDescriptor descriptor, VibWriter.Source source, long size, Sha256 sha256) {
      this(descriptor, source, size, sha256, layoutPath(descriptor));
    }

    /** {@code vib20/<name>/<id>.vib}, the VMware layout. */
    public static String layoutPath(VibDescriptor d) {
      return "vib20/" + d.name() + "/" + d.id().value() + ".vib";
    }
  }
}
