package org.esxforge.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.esxforge.testing.BootMedia;
import org.esxforge.testkernel.TestKernel;

/**
 * An ESXi-shaped test tree for boot tests: the test kernel as {@code B.B00}, random-content
 * modules, {@code BOOT.CFG} (also as {@code EFI/BOOT/BOOT.CFG}), isolinux + mboot.c32 for BIOS and
 * a GRUB {@code EFIBOOT.IMG} for UEFI. Both loaders pass BOOT.CFG to the kernel as a module. Not
 * thread-safe.
 */
final class BootTree {
  static final Instant T = Instant.parse("2026-11-22T04:41:07Z");

  /** Module ISO file name → content, in BOOT.CFG order. */
  final Map<String, Path> modules = new LinkedHashMap<>();

  final Path dir;
  final Path kernel;
  String bootCfg;

  /** Appended to the EFI/BOOT/BOOT.CFG copy only (to make the two copies differ). */
  String efiBootCfgSuffix = "";

  BootTree(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.kernel = TestKernel.build(dir.resolve("kernel"));
  }

  /** Adds a module file with {@code size} random (non-gzip) bytes. */
  BootTree randomModule(String name, int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    if (size > 1 && b[0] == 0x1f) {
      b[0] = 0;
    }
    return module(name, b);
  }

  BootTree module(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    modules.put(name, p);
    return this;
  }

  /** The standard set: jumpstrt.gz, useropts.gz, k.b00 (3,000,000 B), s.v00 (70,000 B). */
  BootTree standardModules() throws IOException {
    return randomModule("JUMPSTRT.GZ", 44, 1)
        .randomModule("USEROPTS.GZ", 9, 2)
        .randomModule("K.B00", 3_000_000, 3)
        .randomModule("S.V00", 70_000, 4);
  }

  /** The lower-case "/name" list as BOOT.CFG writes it. */
  List<String> cfgPaths() {
    return modules.keySet().stream().map(n -> "/" + n.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Builds the image. {@code biosModules} / {@code grubModules}: what the loaders pass (null = all
   * BOOT.CFG modules plus BOOT.CFG itself).
   */
  IsoImage image(List<String> biosModules, List<String> grubModules)
      throws IOException, InterruptedException, InvalidIsoPathException {
    List<String> cfgPaths = cfgPaths();
    bootCfg =
        "bootstate=0\ntitle=Loading esxforge test\ntimeout=5\nprefix=\nkernel=/b.b00\n"
            + "kernelopt=runweasel cdromBoot\n# comment line\nmodules="
            + String.join(" --- ", cfgPaths)
            + "\nbuild=\nupdated=0\n";
    byte[] cfg = bootCfg.getBytes(StandardCharsets.US_ASCII);
    List<String> bios = biosModules;
    if (bios == null) {
      bios = new ArrayList<>(cfgPaths.stream().map(s -> s.substring(1)).toList());
      bios.add("boot.cfg");
    }
    List<String> grub = grubModules;
    if (grub == null) {
      grub = new ArrayList<>(cfgPaths);
      grub.add("/BOOT.CFG");
      grub.add("/EFI/BOOT/BOOT.CFG");
    }
    String grubCfg = BootMedia.grubConfig("/BOOT.CFG", "/b.b00", "from=grub-efi", grub);
    Path efiImg = BootMedia.efiBootImage(grubCfg, dir.resolve("efi"));
    IsoImage.Builder b =
        IsoImage.builder()
            .volumeId("ESXFORGE-TEST")
            .applicationId("ESXIMAGE")
            .timestamp(T)
            .addFile(IsoPath.parse("/B.B00"), IsoSource.file(kernel))
            .addFile(IsoPath.parse("/BOOT.CFG"), IsoSource.bytes(cfg))
            .addFile(
                IsoPath.parse("/EFI/BOOT/BOOT.CFG"),
                IsoSource.bytes((bootCfg + efiBootCfgSuffix).getBytes(StandardCharsets.US_ASCII)))
            .addFile(IsoPath.parse("/EFIBOOT.IMG"), IsoSource.file(efiImg))
            .addFile(
                IsoPath.parse("/ISOLINUX.CFG"),
                IsoSource.bytes(
                    BootMedia.isolinuxCfg("b.b00", "from=syslinux-mboot", bios)
                        .getBytes(StandardCharsets.US_ASCII)))
            .bootCatalog(IsoPath.parse("/BOOT.CAT"))
            .addBootEntry(BootEntry.bios(IsoPath.parse("/ISOLINUX.BIN"), 4, true))
            .addBootEntry(BootEntry.uefi(IsoPath.parse("/EFIBOOT.IMG")));
    for (Map.Entry<String, Path> e : BootMedia.isolinuxFiles().entrySet()) {
      b.addFile(IsoPath.parse("/" + e.getKey()), IsoSource.file(e.getValue()));
    }
    for (Map.Entry<String, Path> e : modules.entrySet()) {
      b.addFile(IsoPath.parse("/" + e.getKey()), IsoSource.file(e.getValue()));
    }
    return b.build();
  }
}
