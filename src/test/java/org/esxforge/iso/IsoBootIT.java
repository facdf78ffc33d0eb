package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.esxforge.testing.BootLog;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Qemu;
import org.esxforge.testing.Qemu.Firmware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real boots in QEMU (TCG) of ISOs written by the builtin writer and by each external tool: BIOS
 * through isolinux + syslinux mboot.c32, UEFI through OVMF + GRUB, into the test kernel, which
 * checks BOOT.CFG against the modules it received.
 */
class IsoBootIT {
  @TempDir Path dir;

  static IsoWriter writer(String name) {
    if (name.equals("builtin")) {
      return IsoWriters.builtin();
    }
    ExternalIsoTool tool = ExternalIsoTool.parse(name);
    ExternalTools.require(tool.command());
    return IsoWriters.external(tool);
  }

  static String crc(Path p) throws Exception {
    CRC32 c = new CRC32();
    c.update(Files.readAllBytes(p));
    return String.format("%08x", c.getValue());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "builtin, BIOS", "builtin, UEFI",
    "xorriso, BIOS", "xorriso, UEFI",
    "genisoimage, BIOS", "genisoimage, UEFI",
    "mkisofs, BIOS", "mkisofs, UEFI"
  })
  void boot_standardTree_kernelVerifiesEveryModule(String writerName, Firmware fw)
      throws Exception {
    Qemu.require(fw);
    BootTree tree = new BootTree(dir.resolve("tree")).standardModules();
    Path iso = dir.resolve("test.iso");
    writer(writerName).write(tree.image(null, null), iso);
    IsoOracles.assertEsxiCatalog(iso);

    Qemu.Result r = Qemu.boot(iso, fw, dir.resolve("qemu"));
    BootLog log = r.log();
    System.out.printf(
        "boot %s %s: exit %d in %d ms%n", writerName, fw, r.exitStatus(), r.elapsed().toMillis());
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertTrue(log.bootOk(), r.describe());
    assertEquals(List.of(), log.failures(), r.describe());
    assertEquals(4, log.bootCfgEntries(), r.describe());
    String prefix = fw == Firmware.BIOS ? "" : "/";
    for (var e : tree.modules.entrySet()) {
      String name = prefix + e.getKey().toLowerCase(Locale.ROOT);
      BootLog.Module m =
          log.module(fw == Firmware.BIOS ? name : "/" + e.getKey().toLowerCase(Locale.ROOT))
              .orElseThrow(() -> new AssertionError("no module " + name + "\n" + r.describe()));
      assertEquals(Files.size(e.getValue()), m.size(), name);
      assertEquals(crc(e.getValue()), m.crc32(), name);
      assertTrue(
          log.checks()
              .contains(
                  "/"
                      + e.getKey().toLowerCase(Locale.ROOT)
                      + " ok size="
                      + Files.size(e.getValue())),
          log.checks().toString());
    }
    assertTrue(log.checks().contains("kernel /b.b00 ok"), log.checks().toString());
    if (fw == Firmware.BIOS) {
      assertTrue(log.text().contains("ISOLINUX 6.04"), r.describe());
      assertTrue(log.text().contains("Booting from DVD/CD"), r.describe());
      assertEquals("b.b00 from=syslinux-mboot", log.cmdline().orElseThrow());
    } else {
      assertTrue(
          log.text().contains("BdsDxe: starting Boot0001 \"UEFI QEMU DVD-ROM"), r.describe());
      assertTrue(log.text().contains("GRUBTEST: grub x86_64-efi started"), r.describe());
      assertEquals("/b.b00 from=grub-efi", log.cmdline().orElseThrow());
      assertEquals(6, log.modules().size(), "4 modules + 2 BOOT.CFG copies");
    }
  }

  @Test
  void boot_moduleListedButNotPassed_kernelFailsWithExit35() throws Exception {
    Qemu.require(Firmware.BIOS);
    BootTree tree = new BootTree(dir.resolve("tree")).standardModules();
    Path iso = dir.resolve("neg.iso");
    IsoWriters.builtin()
        .write(tree.image(List.of("jumpstrt.gz", "useropts.gz", "k.b00", "boot.cfg"), null), iso);
    Qemu.Result r = Qemu.boot(iso, Firmware.BIOS, dir.resolve("qemu"));
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertEquals(List.of("missing /s.v00"), r.log().failures(), r.describe());
    assertEquals("checks failed", r.log().bootFail().orElseThrow());
  }

  @Test
  void boot_twoDifferentBootCfgModules_kernelFailsWithExit35() throws Exception {
    Qemu.require(Firmware.BIOS);
    BootTree tree = new BootTree(dir.resolve("tree")).randomModule("K.B00", 1000, 5);
    tree.efiBootCfgSuffix = "# differs\n";
    Path iso = dir.resolve("two.iso");
    IsoWriters.builtin()
        .write(tree.image(List.of("k.b00", "boot.cfg", "efi/boot/boot.cfg"), null), iso);
    Qemu.Result r = Qemu.boot(iso, Firmware.BIOS, dir.resolve("qemu"));
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertEquals("boot.cfg modules differ", r.log().bootFail().orElseThrow(), r.describe());
    assertEquals(3, r.log().modules().size(), r.describe());
  }

  @Test
  void boot_gzipModuleThroughGrub_kernelInflatesAndChecksTrailer() throws Exception {
    Qemu.require(Firmware.UEFI);
    byte[] raw = compressible(400_000);
    byte[] gz = gzip(raw);
    BootTree tree =
        new BootTree(dir.resolve("tree")).randomModule("K.B00", 5000, 9).module("X.V00", gz);
    Path iso = dir.resolve("gz.iso");
    IsoWriters.builtin().write(tree.image(null, null), iso);
    Qemu.Result r = Qemu.boot(iso, Firmware.UEFI, dir.resolve("qemu"));
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertTrue(
        r.log().checks().contains("/x.v00 ok size=" + gz.length + " gzip-isize=" + raw.length),
        r.log().checks().toString());
  }

  @Test
  void boot_corruptGzipModule_kernelReportsCrcFailure() throws Exception {
    Qemu.require(Firmware.UEFI);
    byte[] gz = gzip(compressible(100_000));
    gz[gz.length - 6] ^= 0x5A; // inside the trailer CRC-32
    BootTree tree = new BootTree(dir.resolve("tree")).module("X.V00", gz);
    Path iso = dir.resolve("bad.iso");
    IsoWriters.builtin().write(tree.image(null, null), iso);
    Qemu.Result r = Qemu.boot(iso, Firmware.UEFI, dir.resolve("qemu"));
    assertEquals(Qemu.EXIT_BOOT_FAIL, r.exitStatus(), r.describe());
    assertEquals(List.of("gzip crc /x.v00"), r.log().failures(), r.describe());
  }

  /** Text-like data with repeats, so deflate uses dynamic blocks and back references. */
  static byte[] compressible(int n) {
    Random rnd = new Random(42);
    String[] words = {"vmkernel ", "esxforge ", "module ", "payload ", "0123456789 ", "\n"};
    StringBuilder b = new StringBuilder();
    while (b.length() < n) {
      b.append(words[rnd.nextInt(words.length)]);
      if (rnd.nextInt(50) == 0) {
        b.append((char) ('a' + rnd.nextInt(26)));
      }
    }
    return b.substring(0, n).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(bo)) {
      z.write(raw);
    }
    return bo.toByteArray();
  }
}
