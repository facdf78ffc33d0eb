package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.testing.ExternalTools;

/** Independent readers of ISO images (xorriso, dumpet, isoinfo) for tests. Stateless. */
final class IsoOracles {
  private IsoOracles() {}

  /** Runs a command, returns stdout+stderr; fails the test on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    ExternalTools.require(command[0]);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timeout: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
    return out;
  }

  /** One boot image line of {@code xorriso -report_el_torito plain}. */
  record EltoritoImage(
      int n, String platform, String bootable, String emul, int loadSize, long lba) {}

  static final Pattern IMG =
      Pattern.compile(
          "El Torito boot img :\\s+(\\d+)\\s+(\\S+)\\s+(\\S)\\s+(\\S+)\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+\\s+(\\d+)\\s+(\\d+)");

  /** The boot images as xorriso reports them. */
  static List<EltoritoImage> xorrisoBootImages(Path iso) throws Exception {
    String out = run("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
    List<EltoritoImage> list = new ArrayList<>();
    Matcher m = IMG.matcher(out);
    while (m.find()) {
      list.add(
          new EltoritoImage(
              Integer.parseInt(m.group(1)),
              m.group(2),
              m.group(3),
              m.group(4),
              Integer.parseInt(m.group(5)),
              Long.parseLong(m.group(6))));
    }
    return list;
  }

  /**
   * The ESXi catalog: entry 1 BIOS no-emulation load size 4 with a boot-info-table (/ISOLINUX.BIN),
   * entry 2 UEFI (0xEF) no-emulation (/EFIBOOT.IMG), checked by xorriso and by dumpet's raw decode
   * (final section header 0x91, platform 0xef).
   */
  static void assertEsxiCatalog(Path iso) throws Exception {
    String x = run("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
    List<EltoritoImage> imgs = xorrisoBootImages(iso);
    assertEquals(2, imgs.size(), x);
    assertEquals("BIOS y none 4", desc(imgs.get(0)), x);
    assertEquals("UEFI", imgs.get(1).platform(), x);
    assertEquals("none", imgs.get(1).emul(), x);
    assertTrue(x.contains("El Torito img path :   1  /ISOLINUX.BIN"), x);
    assertTrue(x.matches("(?s).*El Torito img opts :\\s+1\\s+boot-info-table.*"), x);
    assertTrue(x.contains("El Torito img path :   2  /EFIBOOT.IMG"), x);
    assertTrue(x.contains("El Torito cat path : /BOOT.CAT"), x);
    String d = run("dumpet", "-i", iso.toString());
    assertTrue(d.contains("PlatformId: 0x00 (80x86)"), d);
    assertTrue(d.contains("Header Indicator: 0x91 (Final Section Header Entry)"), d);
    assertTrue(d.contains("PlatformId: 0xef (EFI)"), d);
    assertTrue(d.contains("Load Sectors: 4 (0x0004)"), d);
  }

  private static String desc(EltoritoImage i) {
    return i.platform() + " " + i.bootable() + " " + i.emul() + " " + i.loadSize();
  }

  /** {@code isoinfo -f}: every path with version, sorted. */
  static List<String> isoinfoFiles(Path iso) throws Exception {
    return run("isoinfo", "-f", "-i", iso.toString())
        .lines()
        .filter(l -> l.startsWith("/"))
        .sorted()
        .toList();
  }
}
