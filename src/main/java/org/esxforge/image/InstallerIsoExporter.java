package org.esxforge.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.io.Parents;
import org.esxforge.io.TempFiles;
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
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link IsoPlan} plus payload sources into an {@link IsoImage} and writes it with an
 * {@link IsoWriter}. Payload bytes are streamed by the writer straight from their sources; {@code
 * IMGDB.TGZ} (descriptors and profile, a few MB) is built in memory; {@code IMGPAYLD.TGZ} (the boot
 * payloads, tens of MB) and, from 7.0U3, {@code BASEMISC.TGZ} and {@code RESVIBS.TGZ} (the replaced
 * VIBs) are streamed to temporary files beside the target and deleted afterwards. Volume id from
 * the plan, application id {@code ESXIMAGE}, empty system id (§5.2), every date = {@link
 * Inputs#buildTime()}: the same inputs give the same bytes.
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
   * @param baseImageVibs the VIBs of the image that come from its base image (BASEMISC.TGZ)
   * @param reservedVibs the base-image VIBs the build replaced (RESVIBS.TGZ); their components
   *     belong in {@code reservedComponents}
   * @param releaseUnits 7.0+ base image and add-on documents for IMGDB.TGZ
   */
  public record Inputs(
      ImageProfile profile,
      Map<VibId, VibDescriptor> descriptors,
      Map<VibId, ImgDb.VibFiles> databaseFiles,
      List<Bulletin> bulletins,
      List<Bulletin> reservedComponents,
      PayloadSource payloads,
      @Nullable IsoSource kickstart,
      Instant buildTime,
      Set<VibId> baseImageVibs,
      List<ImgDb.ReservedVib> reservedVibs,
      List<ReleaseUnit> releaseUnits) {
    public Inputs {
      releaseUnits = List.copyOf(releaseUnits);
      Objects.requireNonNull(profile, "profile");
      descriptors = Map.copyOf(descriptors);
      databaseFiles = Map.copyOf(databaseFiles);
      bulletins = List.copyOf(bulletins);
      reservedComponents = List.copyOf(reservedComponents);
      Objects.requireNonNull(payloads, "payloads");
      Objects.requireNonNull(buildTime, "buildTime");
      baseImageVibs = Set.copyOf(baseImageVibs);
      reservedVibs = List.copyOf(reservedVibs);
    }

    /**
     * Inputs of an image whose base image is unknown: every VIB counts as the base image's and
     * nothing was replaced.
     */
    public Inputs(
        ImageProfile profile,
        Map<VibId, VibDescriptor> descriptors,
        Map<VibId, ImgDb.VibFiles> databaseFiles,
        List<Bulletin> bulletins,
        List<Bulletin> reservedComponents,
        PayloadSource payloads,
        IsoSource kickstart,
        Instant buildTime) {
      this(
          profile,
          descriptors,
          databaseFiles,
          bulletins,
          reservedComponents,
          payloads,
          kickstart,
          buildTime,
          Set.copyOf(profile.vibIds()),
          List.of());
    }

    /** Inputs without release units (a pre-7.0 image, or one made without a base image). */
    public Inputs(
        ImageProfile profile,
        Map<VibId, VibDescriptor> descriptors,
        Map<VibId, ImgDb.VibFiles> databaseFiles,
        List<Bulletin> bulletins,
        List<Bulletin> reservedComponents,
        PayloadSource payloads,
        IsoSource kickstart,
        Instant buildTime,
        Set<VibId> baseImageVibs,
        List<ImgDb.ReservedVib> reservedVibs) {
      this(
          profile,
          descriptors,
          databaseFiles,
          bulletins,
          reservedComponents,
          payloads,
          kickstart,
          buildTime,
          baseImageVibs,
          reservedVibs,
          List.of());
    }
  }

  /**
   * The name prefixes of the archive temp files ({@code .imgpayld-esxforge-<pid>-<n>.tgz.tmp}, …)
   * written beside the ISO, for removing those of a killed run.
   */
  public static List<String> tempPrefixes() {
    List<String> out = new ArrayList<>();
    for (IsoPlan.ArchiveKind k : IsoPlan.ArchiveKind.values()) {
      out.add(tempPrefix(k));
    }
    return out;
  }

  private static String tempPrefix(IsoPlan.ArchiveKind kind) {
    return "." + kind.name().toLowerCase(Locale.ROOT) + "-";
  }

  /**
   * Writes the installer ISO of {@code plan} to {@code target} atomically.
   *
   * @return the ISO's size and SHA-256
   */
  public static IsoResult export(IsoPlan plan, Inputs in, IsoWriter writer, Path target)
      throws IOException, ImagePlanException {
    Path dir = Parents.of(target);
    Map<IsoPlan.ArchiveKind, Path> archives = new EnumMap<>(IsoPlan.ArchiveKind.class);
    try {
      writeArchives(plan, in, dir, archives);
      return writer.write(image(plan, in, archives), target);
    } finally {
      for (Path p : archives.values()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The image of {@code plan}, its streamed archives (IMGPAYLD.TGZ, and BASEMISC.TGZ and
   * RESVIBS.TGZ where the release has them) written into {@code dir}, which the caller deletes when
   * done with the image. The ISO writer and the PXE tree both take their files from it; a dry run
   * lays it out to learn the ISO's size.
   */
  public static IsoImage writtenImage(IsoPlan plan, Inputs in, Path dir)
      throws IOException, ImagePlanException {
    Map<IsoPlan.ArchiveKind, Path> archives = new EnumMap<>(IsoPlan.ArchiveKind.class);
    writeArchives(plan, in, dir, archives);
    return image(plan, in, archives);
  }

  private static void writeArchives(
      IsoPlan plan, Inputs in, Path dir, Map<IsoPlan.ArchiveKind, Path> archives)
      throws IOException, ImagePlanException {
    Path payld = temp(dir, archives, IsoPlan.ArchiveKind.IMGPAYLD);
    try (OutputStream out = Files.newOutputStream(payld)) {
      ImgDb.writeImgPayld(plan.modules(), in.descriptors(), in.payloads(), in.buildTime(), out);
    }
    if (ModulePlan.hasBaseMisc(plan.modules().release())) {
      List<VibDescriptor> base = new ArrayList<>();
      for (VibId id : in.profile().vibIds()) {
        if (in.baseImageVibs().contains(id)) {
          base.add(in.descriptors().get(id));
        }
      }
      try (OutputStream out =
          Files.newOutputStream(temp(dir, archives, IsoPlan.ArchiveKind.BASEMISC))) {
        ImgDb.writeBaseMisc(base, in.payloads(), out);
      }
      try (OutputStream out =
          Files.newOutputStream(temp(dir, archives, IsoPlan.ArchiveKind.RESVIBS))) {
        ImgDb.writeResVibs(in.reservedVibs(), in.buildTime(), out);
      }
    }
  }

  private static Path temp(
      Path dir, Map<IsoPlan.ArchiveKind, Path> archives, IsoPlan.ArchiveKind kind)
      throws IOException {
    Path p = TempFiles.createFile(dir, tempPrefix(kind), ".tgz.tmp");
    archives.put(kind, p);
    return p;
  }

  /**
   * The image of {@code plan}; {@code imgPayld} is the already written IMGPAYLD.TGZ file (see
   * {@link ImgDb#writeImgPayld}). For an image without BASEMISC.TGZ and RESVIBS.TGZ.
   */
  public static IsoImage image(IsoPlan plan, Inputs in, Path imgPayld)
      throws IOException, ImagePlanException {
    return image(plan, in, Map.of(IsoPlan.ArchiveKind.IMGPAYLD, imgPayld));
  }

  /** The image of {@code plan} with the already written streamed archives. */
  static IsoImage image(IsoPlan plan, Inputs in, Map<IsoPlan.ArchiveKind, Path> archives)
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
      b.addFile(e.getKey(), source(e.getKey(), e.getValue(), in, imgDb, empty, archives));
    }
    for (BootEntry e : plan.bootEntries()) {
      b.addBootEntry(e);
    }
    return b.build();
  }

  private static IsoSource source(
      IsoPath path,
      IsoPlan.Content c,
      Inputs in,
      byte[] imgDb,
      byte[] empty,
      Map<IsoPlan.ArchiveKind, Path> archives)
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
      case EMPTY -> IsoSource.bytes(empty);
      case IMGPAYLD, BASEMISC, RESVIBS -> {
        Path p = archives.get(kind);
        if (p == null) {
          throw new ImagePlanException(path + ": the plan has " + kind + " but it was not written");
        }
        yield IsoSource.file(p);
      }
    };
  }

  private static byte[] imgDb(IsoPlan plan, Inputs in) throws IOException, ImagePlanException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeImgDb(
        in.profile(),
        plan.modules(),
        in.descriptors(),
        in.databaseFiles(),
        in.bulletins(),
        in.reservedComponents(),
        documents(in.releaseUnits()),
        in.buildTime(),
        out);
    return out.toByteArray();
  }

  private static byte[] empty(Instant t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeEmpty(t, out);
    return out.toByteArray();
  }

  /**
   * The release units as IMGDB documents: {@code baseimages/<release id>.json} and {@code
   * addons/<release id>.json}, {@code :} → {@code _} (the paths esxforge uses in {@code
   * metadata.zip}, {@link BaseImageJson#memberPath}) [G: no real 7.0+ IMGDB with release units was
   * available; see docs/model.md].
   */
  static List<ImgDb.Document> documents(List<ReleaseUnit> units) {
    List<ImgDb.Document> out = new java.util.ArrayList<>();
    for (ReleaseUnit u : units) {
      String path = BaseImageJson.memberPath(u);
      int slash = path.indexOf('/');
      out.add(
          new ImgDb.Document(
              path.substring(0, slash),
              ImgDb.fileName(path.substring(slash + 1)),
              BaseImageJson.write(u)));
    }
    return out;
  }
}
