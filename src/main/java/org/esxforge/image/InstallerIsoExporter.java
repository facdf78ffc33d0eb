package org.esxforge.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoResult;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriter;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Turns an {@link IsoPlan} plus payload sources into an {@link IsoImage} and writes it with an
 * {@link IsoWriter}. Payload bytes are streamed by the writer straight from their sources; {@code
 * IMGDB.TGZ} (descriptors and profile, a few MB) is built in memory; {@code IMGPAYLD.TGZ} (the boot
 * payloads, tens of MB) is streamed to a temporary file beside the target and deleted afterwards.
 * Volume id from the plan, application id {@code ESXIMAGE}, empty system id (§5.2), every date =
 * {@link Inputs#buildTime()}: the same inputs give the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class InstallerIsoExporter {
  /** The application identifier VMware's ISOs carry (§5.2, EC272). */
  public static final String APPLICATION_ID = "ESXIMAGE";

  private InstallerIsoExporter() {}

  /**
   * What the exporter needs besides the plan.
   *
   * @param descriptors the descriptors of every VIB of the profile
   * @param databaseFiles descriptor and signature bytes of every VIB, for IMGDB.TGZ
   * @param bulletins bulletins/components for IMGDB.TGZ
   * @param reservedComponents 7.0+ reserved components for IMGDB.TGZ
   * @param payloads the payload bytes
   * @param kickstart the KS.CFG bytes, or null when the plan has none
   * @param buildTime every timestamp of the image and its archives
   */
  public record Inputs(
      ImageProfile profile,
      Map<VibId, VibDescriptor> descriptors,
      Map<VibId, ImgDb.VibFiles> databaseFiles,
      List<Bulletin> bulletins,
      List<Bulletin> reservedComponents,
      PayloadSource payloads,
      IsoSource kickstart,
      Instant buildTime) {
    public Inputs {
      Objects.requireNonNull(profile, "profile");
      descriptors = Map.copyOf(descriptors);
      databaseFiles = Map.copyOf(databaseFiles);
      bulletins = List.copyOf(bulletins);
      reservedComponents = List.copyOf(reservedComponents);
      Objects.requireNonNull(payloads, "payloads");
      Objects.requireNonNull(buildTime, "buildTime");
    }
  }

  /**
   * Writes the installer ISO of {@code plan} to {@code target} atomically.
   *
   * @return the ISO's size and SHA-256
   */
  public static IsoResult export(IsoPlan plan, Inputs in, IsoWriter writer, Path target)
      throws IOException, ImagePlanException {
    Path dir = target.toAbsolutePath().getParent();
    Path payld = Files.createTempFile(dir, ".imgpayld-", ".tgz.tmp");
    try {
      try (OutputStream out = Files.newOutputStream(payld)) {
        ImgDb.writeImgPayld(plan.modules(), in.descriptors(), in.payloads(), in.buildTime(), out);
      }
      return writer.write(image(plan, in, payld), target);
    } finally {
      Files.deleteIfExists(payld);
    }
  }

  /**
   * The image of {@code plan} with every file at its exact size but without writing anything:
   * IMGPAYLD.TGZ is compressed into a counting sink to learn its size, and its source in the
   * returned image refuses to be written. For dry runs ({@code build --dry-run}).
   */
  public static IsoImage plannedImage(IsoPlan plan, Inputs in)
      throws IOException, ImagePlanException {
    long[] count = new long[1];
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        count[0] += len;
      }
    };
    ImgDb.writeImgPayld(plan.modules(), in.descriptors(), in.payloads(), in.buildTime(), counter);
    IsoSource payld = IsoSource.generated(count[0], out -> {
      throw new IOException("IMGPAYLD.TGZ of a planned image cannot be written");
    });
    return image(plan, in, payld);
  }

  /**
   * The image of {@code plan}; {@code imgPayld} is the already written IMGPAYLD.TGZ file (see
   * {@link ImgDb#writeImgPayld}).
   */
  public static IsoImage image(IsoPlan plan, Inputs in, Path imgPayld)
      throws IOException, ImagePlanException {
    return image(plan, in, IsoSource.file(imgPayld));
  }

  private static IsoImage image(IsoPlan plan, Inputs in, IsoSource imgPayld)
      throws IOException, ImagePlanException {
    IsoImage.Builder b =
        IsoImage.builder()
            .volumeId(plan.volumeId())
            .applicationId(APPLICATION_ID)
            .systemId("")
            .timestamp(in.buildTime())
            .bootCatalog(IsoPlan.BOOT_CATALOG);
    byte[] imgDb = imgDb(plan, in);
    byte[] empty = empty(in.buildTime());
    for (Map.Entry<IsoPath, IsoPlan.Content> e : plan.files().entrySet()) {
      b.addFile(e.getKey(), source(e.getKey(), e.getValue(), in, imgDb, empty, imgPayld));
    }
    for (BootEntry e : plan.bootEntries()) {
      b.addBootEntry(e);
    }
    return b.build();
  }

  private static IsoSource source(
      IsoPath path, IsoPlan.Content c, Inputs in, byte[] imgDb, byte[] empty, IsoSource imgPayld)
      throws IOException, ImagePlanException {
    if (c instanceof IsoPlan.FromPayload p) {
      return in.payloads().open(p.payload());
    } else if (c instanceof IsoPlan.Text t) {
      return IsoSource.bytes(t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (c instanceof IsoPlan.Kickstart) {
      if (in.kickstart() == null) {
        throw new ImagePlanException(
            path + ": the plan has a kickstart file but none was given; pass the KS.CFG bytes");
      }
      return in.kickstart();
    }
    IsoPlan.ArchiveKind kind = ((IsoPlan.Archive) c).kind();
    return switch (kind) {
      case IMGDB -> IsoSource.bytes(imgDb);
      case IMGPAYLD -> imgPayld;
      case EMPTY -> IsoSource.bytes(empty);
    };
  }

  private static byte[] imgDb(IsoPlan plan, Inputs in) throws IOException, ImagePlanException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeImgDb(in.profile(), plan.modules(), in.descriptors(), in.databaseFiles(),
        in.bulletins(), in.reservedComponents(), in.buildTime(), out);
    return out.toByteArray();
  }

  private static byte[] empty(Instant t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeEmpty(t, out);
    return out.toByteArray();
  }
}
