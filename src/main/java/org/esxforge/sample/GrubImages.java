package org.esxforge.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the GRUB stand-ins for VMware's boot loaders with Debian's {@code grub-mkimage} (packages
 * grub-common, grub-pc-bin, grub-efi-amd64-bin). VMware's isolinux 3.86 + mboot.c32 and
 * mboot.efi/isobounce are not available, and Debian's isolinux 6 cannot run VMware's {@code
 * mboot.c32 -c boot.cfg}, so:
 *
 * <ul>
 *   <li>{@code isolinux.bin} = GRUB i386-pc El Torito image ({@code cdboot.img} + core; needs the
 *       boot-info-table, which cdboot reads to find the rest of itself);
 *   <li>{@code BOOTx64.EFI} = GRUB x86_64-efi (mboot.efi's place on the ISO);
 *   <li>{@code efiboot.img} = FAT12 image whose {@code EFI/BOOT/BOOTX64.EFI} is a GRUB x86_64-efi
 *       standing in for isobounce: it finds the ISO9660 volume and chain-loads the ISO's {@code
 *       /EFI/BOOT/BOOTX64.EFI}.
 * </ul>
 *
 * Both "mboot" stand-ins load {@code /b.b00} as the multiboot kernel (command line {@code /b.b00
 * from=…}: like VMware mboot, the first word names the kernel) and pass every other root file, then
 * {@code /EFI/BOOT/BOOT.CFG}, as modules named by their ISO path (GRUB lower-cases plain ISO9660
 * names), each guarded because GRUB boots on after a failed {@code module}. The kernel is gzip'd
 * like VMware's {@code b} payload, so the images include {@code gzio}; modules are loaded with
 * {@code --nounzip} so the kernel sees the exact bytes on the ISO. They do NOT read BOOT.CFG (the
 * test kernel checks it instead), so the ISO's ISOLINUX.CFG is not used.
 *
 * <p>The embedded configuration lives in a memdisk tar written here with fixed metadata, so the
 * images are byte-identical across runs (grub-mkimage embeds no time stamps).
 *
 * <p>Thread-safe (stateless; runs external processes).
 */
final class GrubImages {
  static final String BIOS_CFG =
      String.join(
          "\n",
          "serial --unit=0 --speed=115200",
          "terminal_input serial console",
          "terminal_output serial console",
          "echo \"GRUBSAMPLE: grub i386-pc started (esxforge stand-in for isolinux + mboot.c32)\"",
          "%LOAD%");
  static final String EFI_CFG =
      String.join(
          "\n",
          "echo \"GRUBSAMPLE: grub x86_64-efi started (esxforge stand-in for mboot.efi)\"",
          "%LOAD%");
  static final String LOAD =
      String.join(
          "\n",
          "if ! search --no-floppy --file --set=root /BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL /BOOT.CFG not found\"; halt; fi",
          "if ! multiboot /b.b00 /b.b00 %FROM%; then echo \"GRUBSAMPLE: FAIL kernel /b.b00\"; halt; fi",
          "for f in ($root)/*; do",
          "  if [ -f \"$f\" ]; then",
          "    regexp --set=1:p '^\\([^)]*\\)(/.*)$' \"$f\"",
          "    if [ \"$p\" != \"/b.b00\" ]; then",
          "      if ! module --nounzip \"$f\" \"$p\"; then"
              + " echo \"GRUBSAMPLE: FAIL module $p\"; halt; fi",
          "    fi",
          "  fi",
          "done",
          "if ! module --nounzip /EFI/BOOT/BOOT.CFG /EFI/BOOT/BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL module /EFI/BOOT/BOOT.CFG\"; halt; fi",
          "boot",
          "");
  static final String BOUNCE_CFG =
      String.join(
          "\n",
          "echo \"GRUBSAMPLE: efiboot.img started (esxforge stand-in for isobounce)\"",
          "if ! search --no-floppy --file --set=root /EFI/BOOT/BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL no ISO9660 volume with /EFI/BOOT/BOOT.CFG\"; halt; fi",
          "if ! chainloader /EFI/BOOT/BOOTX64.EFI; then"
              + " echo \"GRUBSAMPLE: FAIL chainloader /EFI/BOOT/BOOTX64.EFI\"; halt; fi",
          "boot",
          "");
  private static final List<String> COMMON =
      List.of(
          "iso9660",
          "normal",
          "configfile",
          "echo",
          "test",
          "search",
          "search_fs_file",
          "regexp",
          "halt",
          "memdisk",
          "tar");
  private static final Path GRUB_LIB = Path.of("/usr/lib/grub");
  private static final Instant EPOCH = Instant.EPOCH;

