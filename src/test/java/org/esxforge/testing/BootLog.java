package org.esxforge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code TESTKERNEL:} lines of a serial log written by the esxforge test kernel (see {@code
 * org.esxforge.testkernel.TestKernel}), parsed. Control characters and ANSI escapes (SeaBIOS
 * sercon, OVMF) are stripped first. Immutable.
 */
public record BootLog(
    String text,
    List<String> lines,
    Optional<String> cmdline,
    List<Module> modules,
    List<String> checks,
    List<String> failures,
    boolean bootOk,
    Optional<String> bootFail,
    int bootCfgEntries) {

  /** One {@code TESTKERNEL: module i size=S crc32=C name=N} line. */
  public record Module(int index, long size, String crc32, String name) {}

  private static final Pattern ANSI =
      Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]");
  private static final Pattern MODULE =
      Pattern.compile("module (\\d+) size=(\\d+) crc32=([0-9a-f]{8}) name=(.*)");
  private static final String TAG = "TESTKERNEL: ";

  public BootLog {
    lines = List.copyOf(lines);
    modules = List.copyOf(modules);
    checks = List.copyOf(checks);
    failures = List.copyOf(failures);
  }

  /** Parses a raw serial log. */
  public static BootLog parse(String raw) {
    String text = ANSI.matcher(raw).replaceAll("").replace("\r", "");
    text = text.replaceAll("[\\x00-\\x08\\x0B-\\x1F\\x7F]", "");
    List<String> lines = new ArrayList<>();
    List<Module> modules = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Optional<String> cmdline = Optional.empty();
    Optional<String> fail = Optional.empty();
    boolean ok = false;
    int entries = -1;
    for (String line : text.split("\n")) {
      int at = line.indexOf(TAG);
      if (at < 0) {
        continue;
      }
      String l = line.substring(at + TAG.length()).strip();
      lines.add(l);
      Matcher m = MODULE.matcher(l);
      if (m.matches()) {
        modules.add(
            new Module(
                Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), m.group(3), m.group(4)));
      } else if (l.startsWith("cmdline=")) {
        cmdline = Optional.of(l.substring(8));
      } else if (l.startsWith("check ")) {
        checks.add(l.substring(6));
      } else if (l.startsWith("FAIL ")) {
        failures.add(l.substring(5));
      } else if (l.equals("BOOT-OK")) {
        ok = true;
      } else if (l.startsWith("BOOT-FAIL")) {
        fail = Optional.of(l.substring(9).strip());
      } else if (l.startsWith("bootcfg entries=")) {
        entries = Integer.parseInt(l.substring(16));
      }
    }
    return new BootLog(text, lines, cmdline, modules, checks, failures, ok, fail, entries);
  }

  /**
   * The names (first word) of the modules the kernel received, in order: for a loader that follows
   * BOOT.CFG, exactly BOOT.CFG's {@code modules=} paths.
   */
  public List<String> moduleNames() {
    return modules.stream().map(m -> m.name().split(" ")[0]).toList();
  }

  /** The module whose name (first word) equals {@code name}, ignoring case. */
  public Optional<Module> module(String name) {
    return modules.stream().filter(m -> m.name().split(" ")[0].equalsIgnoreCase(name)).findFirst();
  }
}
