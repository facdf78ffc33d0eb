package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build --dry-run} writes nothing and plans exactly what the real build then writes; the
 * same build with {@code --add DIR} (a package folder of the sample bundles and the loose community
 * VIB) and {@code --pxe DIR} writes a PXE tree laid out as VMware's PXE guides say, whose files are
 * the ISO's, deterministic, atomic and refused over a foreign folder.
 */
class DryRunPxeIT {
  @TempDir static Path tmp;
  static Path out;
  static Path drivers;
  static Samples.Run dry;
  static Samples.Run real;
  static JsonNode dryJson;
  static JsonNode realJson;

  static List<String> args(Path o, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "build",
                "-d",
                Samples.depot(SampleVersion.V7_0).folder().toString(),
                "--base",
                "latest",
                "--name",
                "ESXi-7.0b-HP-Emulex",
                "--add",
                drivers.toString(),
                "--remove",
                "hpnmi",
                "--acceptance",
                "community",
                "--kickstart",
                kickstart().toString(),
                "--iso",
                o.resolve("x.iso").toString(),
                "--bundle",
                o.resolve("x.zip").toString(),
                "--pxe",
                o.resolve("pxe").toString(),
                "--json"));
    a.addAll(List.of(more));
    return a;
  }

  static Path kickstart() {
    return tmp.resolve("ks.cfg");
  }

  @BeforeAll
  static void build() throws Exception {
    drivers = tmp.resolve("drivers");
    Files.createDirectories(drivers);
    for (String s : List.of(Samples.hp(), Samples.emulex(), Samples.communityVib())) {
      Files.copy(Path.of(s), drivers.resolve(Path.of(s).getFileName()));
    }
    Files.writeString(kickstart(), "vmaccepteula\n");
    out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "not esxforge's\n");
    Files.setLastModifiedTime(out, FileTime.fromMillis(1_000_000_000_000L));
    dry = Samples.cli(args(out, "--dry-run").toArray(String[]::new));
    dryJson = new ObjectMapper().readTree(dry.out());
    real = Samples.cli(args(out).toArray(String[]::new));
    realJson = new ObjectMapper().readTree(real.out());
  }

  /** Every path below {@code root} with its size and mtime (directories too). */
  static Map<String, String> listing(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        m.put(
            root.relativize(p).toString(),
            (Files.isDirectory(p) ? "dir" : Files.size(p)) + " " + Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  @Test
  void dryRun_writesNothing() {
    assertEquals(0, dry.code(), dry.toString());
    assertTrue(dryJson.get("dryRun").asBoolean());
    Samples.Run again = Samples.cli(args(tmp.resolve("never"), "--dry-run").toArray(String[]::new));
    assertEquals(0, again.code(), again.toString());
    assertFalse(Files.exists(tmp.resolve("never")), "a dry run created the output directory");
  }

  @Test
  void dryRun_outputDirectoryUnchanged() throws Exception {
    Path o2 = tmp.resolve("out2");
    Files.createDirectories(o2);
    Files.writeString(o2.resolve("keep.txt"), "x");
    Map<String, String> was = listing(o2);
    Samples.Run r = Samples.cli(args(o2, "--dry-run").toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    assertEquals(was, listing(o2));
  }

  @Test
  void dryRun_planEqualsWhatTheBuildWrote() throws Exception {
    assertEquals(0, real.code(), real.toString());
    assertFalse(realJson.get("dryRun").asBoolean());
    for (String key :
        List.of(
            "profile",
            "base",
            "acceptanceLevel",
            "vibs",
            "changes",
            "notes",
            "problems",
            "bootModules",
            "volumeId",
            "isoFiles",
            "bootCfg",
            "bootCfgModules")) {
      assertEquals(realJson.get(key), dryJson.get(key), key);
    }
    JsonNode d = dryJson.get("outputs");
    JsonNode w = realJson.get("outputs");
    assertEquals(3, w.size());
    for (int i = 0; i < w.size(); i++) {
      assertEquals(w.get(i).get("kind"), d.get(i).get("kind"));
      assertEquals(w.get(i).get("path"), d.get(i).get("path"));
      assertEquals(w.get(i).get("size"), d.get(i).get("size"), w.get(i).get("kind").asText());
      assertTrue(d.get(i).get("sha256").isNull());
    }
    assertEquals(Files.size(out.resolve("x.iso")), w.get(0).get("size").asLong());
    // the plan's module list is the ISO's BOOT.CFG
    try (IsoFileSystem fs = IsoFileSystem.open(out.resolve("x.iso"))) {
      String cfg = new String(fs.read(fs.entry("/BOOT.CFG"), 1 << 20), StandardCharsets.UTF_8);
      assertEquals(cfg, dryJson.get("bootCfg").asText());
      assertTrue(cfg.contains(" --- /r8168.t00 --- "), cfg);
    }
  }

  /**
   * A dry run that asks only for a bundle has no installer image (the plan step makes none):
   * before, it failed with an internal error when it reached the write step.
   */
  @Test
  void dryRun_bundleOnly_plansTheBundleTheBuildWrote() throws Exception {
    Path o = tmp.resolve("never3");
    List<String> a = new ArrayList<>(args(o, "--dry-run"));
    for (String flag : List.of("--iso", "--pxe", "--kickstart")) {
      int i = a.indexOf(flag);
      a.subList(i, i + 2).clear();
    }
    Samples.Run r = Samples.cli(a.toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    assertFalse(Files.exists(o), "a dry run created the output directory");
    JsonNode outputs = new ObjectMapper().readTree(r.out()).get("outputs");
    assertEquals(1, outputs.size(), outputs.toString());
    assertEquals("bundle", outputs.get(0).get("kind").asText());
    assertEquals(
        o.resolve("x.zip").toAbsolutePath().toString(), outputs.get(0).get("path").asText());
    assertEquals(Files.size(out.resolve("x.zip")), outputs.get(0).get("size").asLong());
  }

  @Test
  void dryRun_text_listsModulesAndSizes() {
    Samples.Run r =
        Samples.cli(
            args(tmp.resolve("never2"), "--dry-run").stream()
                .filter(a -> !a.equals("--json"))
                .toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out()
            .startsWith(
                "dry run: nothing written; a build with the same options"
                    + " writes:\nISO:     "
                    + tmp.resolve("never2/x.iso")
                    + " ("),
        r.out());
    assertTrue(r.out().contains("\n  module   1 /jumpstrt.gz\n"), r.out());
    assertTrue(r.out().contains("\n  kernel=/b.b00\n"), r.out());
    assertTrue(
        r.out()
            .contains(
                "note: removed VMW_bootbank_lpfc_12.4.293.3-5vmw.700.1.0.15843807:"
                    + " EMU_bootbank_lpfc820_8.2.4.157.65-1OEM.700.1.0.15843807 replaces lpfc"),
        r.out());
    assertFalse(r.out().contains("sha256"), r.out());
  }

  @Test
  void addDir_addsEveryPackageNewestPerName() {
    List<String> vibs = new ArrayList<>();
    realJson.get("vibs").forEach(v -> vibs.add(v.asText()));
    for (String id :
        List.of(
            "EMU_bootbank_be2net_12.0.1115.0-1OEM.700.1.0.15843807",
            "EMU_bootbank_lpfc820_8.2.4.157.65-1OEM.700.1.0.15843807",
            "Hewlett-Packard_bootbank_char-hpilo_700.10.7.0.6-1OEM.700.0.0.15525992",
            "VFrontDe_bootbank_net-r8168-sample_8.045a-1community")) {
      assertTrue(vibs.contains(id), id);
    }
    assertFalse(vibs.stream().anyMatch(v -> v.contains("_hpnmi_")));
    assertFalse(vibs.stream().anyMatch(v -> v.contains("_lpfc_")));
  }

  @Test
  void pxe_treeFollowsVmwaresLayout() throws Exception {
    Path pxe = out.resolve("pxe");
    String cfg = Files.readString(pxe.resolve("boot.cfg"));
    assertEquals(cfg, Files.readString(pxe.resolve("esxi/boot.cfg")));
    assertEquals(cfg, Files.readString(pxe.resolve("esxi/efi/boot/boot.cfg")));
    String iso;
    try (IsoFileSystem fs = IsoFileSystem.open(out.resolve("x.iso"))) {
      iso = new String(fs.read(fs.entry("/BOOT.CFG"), 1 << 20), StandardCharsets.UTF_8);
      // every ISO file is in esxi/, lower-case, byte for byte (BOOT.CFGs aside)
      for (IsoFileSystem.Entry e : fs.entries().values()) {
        // ISOLINUX.BIN carries the ISO's boot-info-table; the tree has the payload as it is
        if (e.directory()
            || e.path().equals("/BOOT.CAT")
            || e.path().endsWith("BOOT.CFG")
            || e.path().equals("/ISOLINUX.BIN")) {
          continue;
        }
        Path f = pxe.resolve("esxi" + e.path().toLowerCase(java.util.Locale.ROOT));
        assertArrayEquals(fs.read(e, 1 << 24), Files.readAllBytes(f), e.path());
      }
      assertArrayEquals(
          fs.read(fs.entry("/EFI/BOOT/BOOTX64.EFI"), 1 << 24),
          Files.readAllBytes(pxe.resolve("mboot.efi")));
    }
    // §8.7: prefix set, leading '/' dropped, only cdromBoot (and the CD kickstart) removed
    String expected =
        iso.replace("prefix=\n", "prefix=esxi\n")
            .replace("kernel=/b.b00", "kernel=b.b00")
            .replace("=/", "=")
            .replace(" --- /", " --- ")
            .replace("kernelopt=cdromBoot runweasel ks=cdrom:/KS.CFG", "kernelopt=runweasel");
    assertEquals(expected, cfg);
    for (String m :
        cfg.lines()
            .filter(l -> l.startsWith("modules="))
            .findFirst()
            .orElseThrow()
            .substring(8)
            .split(" --- ")) {
      assertTrue(Files.isRegularFile(pxe.resolve("esxi").resolve(m)), m);
    }
    assertEquals(
        String.join(
            "\n",
            "DEFAULT install",
            "NOHALT 1",
            "LABEL install",
            "  KERNEL esxi/mboot.c32",
            "  APPEND -c esxi/boot.cfg",
            "  MENU LABEL ESXi-7.0b-HP-Emulex ^Installer",
            "  IPAPPEND 2",
            ""),
        Files.readString(pxe.resolve("pxelinux.cfg/default")));
    String readme = Files.readString(pxe.resolve("README.txt"));
    assertTrue(readme.contains("filename \"mboot.efi\";"), readme);
    assertTrue(readme.contains("dhcp-boot=tag:efi,mboot.efi"), readme);
    assertTrue(readme.contains("next-server"), readme);
    assertFalse(readme.contains(tmp.toString()), "README names a local path");
    assertTrue(Files.isRegularFile(pxe.resolve("esxi/ks.cfg")));
    try (Stream<Path> s = Files.list(out)) {
      // each output has the software spec it was built from beside it (issue 11)
      assertEquals(
          List.of("keep.txt", "pxe", "x.iso", "x.iso.spec.json", "x.zip", "x.zip.spec.json"),
          s.map(p -> p.getFileName().toString()).sorted().toList(),
          "temp files left");
    }
  }

  /** The same build writing only a PXE tree at {@code pxe}. */
  static Samples.Run pxeOnly(Path pxe, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "build",
                "-d",
                Samples.depot(SampleVersion.V7_0).folder().toString(),
                "--base",
                "latest",
                "--name",
                "ESXi-7.0b-HP-Emulex",
                "--add",
                drivers.toString(),
                "--remove",
                "hpnmi",
                "--acceptance",
                "community",
                "--kickstart",
                kickstart().toString(),
                "--pxe",
                pxe.toString()));
    a.addAll(List.of(more));
    return Samples.cli(a.toArray(String[]::new));
  }

  @Test
  void pxe_sameInputsSameTree_replacesOwnTree_refusesForeignFolder() throws Exception {
    String sha = realJson.get("outputs").get(2).get("sha256").asText();
    Path o2 = tmp.resolve("again");
    Samples.Run r = pxeOnly(o2.resolve("pxe"), "--json");
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        sha, new ObjectMapper().readTree(r.out()).get("outputs").get(0).get("sha256").asText());
    assertEquals(listing(out.resolve("pxe")), listing(o2.resolve("pxe")));
    // again over its own tree: replaced, same bytes
    Samples.Run r2 = pxeOnly(o2.resolve("pxe"));
    assertEquals(0, r2.code(), r2.toString());
    assertEquals(listing(out.resolve("pxe")), listing(o2.resolve("pxe")));
    // a folder with someone else's files is never replaced
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    Samples.Run r3 =
        Samples.cli(
            "build",
            "-d",
            Samples.depot(SampleVersion.V7_0).folder().toString(),
            "--base",
            "latest",
            "--name",
            "X",
            "--pxe",
            foreign.toString());
    assertEquals(1, r3.code(), r3.toString());
    assertEquals(
        "esxforge: --pxe "
            + foreign.toAbsolutePath()
            + ": directory is not empty"
            + " and is not a PXE tree esxforge wrote; give a new or empty directory\n",
        r3.err());
    try (Stream<Path> left = Files.list(foreign)) {
      assertEquals(List.of("notes.txt"), left.map(p -> p.getFileName().toString()).toList());
    }
  }
}
