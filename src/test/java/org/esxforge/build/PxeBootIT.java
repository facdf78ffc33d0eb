package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.BootMedia;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PXE tree {@code build --pxe DIR} writes network-boots as it is: QEMU's user-mode network
 * serves DIR over TFTP and hands out {@code mboot.efi}, OVMF loads it (the image's own UEFI loader,
 * the sample's stand-in for VMware's mboot.efi), which reads {@code boot.cfg} from its own folder
 * and loads {@code prefix=esxi}'s kernel and modules over TFTP; the test kernel, which never sees
 * boot.cfg, then judges what arrived: exactly the tree's boot.cfg modules in order, each module's
 * tag, IMGDB.TGZ completeness, and a network command line ({@code runweasel}, {@code BOOTIF=}, no
 * {@code cdromBoot}).
 */
class PxeBootIT {
  @TempDir Path tmp;

  @Test
  void pxe_uefi_overTftp_bootsIntoTheTestKernelWithExactlyBootCfgsModules() throws Exception {
    Qemu.require(Qemu.Firmware.UEFI);
    Path pxe = tmp.resolve("pxe");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            Samples.depot(SampleVersion.V7_0).folder().toString(),
            "--base",
            "latest",
            "--name",
            "ESXi-7.0b-HP-Emulex",
            "--add",
            Samples.hp(),
            "--remove",
            "hpnmi",
            "--add",
            Samples.emulex(),
            "--pxe",
            pxe.toString());
    assertEquals(0, r.code(), r.toString());
    String cfgText = Files.readString(pxe.resolve("boot.cfg"), StandardCharsets.US_ASCII);
    BootMedia.BootCfg cfg = BootMedia.BootCfg.parse(cfgText);
    assertTrue(cfgText.contains("prefix=esxi\n"), cfgText);
    List<String> expected = new ArrayList<>();
    for (String m : cfg.modules()) {
      expected.add("/" + m);
    }

    Qemu.Result boot =
        Qemu.bootPxe(pxe, "mboot.efi", Qemu.Firmware.UEFI, tmp.resolve("qemu-pxe-uefi"));

    assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
    assertEquals(List.of(), boot.log().failures(), boot.describe());
    assertTrue(boot.serial().contains("UEFI PXEv4"), boot.describe());
    assertTrue(boot.serial().contains("GRUBSAMPLE: (tftp,10.0.2.2)/boot.cfg"), boot.describe());
    assertEquals(expected, boot.log().moduleNames(), boot.describe());
    assertEquals(
        Optional.of("/esxi/b.b00 " + cfg.kernelOpt() + " BOOTIF=01-52-54-00-12-34-56"),
        boot.log().cmdline(),
        boot.describe());
    assertTrue(boot.log().checks().contains("kernelopt ok network"), boot.describe());
    assertTrue(
        boot.log().checks().stream().anyMatch(c -> c.startsWith("modules complete ")),
        boot.describe());
    assertEquals("runweasel", cfg.kernelOpt(), "the PXE boot.cfg drops cdromBoot");
  }
}
