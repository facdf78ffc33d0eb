package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.image.BootOptions;
import org.esxforge.image.ImgDb;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.IsoPlan;
import org.esxforge.image.PayloadSource;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Qemu;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the sample depot as {@code sample-depot} writes it (real test kernel, GRUB chain),
 * read with {@code Depots.open}, its {@code ESXi-7.0b-16324942-standard} profile (and the 8.0U3b
 * one) exported with the project's exporter and ISO writer, booted in qemu BIOS and UEFI: the
 * stand-ins for mboot load exactly BOOT.CFG's kernel and modules, in order, with {@code kernelopt},
 * and the test kernel, which never sees BOOT.CFG, judges what arrived (module tags, order,
 * IMGDB.TGZ completeness, kernelopt). Then the same ISO with a hand-edited BOOT.CFG (both copies,
 * as an admin edits them) must fail with the specific fault: swapped modules, a missing one, an
 * extra one, a dropped kernel option, a module that is not on the ISO.
 */
class SampleIsoBootIT {
  @TempDir static Path tmp;
  static Path iso;
  static IsoPlan plan;
  static SampleDepotResult depot;

  @BeforeAll
  static void export() throws Exception {
    ExternalTools.require("gcc");
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    depot = SampleDepot.write(tmp.resolve("sample-7.0"), SampleVersion.V7_0, EventHandlers.none());
    assertTrue(depot.bootable(), depot.bootProblem());
    iso = tmp.resolve("sample.iso");
    plan = exportIso(depot, "ESXi-7.0b-16324942-standard", iso, tmp);
  }

  /** Exports {@code profile} of the written sample depot (read back from its offline zip). */
  static IsoPlan exportIso(SampleDepotResult r, String profile, Path target, Path work)
      throws Exception {
    try (Catalog c =
        Depots.open(
            List.of(r.offlineZip().toString()),
            DepotOptions.defaults().withTempDir(work),
            EventHandlers.none())) {
      ImageProfile p = c.profile(profile).orElseThrow();
      Map<VibId, VibDescriptor> descriptors = new HashMap<>();
      Map<VibId, Path> files = new HashMap<>();
      Map<VibId, ImgDb.VibFiles> db = new HashMap<>();
      for (VibId id : p.vibIds()) {
        CatalogVib v = c.vib(id).orElseThrow();
        Path f = v.source().materialize(work.resolve("vibs"));
        files.put(id, f);
        descriptors.put(id, v.descriptor());
        try (VibFile vf = VibFile.open(f)) {
          db.put(
              id,
              new ImgDb.VibFiles(
                  IsoSource.bytes(vf.descriptorBytes()), IsoSource.bytes(vf.signatureBytes())));
        }
      }
      IsoPlan plan = IsoPlan.of(p, descriptors, BootOptions.none());
      PayloadSource payloads =
          ref -> {
            Path f = files.get(ref.vibId());
            try (VibFile vf = VibFile.open(f)) {
              VibMember m = vf.member(ref.payloadName());
              return IsoSource.region(f, m.dataOffset(), m.size());
            }
          };
      InstallerIsoExporter.Inputs in =
          new InstallerIsoExporter.Inputs(
              p, descriptors, db, c.bulletins(), List.of(), payloads, null, p.creationTime());
      InstallerIsoExporter.export(plan, in, IsoWriters.builtin(), target);
      return plan;
    }
  }

