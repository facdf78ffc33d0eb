package org.esxforge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Boots an ISO in QEMU under TCG (never KVM: it fails on these VMs) with no network, the serial
 * port in a file and {@code isa-debug-exit} at 0xf4, and returns the exit status and serial log.
 * BIOS is SeaBIOS with sercon mirroring the screen to COM1; UEFI is OVMF 4M with a per-run copy of
 * the variable store. Tools missing: skip locally, fail under {@code CI=true}.
 *
 * <p>Thread-safe (stateless); concurrent boots need different work directories.
 */
public final class Qemu {
  /** Which firmware boots the CD. */
  public enum Firmware {
    BIOS(Duration.ofSeconds(60)),
    UEFI(Duration.ofSeconds(120));

    private final Duration timeout;

    Firmware(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration timeout() {
      return timeout;
    }
  }

  /** QEMU exit status when the test kernel wrote 0x10 (BOOT-OK). */
  public static final int EXIT_BOOT_OK = 33;

  /** QEMU exit status when the test kernel wrote 0x11 (BOOT-FAIL). */
  public static final int EXIT_BOOT_FAIL = 35;

  static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
  static final String OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

  /**
   * The outcome of one boot: exit status (-1 on timeout), raw serial log, parsed log (use its
   * {@code text()} for assertions: SeaBIOS sercon puts cursor moves inside lines), wall time.
   */
  public record Result(
      int exitStatus, boolean timedOut, String serial, BootLog log, Duration elapsed) {
    /**
     * A description for assertion messages: the status and the log without escapes, its head and
     * tail when it is long (the firmware's and loader's banners come first, the kernel's last).
     */
    public String describe() {
      String text = log.text();
      String shown =
          text.length() > 6000
              ? text.substring(0, 2000)
                  + "\n[… "
                  + (text.length() - 6000)
                  + " chars …]\n"
                  + text.substring(text.length() - 4000)
              : text;
      return "qemu exit "
          + exitStatus
          + (timedOut ? " (timeout)" : "")
          + " after "
          + elapsed.toMillis()
          + " ms; serial log (escapes removed):\n"
          + shown;
    }
  }

  private Qemu() {}

  /** Skips (locally) or fails (CI) unless QEMU and the firmware for {@code fw} are present. */
  public static void require(Firmware fw) {
    ExternalTools.require("qemu-system-x86_64");
    if (fw == Firmware.UEFI) {
      ExternalTools.requireFile(OVMF_CODE);
      ExternalTools.requireFile(OVMF_VARS);
    }
  }

  /** Boots {@code iso} with {@code fw}; work files go to {@code <iso>.qemu/} beside it. */
  public static Result boot(Path iso, Firmware fw) throws IOException, InterruptedException {
    return boot(iso, fw, iso.resolveSibling(iso.getFileName() + ".qemu"));
  }

  /** Boots {@code iso} with {@code fw} and the firmware's default timeout. */
  public static Result boot(Path iso, Firmware fw, Path workDir)
      throws IOException, InterruptedException {
    return boot(iso, fw, workDir, fw.timeout(), 1024);
  }

  /** Boots {@code iso}; {@code memoryMiB} of guest RAM; kills QEMU after {@code timeout}. */
  public static Result boot(Path iso, Firmware fw, Path workDir, Duration timeout, int memoryMiB)
      throws IOException, InterruptedException {
    require(fw);
    Files.createDirectories(workDir);
    Path serial = workDir.resolve("serial-" + fw.name().toLowerCase(Locale.ROOT) + ".log");
    Files.deleteIfExists(serial);
    List<String> c = new ArrayList<>(List.of("qemu-system-x86_64"));
    if (fw == Firmware.BIOS) {
      Path sercon = workDir.resolve("sercon-port.bin");
      Files.write(sercon, new byte[] {(byte) 0xf8, 0x03});
      c.addAll(
          List.of("-machine", "pc,accel=tcg", "-fw_cfg", "name=etc/sercon-port,file=" + sercon));
    } else {
      Path vars = workDir.resolve("OVMF_VARS_4M.fd");
      Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      c.addAll(
          List.of(
              "-machine", "q35,accel=tcg",
              "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
              "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
    }
    c.addAll(
        List.of(
            "-m",
            Integer.toString(memoryMiB),
            "-display",
            "none",
            "-vga",
            "none",
            "-no-reboot",
            "-nic",
            "none",
            "-boot",
            "d",
            "-cdrom",
            iso.toAbsolutePath().toString(),
            "-serial",
            "file:" + serial,
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04"));
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(c)
            .redirectErrorStream(true)
            .redirectOutput(
                workDir.resolve("qemu-" + fw.name().toLowerCase(Locale.ROOT) + ".out").toFile())
            .start();
    boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String raw =
        Files.exists(serial)
            ? new String(Files.readAllBytes(serial), StandardCharsets.ISO_8859_1)
            : "";
    return new Result(exited ? p.exitValue() : -1, !exited, raw, BootLog.parse(raw), elapsed);
  }

  /**
   * Network-boots {@code tftpRoot} with {@code fw}: QEMU's user-mode network (slirp) answers DHCP
   * with {@code bootfile} and serves {@code tftpRoot} over TFTP at 10.0.2.2. UEFI is OVMF's own PXE
   * over a virtio-net NIC (no option ROM); BIOS is SeaBIOS with the iPXE ROM QEMU ships for the
   * virtio-net NIC. No disk, no CD.
   */
  public static Result bootPxe(Path tftpRoot, String bootfile, Firmware fw, Path workDir)
      throws IOException, InterruptedException {
    require(fw);
    Files.createDirectories(workDir);
    Path serial = workDir.resolve("serial-pxe-" + fw.name().toLowerCase(Locale.ROOT) + ".log");
    Files.deleteIfExists(serial);
    List<String> c = new ArrayList<>(List.of("qemu-system-x86_64"));
    String nic = "virtio-net-pci,netdev=n0,bootindex=1";
    if (fw == Firmware.BIOS) {
      Path sercon = workDir.resolve("sercon-port.bin");
      Files.write(sercon, new byte[] {(byte) 0xf8, 0x03});
      c.addAll(
          List.of("-machine", "pc,accel=tcg", "-fw_cfg", "name=etc/sercon-port,file=" + sercon));
    } else {
      Path vars = workDir.resolve("OVMF_VARS_4M.fd");
      Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      c.addAll(
          List.of(
              "-machine", "q35,accel=tcg",
              "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
              "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
      nic += ",romfile=";
    }
    c.addAll(
        List.of(
            "-m",
            "1024",
            "-display",
            "none",
            "-vga",
            "none",
            "-no-reboot",
            "-netdev",
            "user,id=n0,tftp=" + tftpRoot.toAbsolutePath() + ",bootfile=" + bootfile,
            "-device",
            nic,
            "-serial",
            "file:" + serial,
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04"));
    return run(
        c, serial, workDir.resolve("qemu-pxe-" + fw.name().toLowerCase(Locale.ROOT) + ".out"), fw);
  }

  private static Result run(List<String> c, Path serial, Path out, Firmware fw)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean exited = p.waitFor(fw.timeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    String raw =
        Files.exists(serial)
            ? new String(Files.readAllBytes(serial), StandardCharsets.ISO_8859_1)
            : "";
    return new Result(exited ? p.exitValue() : -1, !exited, raw, BootLog.parse(raw), elapsed);
  }
}
