package org.esxforge.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.io.FormatException;
import org.esxforge.iso.IsoFileSystem;

/**
 * Checks an ESXi installer ISO (issue 5, {@code esxforge verify X.iso}): {@code BOOT.CFG} and
 * {@code EFI/BOOT/BOOT.CFG} exist and are identical; its kernel and every module exist on the ISO;
 * the profile in {@code IMGDB.TGZ} maps payloads to exactly the BOOT.CFG names (every mapped local
 * name is in BOOT.CFG; every BOOT.CFG module that is not a generated archive is mapped); the El
 * Torito BIOS entry points at {@code /ISOLINUX.BIN} and the UEFI entry at {@code /EFIBOOT.IMG}.
 * Problems are collected, one line each; an image too broken to read fails with a {@link
 * FormatException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class IsoVerifier {
  private static final int MAX_CFG = 64 << 10;
  private static final int MAX_IMGDB = 256 << 20;
  private static final Set<String> GENERATED =
      Set.of("imgdb.tgz", "imgpayld.tgz", "basemisc.tgz", "resvibs.tgz", "esxiodpt.tgz");

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
        problems.add("/EFI/BOOT/BOOT.CFG differs from /BOOT.CFG; BIOS and UEFI would boot"
            + " different module lists");
      }
      Map<String, String> cfg = parse(new String(cfgBytes, StandardCharsets.UTF_8));
      String prefix = cfg.getOrDefault("prefix", "");
      String kernel = cfg.getOrDefault("kernel", "");
      List<String> modules = new ArrayList<>();
      for (String m : cfg.getOrDefault("modules", "").split(" --- ")) {
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
      String profile = imgDb(fs, kernel, modules, problems);
      return new IsoVerification(iso, problems, fs.volumeId(), files, kernel, modules, boot,
          profile);
    }
  }

  private static String imgDb(IsoFileSystem fs, String kernel, List<String> modules,
      List<String> problems) throws IOException {
    IsoFileSystem.Entry db = fs.entry("/IMGDB.TGZ");
    if (db == null) {
      problems.add("/IMGDB.TGZ is missing; the installer has no image database");
      return "";
    }
    byte[] profileXml = null;
    String profileEntry = null;
    try (InputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(
        new ByteArrayInputStream(fs.read(db, MAX_IMGDB))))) {
      TarArchiveInputStream tar = (TarArchiveInputStream) in;
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile() && e.getName().startsWith("var/db/esximg/profiles/")) {
          if (profileXml != null) {
            problems.add("/IMGDB.TGZ holds more than one profile (" + profileEntry + ", "
                + e.getName() + ")");
            break;
          }
          if (e.getSize() > ProfileXml.MAX_BYTES) {
            throw new FormatException(fs.toString(), "IMGDB.TGZ!" + e.getName(), -1,
                "profile of " + e.getSize() + " bytes is too large");
          }
          profileXml = tar.readAllBytes();
          profileEntry = e.getName();
        }
      }
    } catch (IOException e) {
      if (e instanceof FormatException) {
        throw e;
      }
      problems.add("/IMGDB.TGZ is not a readable gzip'd tar: " + e.getMessage());
      return "";
    }
    if (profileXml == null) {
      problems.add("/IMGDB.TGZ has no var/db/esximg/profiles/ entry");
      return "";
    }
    ProfileDocument doc = ProfileXml.parseDocument(profileXml, "IMGDB.TGZ!" + profileEntry);
    Set<String> mapped = new LinkedHashSet<>();
    doc.payloads().values().forEach(m -> mapped.addAll(m.values()));
    Map<String, String> booted = new LinkedHashMap<>();
    booted.put(base(kernel), kernel);
    modules.forEach(m -> booted.put(base(m), m));
    for (String local : mapped) {
      if (!booted.containsKey(local.toLowerCase(Locale.ROOT))) {
        problems.add("/IMGDB.TGZ maps a payload to " + local + ", which /BOOT.CFG does not load");
      }
    }
    Set<String> mappedLower = new LinkedHashSet<>();
    mapped.forEach(m -> mappedLower.add(m.toLowerCase(Locale.ROOT)));
    for (Map.Entry<String, String> b : booted.entrySet()) {
      if (!b.getKey().isEmpty() && !mappedLower.contains(b.getKey())
          && !GENERATED.contains(b.getKey())) {
        problems.add("/BOOT.CFG loads " + b.getValue() + ", which no payload of the IMGDB.TGZ"
            + " profile maps to");
      }
    }
    return doc.profile().name();
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
      String target = fs.entries().values().stream()
          .filter(f -> !f.directory() && f.lba() == e.lba()).map(IsoFileSystem.Entry::path)
          .findFirst().orElse("sector " + e.lba());
      boolean isUefi = e.platform() == IsoFileSystem.BootCatalogEntry.UEFI;
      out.add((isUefi ? "UEFI " : "BIOS ") + target);
      String want = isUefi ? "/EFIBOOT.IMG" : "/ISOLINUX.BIN";
      IsoFileSystem.Entry w = fs.entry(want);
      if (!e.bootable()) {
        problems.add("El Torito " + (isUefi ? "UEFI" : "BIOS") + " entry is not bootable");
      }
      if (w == null) {
        problems.add(want + " is missing; El Torito " + (isUefi ? "UEFI" : "BIOS")
            + " entry points at " + target);
      } else if (w.lba() != e.lba()) {
        problems.add("El Torito " + (isUefi ? "UEFI" : "BIOS") + " entry points at " + target
            + ", not " + want);
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
    for (String line : text.split("\r?\n")) {
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

  private static String base(String module) {
    String m = module.startsWith("/") ? module.substring(1) : module;
    return m.toLowerCase(Locale.ROOT);
  }
}