  @Test
  void write_twiceWithRealBootChain_byteIdentical() throws Exception {
    SampleDepotResult again =
        SampleDepot.write(
            tmp.resolve("again/sample-7.0"), SampleVersion.V7_0, EventHandlers.none());
    java.util.Map<String, String> a = new java.util.TreeMap<>();
    java.util.Map<String, String> b = new java.util.TreeMap<>();
    for (var e :
        java.util.List.of(
            java.util.Map.entry(depot.folder(), a), java.util.Map.entry(again.folder(), b))) {
      try (var walk = Files.walk(e.getKey())) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          e.getValue()
              .put(
                  e.getKey().relativize(f).toString(),
                  org.esxforge.io.Sha256.of(Files.readAllBytes(f)).hex());
        }
      }
    }
    assertEquals(a, b);
  }

  @Test
  void boot_bios_everyBootCfgModuleArrives() throws Exception {
    check(Qemu.boot(iso, Qemu.Firmware.BIOS, tmp.resolve("bios")));
  }

  @Test
  void boot_uefi_everyBootCfgModuleArrives() throws Exception {
    check(Qemu.boot(iso, Qemu.Firmware.UEFI, tmp.resolve("uefi")));
  }

  @Test
  void boot_bios80U3b_everyBootCfgModuleArrives() throws Exception {
    SampleDepotResult eight =
        SampleDepot.write(tmp.resolve("sample-8.0"), SampleVersion.V8_0, EventHandlers.none());
    Path iso80 = tmp.resolve("sample80.iso");
    IsoPlan plan80 =
        exportIso(eight, "ESXi-8.0U3b-24280767-standard", iso80, tmp.resolve("work80"));
    assertTrue(plan80.bootCfg().modules().contains("/basemisc.tgz"), plan80.bootCfg().text());
    Qemu.Result r = Qemu.boot(iso80, Qemu.Firmware.BIOS, tmp.resolve("bios80"));
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertEquals(List.of(), r.log().failures(), r.describe());
    assertEquals(plan80.bootCfg().modules(), r.log().moduleNames(), r.describe());
  }

  private static void check(Qemu.Result r) {
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertEquals(List.of(), r.log().failures(), r.describe());
    assertEquals(plan.bootCfg().modules(), r.log().moduleNames(), r.describe());
    assertTrue(r.log().lines().contains("mode faithful (no boot.cfg module)"), r.describe());
    assertEquals(
        Optional.of("/b.b00 " + plan.bootCfg().kernelOpt()), r.log().cmdline(), r.describe());
    assertTrue(r.log().checks().contains("kernelopt ok cdrom"), r.describe());
    assertTrue(
        r.log().checks().stream().anyMatch(c -> c.startsWith("modules complete ")), r.describe());
    assertTrue(
        r.log().checks().stream().filter(c -> c.contains(" ok tagged payload=")).count() > 80,
        r.describe());
    assertTrue(plan.bootCfg().modules().size() > 80, "modules " + plan.bootCfg().modules());
  }

  @Test
  void fault_swappedModules_orderFails() throws Exception {
    Qemu.Result r =
        bootEdited("swapped", cfg -> cfg.replace("/sb.v00 --- /s.v00", "/s.v00 --- /sb.v00"));
    assertFault(r, "order /sb.v00 must come before /s.v00");
  }

  @Test
  void fault_missingModule_fails() throws Exception {
    Qemu.Result r = bootEdited("missing", cfg -> cfg.replace(" --- /ne1000.v00", ""));
    assertFault(r, "missing: 1 module payload(s) of the image's VIBs did not arrive");
  }

  @Test
  void fault_extraModule_fails() throws Exception {
    Qemu.Result r =
        bootEdited(
            "extra", cfg -> cfg.replace(" --- /imgdb.tgz", " --- /isolinux.bin --- /imgdb.tgz"));
    assertFault(r, "extra /isolinux.bin is not a payload of the image (IMGDB.TGZ profile)");
    assertFault(r, "extra: 1 module(s) more than the image's VIBs have");
  }

  @Test
  void fault_droppedKernelOption_fails() throws Exception {
    Qemu.Result r =
        bootEdited(
            "kernelopt",
            cfg -> cfg.replace("kernelopt=cdromBoot runweasel", "kernelopt=runweasel"));
    assertFault(r, "kernelopt: cdromBoot missing on a CD boot");
    assertEquals(Optional.of("/b.b00 runweasel"), r.log().cmdline(), r.describe());
  }

  @Test
  void fault_moduleNotOnTheIso_loaderStops() throws Exception {
    Qemu.Result r =
        bootEdited(
            "absent", cfg -> cfg.replace(" --- /imgdb.tgz", " --- /nothere.v00 --- /imgdb.tgz"));
    assertTrue(r.log().text().contains("GRUBSAMPLE: FAIL module /nothere.v00"), r.describe());
    assertFalse(r.log().bootOk(), r.describe());
    assertTrue(r.log().lines().isEmpty(), r.describe());
  }

  /**
   * Boots {@link #iso} BIOS with both BOOT.CFGs edited by {@code edit} (which must change them).
   */
  private static Qemu.Result bootEdited(String name, UnaryOperator<String> edit) throws Exception {
    Path edited = tmp.resolve("fault-" + name + ".iso");
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      IsoImage.Builder b =
          IsoImage.builder()
              .volumeId(fs.volumeId())
              .applicationId("ESXIMAGE")
              .timestamp(Instant.parse("2020-06-16T00:00:00Z"));
      for (IsoFileSystem.Entry e : fs.entries().values()) {
        if (e.directory() || e.path().equals("/BOOT.CAT")) {
          continue;
        }
        byte[] data = fs.read(e, Integer.MAX_VALUE);
        if (e.path().equals("/BOOT.CFG") || e.path().equals("/EFI/BOOT/BOOT.CFG")) {
          String was = new String(data, StandardCharsets.US_ASCII);
          String now = edit.apply(was);
          assertNotEquals(was, now, "the edit of " + name + " changed nothing");
          data = now.getBytes(StandardCharsets.US_ASCII);
        }
        b.addFile(IsoPath.parse(e.path()), IsoSource.bytes(data));
      }
      b.bootCatalog(IsoPath.parse("/BOOT.CAT"))
          .addBootEntry(BootEntry.bios(IsoPath.parse("/ISOLINUX.BIN"), 4, true))
          .addBootEntry(BootEntry.uefi(IsoPath.parse("/EFIBOOT.IMG")));
      IsoWriters.builtin().write(b.build(), edited);
    }
    return Qemu.boot(edited, Qemu.Firmware.BIOS, tmp.resolve("qemu-" + name));
  }

  private static void assertFault(Qemu.Result r, String failure) {
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertFalse(r.log().bootOk(), r.describe());
    assertTrue(
        r.log().failures().stream().anyMatch(f -> f.startsWith(failure)),
        "expected a failure starting with '" + failure + "'\n" + r.describe());
  }
}
