package org.esxforge.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.InvalidIsoPathException;
import org.esxforge.iso.IsoPath;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * Every file of the installer ISO and where its bytes come from (docs/formats.md §5.1, §5.2, §6).
 *
 * <pre>
 * /&lt;MODULE&gt;              every module of the {@link ModulePlan} (B.B00, JUMPSTRT.GZ, S.V00 ...),
 *                          IMGDB.TGZ / IMGPAYLD.TGZ (7.0U3+ BASEMISC/RESVIBS, 8.0+ ESXIODPT.TGZ) generated
 * /BOOT.CFG, /EFI/BOOT/BOOT.CFG   the same {@link BootCfg} text
 * /ISOLINUX.CFG            {@link IsolinuxCfg}
 * /ISOLINUX.BIN            the boot_iso_bios payload (El Torito BIOS: 4 sectors, boot-info-table)
 * /MBOOT.C32 /MENU.C32 /SAFEBOOT.C32   the boot_com32_bios payloads whose name ends in .c32
 * /EFI/BOOT/&lt;NAME&gt;        every boot_loader_efi payload: BOOTX64.EFI, SAFEBOOT.EFI, CRYPTO64.EFI
 * /EFIBOOT.IMG             the eltorito_image_efi payload (El Torito UEFI, load size from its size)
 * /UPGRADE/&lt;NAME&gt;         every upgrade payload (PRECHECK.PY, ESXIMAGE.ZIP, ...)
 * /&lt;NAME&gt;                every text payload (README, OSL.TXT)
 * /KS.CFG                  the kickstart file, when {@link BootOptions#kickstart()}
 * </pre>
 *
 * Choices [G]: {@code ldlinux.sys} and {@code fatBootSector} (boot_com32_bios) are for disk
 * installs; they are not put on the ISO (isolinux does not use them) but travel in IMGPAYLD.TGZ.
 * Payload names go upper-case unchanged; a boot-loader or upgrade payload whose name does not fit
 * ISO level 1 (8.3, d-characters) is refused, because firmware, mboot and the installer look these
 * files up by name; a {@code text} payload name is mapped instead (non d-characters → {@code _},
 * base cut to 8 and extension to 3). Two files on one path are refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class IsoPlan {
  /** Where a file's bytes come from. */
  public sealed interface Content permits FromPayload, Text, Archive, Kickstart {}

  /** A payload copied verbatim. */
  public record FromPayload(PayloadRef payload) implements Content {}

  /** Generated ASCII text (BOOT.CFG, ISOLINUX.CFG). */
  public record Text(String text) implements Content {}

  /** A generated archive module. */
  public record Archive(ArchiveKind kind) implements Content {}

  /** The user's kickstart file. */
  public record Kickstart() implements Content {}

  /** The generated archives. */
  public enum ArchiveKind {
    /** IMGDB.TGZ, {@link ImgDb#writeImgDb}. */
    IMGDB,
    /** IMGPAYLD.TGZ, {@link ImgDb#writeImgPayld}. */
    IMGPAYLD,
    /** 7.0U3+ BASEMISC.TGZ, {@link ImgDb#writeBaseMisc}. */
    BASEMISC,
    /** 7.0U3+ RESVIBS.TGZ, {@link ImgDb#writeResVibs}. */
    RESVIBS,
    /** 8.0+ ESXIODPT.TGZ, {@link ImgDb#writeEmpty}. */
    EMPTY
  }

  /** The El Torito boot catalog. */
  public static final IsoPath BOOT_CATALOG = path("/BOOT.CAT");

  private static final IsoPath ISOLINUX_BIN = path("/ISOLINUX.BIN");
  private static final IsoPath EFIBOOT_IMG = path("/EFIBOOT.IMG");

  private final String volumeId;
  private final BootCfg bootCfg;
  private final SortedMap<IsoPath, Content> files;
  private final ModulePlan modules;

  private IsoPlan(
      String volumeId, BootCfg bootCfg, SortedMap<IsoPath, Content> files, ModulePlan modules) {
    this.volumeId = volumeId;
    this.bootCfg = bootCfg;
    this.files = Collections.unmodifiableSortedMap(files);
    this.modules = modules;
  }

  /** Plans the ISO of {@code profile}. */
  public static IsoPlan of(
      ImageProfile profile, Map<VibId, VibDescriptor> descriptors, BootOptions options)
      throws ImagePlanException {
    ModulePlan plan = ModulePlan.of(profile, descriptors);
    BootCfg cfg = BootCfg.installer(plan, options);
    Builder b = new Builder();
    for (ModulePlan.Module m : plan.all()) {
      b.put(
          "/" + m.localName(),
          m.generated() ? archive(m.localName()) : new FromPayload(m.requirePayload()),
          m.localName());
    }
    b.put("/BOOT.CFG", new Text(cfg.text()), "BOOT.CFG");
    b.put("/EFI/BOOT/BOOT.CFG", new Text(cfg.text()), "EFI/BOOT/BOOT.CFG");
    b.put("/ISOLINUX.CFG", new Text(IsolinuxCfg.text(profile.name())), "ISOLINUX.CFG");
    if (options.kickstart()) {
      b.put("/KS.CFG", new Kickstart(), "KS.CFG");
    }
    for (VibId id : profile.vibIds()) {
      VibDescriptor d = Objects.requireNonNull(descriptors.get(id), "descriptor of " + id);
      for (Payload p : d.payloads()) {
        String dir = directoryFor(p);
        if (dir == null) {
          continue;
        }
        String name = p.type().equals("text") ? mapTo83(p.name()) : p.name();
        b.put(dir + name, new FromPayload(new PayloadRef(id, p.name())), id + "!" + p.name());
      }
    }
    for (IsoPath need :
        List.of(
            ISOLINUX_BIN,
            EFIBOOT_IMG,
            path("/MBOOT.C32"),
            path("/MENU.C32"),
            path("/EFI/BOOT/BOOTX64.EFI"))) {
      if (!b.files.containsKey(need)) {
        throw new ImagePlanException(
            profile.name()
                + ": cannot build an installer ISO: no payload for "
                + need
                + "; add esx-base, which carries the boot loaders");
      }
    }
    return new IsoPlan(IsolinuxCfg.volumeId(profile.name()), cfg, b.files, plan);
  }

  /** The ISO directory (with trailing '/') of a non-module payload, or null if not on the ISO. */
  private static @Nullable String directoryFor(Payload p) {
    String lower = p.name().toLowerCase(Locale.ROOT);
    return switch (p.type()) {
      case "boot_iso_bios", "eltorito_image_efi", "text" -> "/";
      case "boot_com32_bios" -> lower.endsWith(".c32") ? "/" : null;
      case "boot_loader_efi" -> "/EFI/BOOT/";
      case "upgrade" -> "/UPGRADE/";
      default -> null;
    };
  }

  private static Content archive(String localName) {
    return new Archive(
        switch (localName) {
          case "imgdb.tgz" -> ArchiveKind.IMGDB;
          case "imgpayld.tgz" -> ArchiveKind.IMGPAYLD;
          case "basemisc.tgz" -> ArchiveKind.BASEMISC;
          case "resvibs.tgz" -> ArchiveKind.RESVIBS;
          default -> ArchiveKind.EMPTY;
        });
  }

  /**
   * Maps a free-form name to 8.3 d-characters: {@code osl.txt} → OSL.TXT, {@code a-b.html} →
   * A_B.HTM.
   */
  static String mapTo83(String name) {
    String up = name.toUpperCase(Locale.ROOT);
    int dot = up.lastIndexOf('.');
    String base = clean(dot < 0 ? up : up.substring(0, dot), 8);
    String ext = dot < 0 ? "" : clean(up.substring(dot + 1), 3);
    return (base.isEmpty() ? "_" : base) + (ext.isEmpty() ? "" : "." + ext);
  }

  private static String clean(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (b.length() == max) {
        break;
      }
      b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
    }
    return b.toString();
  }

  private static IsoPath path(String s) {
    return new IsoPath(s);
  }

  /** Collects files, refusing bad names and duplicates. Not thread-safe. */
  private static final class Builder {
    final SortedMap<IsoPath, Content> files = new TreeMap<>();

    void put(String p, Content c, String what) throws ImagePlanException {
      IsoPath path;
      try {
        path = IsoPath.parse(p);
      } catch (InvalidIsoPathException e) {
        throw new ImagePlanException(
            what
                + ": cannot be put on the ISO as '"
                + p.toUpperCase(Locale.ROOT)
                + "': "
                + e.getMessage()
                + "; ISO level 1 needs 8.3 names of A-Z 0-9 _");
      }
      if (files.putIfAbsent(path, c) != null) {
        throw new ImagePlanException(
            what
                + ": ISO path "
                + path
                + " is already taken by another file; remove one of the"
                + " VIBs that supply it");
      }
    }
  }

  /** The ISO volume identifier (profile name upper-cased, cut to 32). */
  public String volumeId() {
    return volumeId;
  }

  /** The BOOT.CFG written to both locations. */
  public BootCfg bootCfg() {
    return bootCfg;
  }

  /** The module plan behind this ISO. */
  public ModulePlan modules() {
    return modules;
  }

  /** Every file, by path. */
  public SortedMap<IsoPath, Content> files() {
    return files;
  }

  /**
   * The El Torito entries: BIOS {@code ISOLINUX.BIN} (4 sectors, boot-info-table) first, then UEFI
   * {@code EFIBOOT.IMG} (load size from the image size, [G] §5.2).
   */
  public List<BootEntry> bootEntries() {
    List<BootEntry> l = new ArrayList<>();
    l.add(BootEntry.bios(ISOLINUX_BIN, 4, true));
    l.add(BootEntry.uefi(EFIBOOT_IMG));
    return List.copyOf(l);
  }

  @Override
  public String toString() {
    return "IsoPlan[" + volumeId + ", " + files.size() + " files]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IsoPlan p
        && volumeId.equals(p.volumeId)
        && files.equals(p.files)
        && bootCfg.equals(p.bootCfg);
  }

  @Override
  public int hashCode() {
    return Objects.hash(volumeId, files, bootCfg);
  }
}
