package org.esxforge.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.FormatException;
import org.esxforge.iso.IsoFileSystem;

/**
 * Checks an ESXi installer ISO (issue 5, {@code esxforge verify X.iso}): {@code BOOT.CFG} and
 * {@code EFI/BOOT/BOOT.CFG} exist and are identical; its kernel and every module exist on the ISO;
 * {@code IMGDB.TGZ} is what VMware's tools write and agrees with BOOT.CFG ({@link ImgDbCheck}:
 * layout, {@code .xml.orig}/{@code .xml.sig}, every payload's local name, the module order), and
 * from 7.0U3 so are {@code BASEMISC.TGZ} and {@code RESVIBS.TGZ} ({@link BaseArchivesCheck}); the
 * El Torito BIOS entry points at {@code /ISOLINUX.BIN} and the UEFI entry at {@code /EFIBOOT.IMG}.
 * Problems are collected, one line each; an image too broken to read fails with a {@link
 * FormatException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class IsoVerifier {
  private static final int MAX_CFG = 64 << 10;
  private static final int MAX_IMGDB = 256 << 20;

  private IsoVerifier() {}

  /** Verifies {@code iso}. */
  public static IsoVerification verify(Path iso) throws IOException {
    List<String> problems = new ArrayList<>();
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      int files = (int) fs.entries().values().stream().filter(e -> !e.directory()).count();
      List<String> boot = bootEntries(fs, problems);
      IsoFileSystem.Entry cfgEntry = fs.entry("/BOOT.CFG");
      IsoFileSystem.Entry efiCfg = fs.entry("/EFI/BOOT/BOOT.CFG");
      if (cfgEntry == null) {
        problems.add("/BOOT.CFG is missing; the ISO cannot boot");
        return new IsoVerification(iso, problems, fs.volumeId(), files, "", List.of(), boot, "");
      }
      byte[] cfgBytes = fs.read(cfgEntry, MAX_CFG);
      if (efiCfg == null) {
        problems.add("/EFI/BOOT/BOOT.CFG is missing; UEFI boot has no configuration");
      } else if (!Arrays.equals(cfgBytes, fs.read(efiCfg, MAX_CFG))) {
        problems.add(
            "/EFI/BOOT/BOOT.CFG differs from /BOOT.CFG; BIOS and UEFI would boot"
                + " different module lists");
      }
      Map<String, String> cfg = parse(new String(cfgBytes, StandardCharsets.UTF_8));
      String prefix = cfg.getOrDefault("prefix", "");
      String kernel = cfg.getOrDefault("kernel", "");
      List<String> modules = new ArrayList<>();
      for (String m : cfg.getOrDefault("modules", "").split(" --- ", -1)) {
        if (!m.isBlank()) {
          modules.add(m.trim());
        }
      }
      if (kernel.isEmpty()) {
        problems.add("/BOOT.CFG has no kernel=");
      } else if (fs.entry(join(prefix, kernel)) == null) {
        problems.add("/BOOT.CFG kernel " + kernel + " is not on the ISO");
      }
      for (String m : modules) {
        IsoFileSystem.Entry e = fs.entry(join(prefix, m));
        if (e == null || e.directory()) {
          problems.add("/BOOT.CFG module " + m + " is not on the ISO; the boot would stop there");
        }
      }
      String profile = imgDb(iso, fs, kernel, modules, problems);
      return new IsoVerification(
          iso, problems, fs.volumeId(), files, kernel, modules, boot, profile);
    }
  }

  private static String imgDb(
      Path iso, IsoFileSystem fs, String kernel, List<String> modules, List<String> problems)
      throws IOException {
    IsoFileSystem.Entry db = fs.entry("/IMGDB.TGZ");
    if (db == null) {
      problems.add("/IMGDB.TGZ is missing; the installer has no image database");
      return "";
    }
    ImgDbCheck c =
        ImgDbCheck.check(iso.toString(), fs.read(db, MAX_IMGDB), kernel, modules, problems);
    BaseArchivesCheck.check(fs, c, problems);
    return c.profileName();
  }

  private static List<String> bootEntries(IsoFileSystem fs, List<String> problems) {
    List<String> out = new ArrayList<>();
    List<IsoFileSystem.BootCatalogEntry> cat = fs.bootCatalog();
    if (cat.isEmpty()) {
      problems.add("no El Torito boot catalog; the ISO does not boot");
      return out;
    }
    boolean bios = false;
    boolean uefi = false;
    for (IsoFileSystem.BootCatalogEntry e : cat) {
      String target =
          fs.entries().values().stream()
              .filter(f -> !f.directory() && f.lba() == e.lba())
              .map(IsoFileSystem.Entry::path)
              .findFirst()
              .orElse("sector " + e.lba());
      boolean isUefi = e.platform() == IsoFileSystem.BootCatalogEntry.UEFI;
      out.add((isUefi ? "UEFI " : "BIOS ") + target);
      String want = isUefi ? "/EFIBOOT.IMG" : "/ISOLINUX.BIN";
      IsoFileSystem.Entry w = fs.entry(want);
      if (!e.bootable()) {
        problems.add("El Torito " + (isUefi ? "UEFI" : "BIOS") + " entry is not bootable");
      }
      if (w == null) {
        problems.add(
            want
                + " is missing; El Torito "
                + (isUefi ? "UEFI" : "BIOS")
                + " entry points at "
                + target);
      } else if (w.lba() != e.lba()) {
        problems.add(
            "El Torito "
                + (isUefi ? "UEFI" : "BIOS")
                + " entry points at "
                + target
                + ", not "
                + want);
      }
      bios |= !isUefi;
      uefi |= isUefi;
    }
    if (!bios) {
      problems.add("no El Torito BIOS entry; the ISO does not boot on BIOS machines");
    }
    if (!uefi) {
      problems.add("no El Torito UEFI entry; the ISO does not boot on UEFI machines");
    }
    return out;
  }

  private static Map<String, String> parse(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\r?\n", -1)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return m;
  }

  private static String join(String prefix, String file) {
    String f = file.startsWith("/") ? file.substring(1) : file;
    String p = prefix.isEmpty() ? "" : (prefix.startsWith("/") ? prefix : "/" + prefix);
    return (p.endsWith("/") ? p : p + "/") + f;
  }
}
