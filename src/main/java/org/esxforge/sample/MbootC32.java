package org.esxforge.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the sample's {@code mboot.c32}: a real SYSLINUX 6 COM32 module ({@code
 * org/esxforge/sample/mboot/mbootc32.c}, linked with {@code mbootc32.ld}) that pxelinux or isolinux
 * 6.x runs as {@code mboot.c32 -c boot.cfg}, as VMware's mboot.c32 is run. It reads BOOT.CFG like
 * VMware's mboot (the same rules as the GRUB module {@code esxboot}) and multiboot-loads exactly
 * its kernel (inflated when gzip'd, as b.b00 is) and modules (bytes as they are), in order, with
 * {@code kernelopt} and the other APPEND words ({@code BOOTIF=} from {@code IPAPPEND 2}) on the
 * command line, through SYSLINUX's own memory-map and shuffle functions.
 *
 * <p><b>Why this and not a stand-in.</b> A PXE tree's BIOS entry is pxelinux's {@code KERNEL
 * esxi/mboot.c32}, {@code APPEND -c esxi/boot.cfg}; a GRUB image cannot be a COM32 module, and
 * SYSLINUX's own {@code mboot.c32} takes a different command line and gunzips every module (losing
 * the sample modules' tags and VMware's behaviour). A COM32 module needs no SYSLINUX headers: it
 * declares the few exports it uses (SYSLINUX 6.04, i386, {@code -mregparm=3}; tested with Debian's
 * 6.04) and is an ELF shared object with no DT_NEEDED, resolved against ldlinux.c32 and the core,
 * which every SYSLINUX 6 has loaded before any module. Built with the host gcc and ld (binutils);
 * compiled in its work directory with relative names and stripped, so the bytes are the same on
 * every run of one toolchain.
 *
 * <p>Thread-safe (stateless; runs external processes).
 */
final class MbootC32 {
  static final String SOURCE = "mboot/mbootc32.c";
  static final String SCRIPT = "mboot/mbootc32.ld";

  private MbootC32() {}

  /** The module's bytes, built in {@code work}. */
  static byte[] build(Path work) throws IOException {
    Files.createDirectories(work);
    copy(SOURCE, work.resolve("mbootc32.c"));
    copy(GrubImages.BOOTCFG_HEADER, work.resolve("bootcfg.h")); // shared with the GRUB module
    copy(SCRIPT, work.resolve("mbootc32.ld"));
    String gcc = Tools.find("gcc").orElseThrow(() -> new IOException("gcc not found")).toString();
    String ld = Tools.find("ld").orElseThrow(() -> new IOException("ld not found")).toString();
    Tools.run(
        List.of(
            gcc,
            "-m32",
            "-march=i386",
            "-mregparm=3", // SYSLINUX's calling convention
            "-fPIC",
            "-ffreestanding",
            "-fno-builtin",
            "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables",
            "-fno-exceptions",
            "-fno-common",
            "-nostdlib",
            "-Os",
            "-c",
            "mbootc32.c",
            "-o",
            "mbootc32.o"),
        work,
        120,
        TimeUnit.SECONDS);
    Tools.run(
        List.of(
            ld,
            "-m",
            "elf_i386",
            "-shared",
            "--hash-style=gnu",
            "-z",
            "norelro",
            "-z",
            "noexecstack",
            "-s",
            "-T",
            "mbootc32.ld",
            "-o",
            "mboot.c32",
            "mbootc32.o"),
        work,
        60,
        TimeUnit.SECONDS);
    return Files.readAllBytes(work.resolve("mboot.c32"));
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = MbootC32.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " missing from the classpath");
      }
      Files.write(to, in.readAllBytes());
    }
  }
}
