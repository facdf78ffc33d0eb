package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.esxforge.event.EventHandlers;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.Payload;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Qemu;
import org.esxforge.vib.VibFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's boot chain really boots: a minimal ISO made with the project's ISO writer from the
 * sample esx-base and cpu-microcode boot payloads and a BOOT.CFG written here boots in qemu, BIOS
 * (GRUB El Torito image as ISOLINUX.BIN, needs the boot-info-table) and UEFI (EFIBOOT.IMG →
 * isobounce stand-in → /EFI/BOOT/BOOTX64.EFI), into the test kernel, which checks the BOOT.CFG.
 * (The full exported-profile boot test belongs to package image.)
 */
class SampleBootChainIT {
  @TempDir static Path tmp;
  static Map<String, byte[]> modules = new LinkedHashMap<>();
  static BootImages boot;
  static byte[] b;

  @BeforeAll
  static void buildPayloads() throws Exception {
    ExternalTools.require("gcc");
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    boot = SampleBoot.images(tmp.resolve("boot"), SampleDepot::testKernel, EventHandlers.none());
    assertTrue(boot.bootable(), boot.problem());
    SampleModel m = SampleModel.load(SampleModel.ESXI_70_GA);
    for (String vib : List.of("esx-base", "cpu-microcode")) {
      BuiltVib v =
          SampleVibBuilder.build(
              m.vib(vib), boot, Instant.EPOCH, false, (xml, level) -> new byte[0]);
      Path f = tmp.resolve(vib + ".vib");
      Files.write(f, v.bytes());
      try (VibFile vf = VibFile.open(f)) {
        for (Payload p : v.descriptor().payloads()) {
          try (var in = vf.openMember(p.name())) {
            byte[] bytes = in.readAllBytes();
            if (p.name().equals("b")) {
              b = bytes;
            } else if (p.type().equals("boot") || p.name().equals("s")) {
              String local =
                  p.vfatName().isEmpty()
                      ? p.name() + (p.type().equals("boot") ? ".b00" : ".v00")
                      : p.vfatName();
              modules.put(local, bytes);
            } else {
              modules.put("#" + p.name(), bytes);
            }
          }
        }
      }
    }
  }

  @Test
  void boot_bios_testKernelChecksBootCfg() throws Exception {
    Path iso = iso("bios", List.of());
    Qemu.Result r = Qemu.boot(iso, Qemu.Firmware.BIOS, tmp.resolve("qemu-bios"));
    assertBooted(r, "GRUBSAMPLE: grub i386-pc started");
  }

  @Test
  void boot_uefi_isobounceChainsToBootx64AndKernelChecksBootCfg() throws Exception {
    Path iso = iso("uefi", List.of());
    Qemu.Result r = Qemu.boot(iso, Qemu.Firmware.UEFI, tmp.resolve("qemu-uefi"));
    assertBooted(r, "GRUBSAMPLE: efiboot.img started");
    assertTrue(r.serial().contains("GRUBSAMPLE: grub x86_64-efi started"), r.describe());
  }

  @Test
  void boot_bootCfgNamesMissingModule_kernelFails() throws Exception {
    Path iso = iso("missing", List.of("/nothere.v00"));
    Qemu.Result r = Qemu.boot(iso, Qemu.Firmware.BIOS, tmp.resolve("qemu-missing"));
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertTrue(r.log().failures().stream().anyMatch(f -> f.contains("nothere.v00")), r.describe());
  }

  private static void assertBooted(Qemu.Result r, String marker) {
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertTrue(r.log().bootOk(), r.describe());
    assertTrue(r.serial().contains(marker), r.describe());
    long expected = modules.keySet().stream().filter(k -> !k.startsWith("#")).count();
    assertEquals(expected, r.log().bootCfgEntries(), r.describe());
    assertEquals(List.of(), r.log().failures(), r.describe());
  }

  private static Path iso(String name, List<String> extraModules) throws Exception {
    List<String> cfgModules = new ArrayList<>();
    IsoImage.Builder img =
        IsoImage.builder()
            .volumeId("ESXFORGE_SAMPLE")
            .timestamp(Instant.parse("2020-03-16T10:48:52Z"));
    for (Map.Entry<String, byte[]> e : modules.entrySet()) {
      if (!e.getKey().startsWith("#")) {
        cfgModules.add("/" + e.getKey());
        img.addFile(
            IsoPath.parse("/" + e.getKey().toUpperCase(Locale.ROOT)),
            IsoSource.bytes(e.getValue()));
      }
    }
    cfgModules.addAll(extraModules);
    String cfg =
        "bootstate=0\ntitle=Loading ESXi installer\ntimeout=5\nprefix=\n"
            + "kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules="
            + String.join(" --- ", cfgModules)
            + "\nbuild=7.0.0-1.0.15843807\nupdated=0\n";
    byte[] cfgBytes = cfg.getBytes(StandardCharsets.US_ASCII);
    img.addFile(IsoPath.parse("/B.B00"), IsoSource.bytes(b))
        .addFile(IsoPath.parse("/BOOT.CFG"), IsoSource.bytes(cfgBytes))
        .addFile(IsoPath.parse("/EFI/BOOT/BOOT.CFG"), IsoSource.bytes(cfgBytes))
        .addFile(IsoPath.parse("/ISOLINUX.BIN"), IsoSource.bytes(modules.get("#isolinux.bin")))
        .addFile(IsoPath.parse("/EFIBOOT.IMG"), IsoSource.bytes(modules.get("#efiboot.img")))
        .addFile(
            IsoPath.parse("/EFI/BOOT/BOOTX64.EFI"), IsoSource.bytes(modules.get("#BOOTx64.EFI")))
        .bootCatalog(IsoPath.parse("/BOOT.CAT"))
        .addBootEntry(BootEntry.bios(IsoPath.parse("/ISOLINUX.BIN"), 4, true))
        .addBootEntry(BootEntry.uefi(IsoPath.parse("/EFIBOOT.IMG")));
    Path iso = tmp.resolve(name + ".iso");
    IsoWriters.builtin().write(img.build(), iso);
    return iso;
  }
}
