package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.BootMedia;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PXE tree {@code build --pxe DIR} writes network-boots as it is, UEFI and BIOS: QEMU's
 * user-mode network serves DIR over TFTP and hands out the boot file.
 *
 * <ul>
 *   <li>UEFI: OVMF loads {@code mboot.efi} (the image's own UEFI loader, the sample's stand-in for
 *       VMware's mboot.efi), which reads {@code boot.cfg} from its own folder and loads {@code
 *       prefix=esxi}'s kernel and modules over TFTP.
 *   <li>BIOS: SeaBIOS and the NIC's iPXE ROM load Debian's {@code pxelinux.0} (SYSLINUX 6.04, put
 *       in DIR as the tree's README asks; {@code ldlinux.c32} beside it), which runs the tree's own
 *       {@code pxelinux.cfg/default}: {@code KERNEL esxi/mboot.c32}, {@code APPEND -c
 *       esxi/boot.cfg}, {@code IPAPPEND 2}. The sample's {@code mboot.c32} is a real COM32 module
 *       (not a placeholder) that reads {@code esxi/boot.cfg} as VMware's mboot does.
 * </ul>
 *
 * The test kernel, which never sees boot.cfg, then judges what arrived: exactly boot.cfg's modules
 * in order, each module's tag, IMGDB.TGZ completeness, and a network command line ({@code
 * runweasel}, {@code BOOTIF=}, no {@code cdromBoot}). A hand-edited {@code esxi/boot.cfg} (swapped
 * modules, a missing one, an extra one, a dropped kernel option) must fail the BIOS boot with that
 * fault: the BIOS loader follows boot.cfg, it does not load a list of its own.
 */
class PxeBootIT {
  static final String PXELINUX = "/usr/lib/PXELINUX/pxelinux.0";
  static final String LDLINUX = "/usr/lib/syslinux/modules/bios/ldlinux.c32";
  static final String BOOTIF = "BOOTIF=01-52-54-00-12-34-56";

  @TempDir static Path tmp;
  static Path pxe;
  static BootMedia.BootCfg cfg;
  static List<String> expected;

  @BeforeAll
  static void build() throws Exception {
    pxe = tmp.resolve("pxe");
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
    assertTrue(cfgText.contains("prefix=esxi\n"), cfgText);
    assertEquals(
        cfgText,
        Files.readString(pxe.resolve("esxi/boot.cfg"), StandardCharsets.US_ASCII),
        "the UEFI and BIOS boot.cfg are the same");
    cfg = BootMedia.BootCfg.parse(cfgText);
    expected = new ArrayList<>();
    for (String m : cfg.modules()) {
      expected.add("/" + m);
    }
  }

  @Test
  void pxe_uefi_overTftp_bootsIntoTheTestKernelWithExactlyBootCfgsModules() throws Exception {
    Qemu.require(Qemu.Firmware.UEFI);
    Qemu.Result boot =
        Qemu.bootPxe(pxe, "mboot.efi", Qemu.Firmware.UEFI, tmp.resolve("qemu-pxe-uefi"));

    assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
    assertTrue(boot.log().text().contains("UEFI PXEv4"), boot.describe());
    assertTrue(boot.log().text().contains("GRUBSAMPLE: (tftp,10.0.2.2)/boot.cfg"), boot.describe());
    assertBootedFaithfully(boot);
    assertEquals("runweasel", cfg.kernelOpt(), "the PXE boot.cfg drops cdromBoot");
  }

  @Test
  void pxe_bios_overTftp_pxelinuxRunsTheSamplesMbootC32WithExactlyBootCfgsModules()
      throws Exception {
    Qemu.Result boot = bootBios("ok", UnaryOperator.identity());

    assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
    assertTrue(boot.log().text().contains("PXELINUX 6."), boot.describe());
    assertTrue(
        boot.log()
            .text()
            .contains("mboot.c32: esxforge sample mboot.c32 (COM32), reading esxi/boot.cfg"),
        boot.describe());
    assertBootedFaithfully(boot);
  }

