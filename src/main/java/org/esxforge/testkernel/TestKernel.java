package org.esxforge.testkernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the project's multiboot (v1) test kernel from the C/assembly sources bundled under {@code
 * org/esxforge/testkernel/} with the host's gcc and binutils (no multilib needed). The result is a
 * stripped 32-bit ELF, bit-reproducible for a given toolchain.
 *
 * <p>What the kernel does when booted (by syslinux {@code mboot.c32}, GRUB {@code multiboot},
 * VMware mboot): it prints {@code TESTKERNEL: entered, magic=…}, {@code TESTKERNEL: cmdline=…} and
 * one {@code TESTKERNEL: module i size=S crc32=C name=N} line per module to COM1; finds the module
 * named {@code …boot.cfg} (if there are several they must be identical), parses it like VMware
 * mboot ({@code kernel=}, {@code modules=} split on {@code ---}, {@code prefix=}), checks that
 * {@code kernel=} names the first word of its command line and that every {@code modules=} entry
 * arrived (gzip modules are inflated and their trailer CRC-32/ISIZE checked), printing {@code
 * TESTKERNEL: check …} or {@code TESTKERNEL: FAIL …} lines and {@code TESTKERNEL: bootcfg
 * entries=N}. It ends with {@code TESTKERNEL: BOOT-OK} and QEMU exit status 33 through {@code
 * isa-debug-exit}, or {@code TESTKERNEL: BOOT-FAIL <reason>} and exit status 35.
 *
 * <p>Thread-safe (stateless); concurrent builds need different work directories.
 */
public final class TestKernel {
  /** The bundled source files. */
  static final List<String> SOURCES =
      List.of("start.S", "kmain.c", "inflate.c", "kernel.h", "link.ld");

  private static final List<String> CFLAGS =
      List.of(
          "-m32",
          "-ffreestanding",
          "-fno-builtin",
          "-fno-pic",
          "-fno-stack-protector",
          "-fno-asynchronous-unwind-tables",
          "-O2");

  private TestKernel() {}

  /**
   * Extracts the sources into {@code workDir} and builds {@code workDir/b.b00}; returns its path.
   * Fails with one line if gcc, ld or strip is missing or a step fails.
   */
  public static Path build(Path workDir) throws IOException {
    for (String tool : List.of("gcc", "ld", "strip")) {
      if (!onPath(tool)) {
        throw new IOException(
            tool
                + " not found on PATH; install the Debian packages 'gcc' and 'binutils' to build"
                + " the test kernel");
      }
    }
    Files.createDirectories(workDir);
    for (String s : SOURCES) {
      try (InputStream in = TestKernel.class.getResourceAsStream(s)) {
        if (in == null) {
          throw new IOException("test kernel source '" + s + "' missing from the classpath");
        }
        Files.copy(in, workDir.resolve(s), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    run(workDir, cc("kmain.c"));
    run(workDir, cc("inflate.c"));
    run(workDir, List.of("gcc", "-m32", "-c", "start.S", "-o", "start.o"));
    run(
        workDir,
        List.of(
            "ld",
            "-m",
            "elf_i386",
            "-T",
            "link.ld",
            "-o",
            "b.b00",
            "start.o",
            "kmain.o",
            "inflate.o"));
    run(workDir, List.of("strip", "b.b00"));
    return workDir.resolve("b.b00");
  }

  private static List<String> cc(String source) {
    List<String> c = new ArrayList<>(List.of("gcc"));
    c.addAll(CFLAGS);
    c.addAll(List.of("-c", source, "-o", source.replace(".c", ".o")));
    return c;
  }

  private static boolean onPath(String tool) {
    return org.esxforge.io.ExecutableSearch.onPath(tool).isPresent();
  }

  private static void run(Path dir, List<String> command) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("SOURCE_DATE_EPOCH", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("test kernel build step timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new InterruptedIOException("interrupted while building the test kernel");
    }
    if (p.exitValue() != 0) {
      String msg = String.join(" | ", out.strip().lines().toList());
      throw new IOException("test kernel build failed (" + String.join(" ", command) + "): " + msg);
    }
  }
}