  private GrubImages() {}

  /** Why the images cannot be built here, or empty when grub-mkimage and both platforms exist. */
  static Optional<String> unavailable() {
    if (Tools.find("grub-mkimage").isEmpty()) {
      return Optional.of("grub-mkimage not found (install grub-common)");
    }
    if (!Files.isRegularFile(GRUB_LIB.resolve("i386-pc/cdboot.img"))) {
      return Optional.of(GRUB_LIB + "/i386-pc missing (install grub-pc-bin)");
    }
    if (!Files.isRegularFile(GRUB_LIB.resolve("x86_64-efi/kernel.img"))) {
      return Optional.of(GRUB_LIB + "/x86_64-efi missing (install grub-efi-amd64-bin)");
    }
    return Optional.empty();
  }

  /** The BIOS El Torito image ({@code isolinux.bin} stand-in). */
  static byte[] isolinuxBin(Path work) throws IOException {
    String cfg = BIOS_CFG.replace("%LOAD%", LOAD.replace("%FROM%", "from=esxforge-grub-bios"));
    List<String> mods =
        new ArrayList<>(List.of("biosdisk", "multiboot", "serial", "terminal", "gzio"));
    mods.addAll(COMMON);
    return mkimage(work, "i386-pc-eltorito", "isolinux", cfg, mods);
  }

  /** The UEFI loader on the ISO ({@code BOOTx64.EFI}, mboot.efi stand-in). */
  static byte[] bootx64Efi(Path work) throws IOException {
    String cfg = EFI_CFG.replace("%LOAD%", LOAD.replace("%FROM%", "from=esxforge-grub-efi"));
    List<String> mods = new ArrayList<>(List.of("multiboot", "gzio"));
    mods.addAll(COMMON);
    return mkimage(work, "x86_64-efi", "bootx64", cfg, mods);
  }

  /** The 1 MiB FAT12 El Torito UEFI image holding the isobounce stand-in. */
  static byte[] efibootImg(Path work) throws IOException {
    List<String> mods = new ArrayList<>(List.of("fat", "chain"));
    mods.addAll(COMMON);
    byte[] bounce = mkimage(work, "x86_64-efi", "isobounce", BOUNCE_CFG, mods);
    return Fat12Image.write("EFIBOOT", Map.of("EFI/BOOT/BOOTX64.EFI", bounce));
  }

  private static byte[] mkimage(
      Path work, String format, String name, String cfg, List<String> modules) throws IOException {
    Files.createDirectories(work);
    Path tar = work.resolve(name + "-memdisk.tar");
    Files.write(
        tar, Tars.ustar(Map.of("boot/grub/grub.cfg", cfg.getBytes(StandardCharsets.UTF_8)), EPOCH));
    Path out = work.resolve(name + ".img");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.find("grub-mkimage").orElseThrow().toString(),
                "-O",
                format,
                "-o",
                out.toString(),
                "-m",
                tar.toString(),
                "-p",
                "(memdisk)/boot/grub"));
    cmd.addAll(modules);
    Tools.run(cmd, work, 60, TimeUnit.SECONDS);
    return Files.readAllBytes(out);
  }
}