  @Test
  void pxe_bios_swappedModules_orderFails() throws Exception {
    Qemu.Result r = bootBios("swapped", c -> c.replace("sb.v00 --- s.v00", "s.v00 --- sb.v00"));
    assertFault(r, "order /sb.v00 must come before /s.v00");
  }

  @Test
  void pxe_bios_missingModule_fails() throws Exception {
    Qemu.Result r = bootBios("missing", c -> c.replace(" --- ne1000.v00", ""));
    assertFault(r, "missing: 1 module payload(s) of the image's VIBs did not arrive");
  }

  @Test
  void pxe_bios_extraModule_fails() throws Exception {
    Qemu.Result r =
        bootBios("extra", c -> c.replace(" --- imgdb.tgz", " --- isolinux.bin --- imgdb.tgz"));
    assertFault(r, "extra /isolinux.bin is not a payload of the image (IMGDB.TGZ profile)");
  }

  @Test
  void pxe_bios_droppedKernelOption_fails() throws Exception {
    Qemu.Result r = bootBios("kernelopt", c -> c.replace("kernelopt=runweasel", "kernelopt="));
    assertFault(r, "kernelopt: runweasel missing");
    assertEquals(Optional.of("/esxi/b.b00 " + BOOTIF), r.log().cmdline(), r.describe());
  }

  private static void assertBootedFaithfully(Qemu.Result boot) {
    assertEquals(List.of(), boot.log().failures(), boot.describe());
    assertEquals(expected, boot.log().moduleNames(), boot.describe());
    assertEquals(
        Optional.of("/esxi/b.b00 " + cfg.kernelOpt() + " " + BOOTIF),
        boot.log().cmdline(),
        boot.describe());
    assertTrue(boot.log().checks().contains("kernelopt ok network"), boot.describe());
    assertTrue(
        boot.log().checks().stream().anyMatch(c -> c.startsWith("modules complete ")),
        boot.describe());
    assertTrue(
        boot.log().checks().stream().filter(c -> c.contains(" ok tagged payload=")).count() > 80,
        boot.describe());
  }

  /**
   * Boots a copy of the tree BIOS, with Debian's pxelinux.0 and ldlinux.c32 added (as the tree's
   * README asks) and {@code esxi/boot.cfg}, the file pxelinux.cfg/default names, edited by {@code
   * edit} (identity: unchanged).
   */
  private static Qemu.Result bootBios(String name, UnaryOperator<String> edit) throws Exception {
    Qemu.require(Qemu.Firmware.BIOS);
    Path pxelinux = ExternalTools.requireFile(PXELINUX);
    Path ldlinux = ExternalTools.requireFile(LDLINUX);
    Path root = tmp.resolve("bios-" + name);
    try (var walk = Files.walk(pxe)) {
      for (Path f : walk.toList()) {
        Path to = root.resolve(pxe.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Files.copy(pxelinux, root.resolve("pxelinux.0"));
    Files.copy(ldlinux, root.resolve("ldlinux.c32"));
    Path bootCfg = root.resolve("esxi/boot.cfg");
    String was = Files.readString(bootCfg, StandardCharsets.US_ASCII);
    String now = edit.apply(was);
    if (!name.equals("ok")) {
      assertNotEquals(was, now, "the edit of " + name + " changed nothing");
    }
    Files.writeString(bootCfg, now, StandardCharsets.US_ASCII);
    return Qemu.bootPxe(root, "pxelinux.0", Qemu.Firmware.BIOS, tmp.resolve("qemu-" + name));
  }

  private static void assertFault(Qemu.Result r, String failure) {
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertFalse(r.log().bootOk(), r.describe());
    assertTrue(
        r.log().failures().stream().anyMatch(f -> f.startsWith(failure)),
        "expected a failure starting with '" + failure + "'\n" + r.describe());
  }
}
