package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * one) exported with the project's exporter and ISO writer, booted in qemu BIOS and UEFI: the GRUB
 * stand-ins pass every file, and the test kernel finds every exported BOOT.CFG module intact.
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
    assertEquals(plan80.bootCfg().modules().size(), r.log().bootCfgEntries(), r.describe());
  }

  private static void check(Qemu.Result r) {
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertEquals(List.of(), r.log().failures(), r.describe());
    assertEquals(plan.bootCfg().modules().size(), r.log().bootCfgEntries(), r.describe());
    assertTrue(r.log().checks().contains("kernel /b.b00 ok"), r.log().checks().toString());
    assertTrue(plan.bootCfg().modules().size() > 80, "modules " + plan.bootCfg().modules());
  }
}
