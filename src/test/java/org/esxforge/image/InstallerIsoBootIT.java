package org.esxforge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.BootLog;
import org.esxforge.testing.BootMedia;
import org.esxforge.testing.Qemu;
import org.esxforge.testing.Qemu.Firmware;
import org.esxforge.testkernel.TestKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots an ISO made by {@link InstallerIsoExporter} in QEMU/OVMF: esx-base's {@code b} payload is
 * the project's multiboot test kernel and its {@code efiboot.img} a GRUB image that loads every
 * module BOOT.CFG lists plus both BOOT.CFG copies. The kernel checks BOOT.CFG against the modules
 * it received (every one present, sizes, gzip trailers of the generated .tgz archives). VMware's
 * own mboot is not available, so this proves the plan's names, the archives and the UEFI El Torito
 * entry, not ESXi itself.
 */
class InstallerIsoBootIT {
  @TempDir Path dir;

  @Test
  void export_synthetic80_uefiBootKernelVerifiesEveryBootCfgModule() throws Exception {
    Qemu.require(Firmware.UEFI);
    Map<VibId, VibDescriptor> m = InstallerIsoExporterIT.descriptors();
    ImageProfile p =
        RealImageDb.profile(InstallerIsoExporterIT.NAME, m).toBuilder()
            .acceptanceLevel(AcceptanceLevel.COMMUNITY)
            .build();
    IsoPlan plan = IsoPlan.of(p, m, BootOptions.none());
    List<String> grubModules = new ArrayList<>(plan.bootCfg().modules());
    grubModules.add("/BOOT.CFG");
    grubModules.add("/EFI/BOOT/BOOT.CFG");
    Path kernel = TestKernel.build(dir.resolve("kernel"));
    Path efiImg =
        BootMedia.efiBootImage(
            BootMedia.grubConfig("/BOOT.CFG", "/b.b00", "from=grub-efi", grubModules),
            dir.resolve("efi"));
    InstallerIsoExporter.Inputs fake = InstallerIsoExporterIT.inputs(p, m);
    PayloadSource sources =
        r ->
            switch (r.payloadName()) {
              case "b" -> IsoSource.file(kernel);
              case "efiboot.img" -> IsoSource.file(efiImg);
              default -> InstallerIsoExporterIT.payload(r);
            };
    InstallerIsoExporter.Inputs in =
        new InstallerIsoExporter.Inputs(
            p,
            m,
            fake.databaseFiles(),
            List.of(),
            List.of(),
            sources,
            null,
            InstallerIsoExporterIT.T);
    Path iso = dir.resolve("custom.iso");
    InstallerIsoExporter.export(plan, in, IsoWriters.builtin(), iso);

    Qemu.Result r = Qemu.boot(iso, Firmware.UEFI, dir.resolve("qemu"));
    BootLog log = r.log();
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertEquals(List.of(), log.failures(), r.describe());
    assertEquals(plan.bootCfg().modules().size(), log.bootCfgEntries(), r.describe());
    assertTrue(log.checks().contains("kernel /b.b00 ok"), log.checks().toString());
    for (String mod : plan.bootCfg().modules()) {
      assertTrue(log.module(mod).isPresent(), mod + "\n" + r.describe());
    }
    assertTrue(
        log.checks().stream()
            .anyMatch(c -> c.startsWith("/imgdb.tgz ok size=") && c.contains("gzip-isize=")),
        log.checks().toString());
    assertTrue(Files.size(iso) > 0);
  }
}
