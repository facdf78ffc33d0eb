package org.esxforge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in boot loaders for test ISOs, all from Debian packages:
 *
 * <ul>
 *   <li>BIOS: isolinux 6.04 ({@code isolinux}, {@code syslinux-common}) chaining syslinux {@code
 *       mboot.c32}; {@link #isolinuxFiles()} and {@link #isolinuxCfg}.
 *   <li>UEFI: a FAT {@code EFIBOOT.IMG} holding GRUB ({@code grub-mkstandalone -O x86_64-efi},
 *       {@code grub-efi-amd64-bin}) as {@code /EFI/BOOT/BOOTX64.EFI} with an embedded config;
 *       {@link #grubConfig} and {@link #efiBootImage}. GRUB does not gunzip modules (no gzio), and
 *       every {@code module} line is guarded because GRUB boots on after a failed one.
 * </ul>
 *
 * Thread-safe (stateless).
 */
public final class BootMedia {
  static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
  static final Path SYSLINUX_BIOS = Path.of("/usr/lib/syslinux/modules/bios");

  private BootMedia() {}

  /**
   * The loader-relevant lines of a BOOT.CFG, parsed like VMware mboot (and the test kernel): keys
   * case-insensitive, {@code #} comments, {@code modules=} split on {@code ---} (first word of each
   * item), {@code prefix=} prepended to relative paths. Use it to derive the stand-in loaders'
   * module lists from an exported BOOT.CFG.
   */
  public record BootCfg(String kernel, String kernelOpt, List<String> modules) {
    public BootCfg {
      modules = List.copyOf(modules);
    }

    public static BootCfg parse(String text) {
      Map<String, String> kv = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int hash = line.indexOf('#');
        String l = hash >= 0 ? line.substring(0, hash) : line;
        int eq = l.indexOf('=');
        if (eq > 0) {
          kv.put(
              l.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
              l.substring(eq + 1).strip().replaceAll("\\s+", " "));
        }
      }
      String prefix = kv.getOrDefault("prefix", "");
      List<String> mods = new ArrayList<>();
      for (String item : kv.getOrDefault("modules", "").split("---")) {
        String path = item.strip().split(" ")[0];
        if (!path.isEmpty()) {
          mods.add(withPrefix(prefix, path));
        }
      }
      String kernel = kv.getOrDefault("kernel", "").split(" ")[0];
      return new BootCfg(
          kernel.isEmpty() ? "" : withPrefix(prefix, kernel),
          kv.getOrDefault("kernelopt", ""),
          mods);
    }

    private static String withPrefix(String prefix, String path) {
      if (prefix.isEmpty() || path.startsWith("/")) {
        return path;
      }
      return prefix.endsWith("/") ? prefix + path : prefix + "/" + path;
    }
  }

  /**
   * ISO name → host file: ISOLINUX.BIN, LDLINUX.C32, LIBCOM32.C32, MBOOT.C32. Skips/fails if
   * absent.
   */
  public static Map<String, Path> isolinuxFiles() {
    Map<String, Path> m = new LinkedHashMap<>();
    m.put("ISOLINUX.BIN", ExternalTools.requireFile(ISOLINUX.toString()));
    for (String f : List.of("ldlinux.c32", "libcom32.c32", "mboot.c32")) {
      m.put(
          f.toUpperCase(Locale.ROOT),
          ExternalTools.requireFile(SYSLINUX_BIOS.resolve(f).toString()));
    }
    return m;
  }

  /**
   * An ISOLINUX.CFG that boots {@code kernel} (with {@code args}) through mboot.c32 with {@code
   * modules} (each "path [args]", lower-case names as isolinux sees them). No SERIAL directive:
   * SeaBIOS sercon already mirrors the screen.
   */
  public static String isolinuxCfg(String kernel, String args, List<String> modules) {
    StringBuilder append = new StringBuilder(kernel);
    if (!args.isEmpty()) {
      append.append(' ').append(args);
    }
    for (String m : modules) {
      append.append(" --- ").append(m);
    }
    return "DEFAULT test\nPROMPT 0\nTIMEOUT 0\nLABEL test\n  KERNEL mboot.c32\n  APPEND "
        + append
        + "\n";
  }

  /**
   * A GRUB config: find the medium by {@code searchFile}, load {@code kernel} with the command line
   * "{@code kernel args}" (the kernel path first, as VMware mboot passes it), then each module as
   * "{@code path path}" so the kernel sees its path as the module name; each step guarded.
   */
  public static String grubConfig(
      String searchFile, String kernel, String args, List<String> modules) {
    StringBuilder b = new StringBuilder();
    b.append("set timeout=0\n");
    b.append("echo \"GRUBTEST: grub x86_64-efi started\"\n");
    b.append("if ! search --no-floppy --file --set=root ")
        .append(searchFile)
        .append("; then echo \"GRUBTEST: FAIL ")
        .append(searchFile)
        .append(" not found\"; halt; fi\n");
    b.append("if ! multiboot ")
        .append(kernel)
        .append(' ')
        .append(kernel)
        .append(args.isEmpty() ? "" : " " + args)
        .append("; then echo \"GRUBTEST: FAIL kernel ")
        .append(kernel)
        .append("\"; halt; fi\n");
    for (String m : modules) {
      b.append("if ! module ")
          .append(m)
          .append(' ')
          .append(m)
          .append("; then echo \"GRUBTEST: FAIL module ")
          .append(m)
          .append("\"; halt; fi\n");
    }
    b.append("boot\n");
    return b.toString();
  }

  /** Builds GRUB's BOOTX64.EFI with {@code grubCfg} embedded, then a FAT image holding it. */
  public static Path efiBootImage(String grubCfg, Path workDir)
      throws IOException, InterruptedException {
    ExternalTools.require("grub-mkstandalone");
    ExternalTools.requireFile("/usr/lib/grub/x86_64-efi/multiboot.mod");
    ExternalTools.require("mkfs.vfat");
    ExternalTools.require("mcopy");
    Files.createDirectories(workDir);
    Path cfg = workDir.resolve("grub-test.cfg");
    Files.writeString(cfg, grubCfg, StandardCharsets.UTF_8);
    Path efi = workDir.resolve("BOOTX64.EFI");
    run(
        workDir,
        "grub-mkstandalone",
        "-O",
        "x86_64-efi",
        "--locales=",
        "--fonts=",
        "--themes=",
        "--install-modules=multiboot iso9660 search search_fs_file fat echo halt test normal",
        "-o",
        efi.toString(),
        "boot/grub/grub.cfg=" + cfg);
    Path img = workDir.resolve("EFIBOOT.IMG");
    Files.deleteIfExists(img);
    run(workDir, "mkfs.vfat", "-C", "-n", "EFIBOOT", "-i", "12345678", img.toString(), "2048");
    run(workDir, "mmd", "-i", img.toString(), "::/EFI", "::/EFI/BOOT");
    run(workDir, "mcopy", "-i", img.toString(), efi.toString(), "::/EFI/BOOT/BOOTX64.EFI");
    return img;
  }

  static void run(Path dir, String... command) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", c) + " failed: " + out.strip());
    }
  }
}
