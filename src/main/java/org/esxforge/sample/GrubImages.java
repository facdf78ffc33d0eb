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
import org.esxforge.io.Parents;

/**
 * Builds the GRUB stand-ins for VMware's boot loaders with Debian's {@code grub-mkimage} (packages
 * grub-common, grub-pc-bin, grub-efi-amd64-bin) and the host gcc. VMware's isolinux 3.86 +
 * mboot.c32 and mboot.efi/isobounce are not available, and Debian's isolinux 6 cannot run VMware's
 * {@code mboot.c32 -c boot.cfg}, so:
 *
 * <ul>
 *   <li>{@code isolinux.bin} = GRUB i386-pc El Torito image ({@code cdboot.img} + core; needs the
 *       boot-info-table, which cdboot reads to find the rest of itself), doing what ISOLINUX.CFG's
 *       {@code mboot.c32 -c boot.cfg} does: it reads {@code /BOOT.CFG};
 *   <li>{@code BOOTx64.EFI} = GRUB x86_64-efi (mboot.efi's place on the ISO and, as {@code
 *       mboot.efi}, in a PXE tree): it reads {@code boot.cfg} from its own folder ({@code
 *       $cmdpath}: {@code /EFI/BOOT/} on the ISO, the TFTP root over the network), else finds
 *       {@code /EFI/BOOT/BOOT.CFG};
 *   <li>{@code efiboot.img} = FAT12 image whose {@code EFI/BOOT/BOOTX64.EFI} is a GRUB x86_64-efi
 *       standing in for isobounce: it finds the ISO9660 volume and chain-loads the ISO's {@code
 *       /EFI/BOOT/BOOTX64.EFI}.
 * </ul>
 *
 * <p><b>Following BOOT.CFG (the choice).</b> GRUB's script language cannot read a file into a
 * variable, and BOOT.CFG is not GRUB script ({@code kernelopt=cdromBoot runweasel} would set only
 * the first word). So both "mboot" stand-ins embed esxforge's own GRUB module {@code esxboot}
 * ({@code org/esxforge/sample/mboot/esxboot.c}, compiled here with gcc for each GRUB platform): its
 * command {@code esxboot_cfg FILE} parses BOOT.CFG as VMware's mboot does (keys case-insensitive,
 * {@code #} comments, {@code modules=} split on {@code ---}, {@code prefix=} applied to relative
 * paths, an empty prefix meaning the directory of BOOT.CFG) and sets {@code esx_kernel}, {@code
 * esx_kernelopt} and {@code esx_modules}. The script then loads exactly that kernel with the
 * command line {@code <kernel path> <kernelopt>} (like mboot, the first word names the kernel),
 * then exactly those modules in BOOT.CFG order, each named by its path and loaded {@code --nounzip}
 * so the kernel sees the bytes of the file; each step is guarded (GRUB boots on after a failed
 * {@code module}). Booted over the network it appends {@code BOOTIF=01-<mac>}, as mboot does unless
 * {@code nobootif} is set. Nothing else is passed: not BOOT.CFG, not the other files. This works
 * unchanged on every path the project boots: ISO BIOS, ISO UEFI (through the isobounce stand-in)
 * and UEFI network boot (OVMF loads {@code mboot.efi} over TFTP; GRUB's efinet reuses its DHCP
 * answer and reads {@code boot.cfg} and the modules over TFTP). Module options after a path are not
 * passed (no sample module has any).
 *
 * <p>The embedded configuration lives in a memdisk tar written here with fixed metadata, so the
 * images are byte-identical across runs for one toolchain (grub-mkimage and gcc embed no time
 * stamps).
 *
 * <p>Thread-safe (stateless; runs external processes).
 */
// The GRUB scripts below are joined from lines, and a line longer than the 100-column limit is
// split
// at a space into concatenated parts; as text blocks those lines could not be split.
@SuppressWarnings("StringConcatToTextBlock")
final class GrubImages {
  /** The GRUB module's source, a resource beside this class. */
  static final String MODULE_SOURCE = "mboot/esxboot.c";

  /** The BOOT.CFG parser both stand-in loaders include (this module and {@link MbootC32}'s). */
  static final String BOOTCFG_HEADER = "mboot/bootcfg.h";

  static final String BIOS_CFG =
      String.join(
          "\n",
          "serial --unit=0 --speed=115200",
          "terminal_input serial console",
          "terminal_output serial console",
          "echo \"GRUBSAMPLE: grub i386-pc started (esxforge stand-in for isolinux +"
              + " mboot.c32 -c boot.cfg)\"",
          "if ! search --no-floppy --file --set=root /BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL /BOOT.CFG not found\"; halt; fi",
          "if ! esxboot_cfg /BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL cannot read /BOOT.CFG\"; halt; fi",
          "set esx_cfg=/BOOT.CFG",
          "%LOAD%");
  static final String EFI_CFG =
      String.join(
          "\n",
          "echo \"GRUBSAMPLE: grub x86_64-efi started (esxforge stand-in for mboot.efi)\"",
          "set esx_dev=",
          "regexp --set=1:esx_dev '^\\(([^)]*)\\)' \"$cmdpath\"",
          "set esx_cfg=\"$cmdpath/boot.cfg\"",
          "if esxboot_cfg \"$esx_cfg\"; then",
          "  set root=$esx_dev",
          "else",
          "  if ! search --no-floppy --file --set=root /EFI/BOOT/BOOT.CFG; then"
              + " echo \"GRUBSAMPLE: FAIL no boot.cfg in $cmdpath and no /EFI/BOOT/BOOT.CFG\";"
              + " halt; fi",
          "  set esx_cfg=/EFI/BOOT/BOOT.CFG",
          "  if ! esxboot_cfg $esx_cfg; then"
              + " echo \"GRUBSAMPLE: FAIL cannot read /EFI/BOOT/BOOT.CFG\"; halt; fi",
          "fi",
          "set esx_bootif=",
          "if regexp '^(tftp|http)' \"$root\"; then",
          "  if regexp --set=1:a --set=2:b --set=3:c --set=4:d --set=5:e --set=6:f"
              + " '^(..):(..):(..):(..):(..):(..)$' \"$net_default_mac\"; then",
          "    set esx_bootif=\"BOOTIF=01-$a-$b-$c-$d-$e-$f\"",
          "  fi",
          "fi",
          "%LOAD%");
  static final String LOAD =
      String.join(
          "\n",
          "echo \"GRUBSAMPLE: $esx_cfg: kernel $esx_kernel, $esx_count modules,"
              + " kernelopt $esx_kernelopt\"",
          "if ! multiboot $esx_kernel $esx_kernel $esx_kernelopt $esx_bootif; then"
              + " echo \"GRUBSAMPLE: FAIL kernel $esx_kernel\"; halt; fi",
          "for m in $esx_modules; do",
          "  if ! module --nounzip $m $m; then echo \"GRUBSAMPLE: FAIL module $m\"; halt; fi",
          "done",
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

  /** gcc flags for a GRUB module, common to both platforms. */
  private static final List<String> MODULE_CFLAGS =
      List.of(
          "-ffreestanding",
          "-fno-builtin",
          "-fno-pic",
          "-fno-stack-protector",
          "-fno-asynchronous-unwind-tables",
          "-fno-common",
          "-nostdlib",
          "-O2");

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
    String cfg = BIOS_CFG.replace("%LOAD%", LOAD);
    List<String> mods =
        new ArrayList<>(List.of("biosdisk", "multiboot", "serial", "terminal", "gzio", "esxboot"));
    mods.addAll(COMMON);
    return mkimage(work, "i386-pc-eltorito", "isolinux", cfg, mods);
  }

  /** The UEFI loader on the ISO ({@code BOOTx64.EFI}, mboot.efi stand-in). */
  static byte[] bootx64Efi(Path work) throws IOException {
    String cfg = EFI_CFG.replace("%LOAD%", LOAD);
    List<String> mods =
        new ArrayList<>(List.of("multiboot", "gzio", "esxboot", "efinet", "net", "tftp"));
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
    String platform = format.startsWith("i386-pc") ? "i386-pc" : format;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Tools.find("grub-mkimage").orElseThrow().toString(),
                "-d",
                moduleDir(work, platform).toString(),
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

  /**
   * A GRUB platform directory for grub-mkimage: links to every file of Debian's {@code
   * /usr/lib/grub/<platform>}, plus {@code esxboot.mod} built from {@link #MODULE_SOURCE} and its
   * line in {@code moddep.lst}. Built once per work directory.
   */
  static Path moduleDir(Path work, String platform) throws IOException {
    Path dir = work.resolve("grub-lib-" + platform);
    if (Files.isRegularFile(dir.resolve("esxboot.mod"))) {
      return dir;
    }
    Files.createDirectories(dir);
    Path lib = GRUB_LIB.resolve(platform);
    try (var files = Files.list(lib)) {
      for (Path f : files.sorted().toList()) {
        Path link = dir.resolve(Parents.nameOf(f));
        if (!Parents.nameOf(f).equals("moddep.lst") && !Files.exists(link)) {
          Files.createSymbolicLink(link, f);
        }
      }
    }
    String deps = Files.readString(lib.resolve("moddep.lst"), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("moddep.lst"), deps + "esxboot:\n", StandardCharsets.UTF_8);
    Path src = dir.resolve("esxboot.c");
    try (var in = GrubImages.class.getResourceAsStream(MODULE_SOURCE)) {
      if (in == null) {
        throw new IOException(MODULE_SOURCE + " missing from the classpath");
      }
      Files.write(src, in.readAllBytes());
    }
    try (var in = GrubImages.class.getResourceAsStream(BOOTCFG_HEADER)) {
      if (in == null) {
        throw new IOException(BOOTCFG_HEADER + " missing from the classpath");
      }
      Files.write(dir.resolve("bootcfg.h"), in.readAllBytes());
    }
    String gcc = Tools.find("gcc").orElseThrow(() -> new IOException("gcc not found")).toString();
    List<String> cc = new ArrayList<>(List.of(gcc));
    if (platform.equals("i386-pc")) {
      // GRUB's i386-pc calling convention
      cc.addAll(List.of("-m32", "-march=i386", "-mregparm=3", "-mrtd"));
    } else {
      cc.addAll(List.of("-m64", "-mcmodel=large", "-mno-red-zone", "-mno-mmx", "-mno-sse"));
    }
    cc.addAll(MODULE_CFLAGS);
    cc.addAll(List.of("-c", src.toString(), "-o", dir.resolve("esxboot.o").toString()));
    Tools.run(cc, dir, 120, TimeUnit.SECONDS);
    String strip =
        Tools.find("strip").orElseThrow(() -> new IOException("strip not found")).toString();
    Tools.run(
        List.of(
            strip,
            "--strip-unneeded",
            "-K",
            "grub_mod_init",
            "-K",
            "grub_mod_fini",
            "-R",
            ".note.GNU-stack",
            "-R",
            ".note",
            "-R",
            ".comment",
            "-R",
            ".eh_frame",
            dir.resolve("esxboot.o").toString(),
            "-o",
            dir.resolve("esxboot.mod").toString()),
        dir,
        60,
        TimeUnit.SECONDS);
    return dir;
  }
}
