package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Fixtures;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export fidelity and options: the sample 7.0 GA standard profile's exported BOOT.CFG equals the
 * real GA BOOT.CFG; {@code --iso-writer xorriso} with {@code --kickstart} and {@code --kernelopt}
 * boots; the ISO verifier passes built ISOs and fails doctored ones clearly; {@code diff} between
 * the two sample patch levels.
 */
class BuildExportIT {
  @TempDir static Path tmp;
  static String depot;
  static Path gaIso;
  static Samples.Run gaRun;

  @BeforeAll
  static void buildGa() {
    depot = Samples.depot(SampleVersion.V7_0).folder().toString();
    gaIso = tmp.resolve("ga.iso");
    gaRun =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--base",
            "ESXi-7.0.0-15843807-standard",
            "--name",
            "ESXi-7.0.0-15843807-standard",
            "--iso",
            gaIso.toString());
  }

  static byte[] file(Path iso, String path) throws Exception {
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      IsoFileSystem.Entry e = fs.entry(path);
      assertTrue(e != null, path + " missing");
      return fs.read(e, 1 << 20);
    }
  }

  @Test
  void build_sample70GaStandard_bootCfgEqualsRealGaBootCfg() throws Exception {
    assertEquals(0, gaRun.code(), gaRun.toString());
    byte[] real = Files.readAllBytes(Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg"));
    assertEquals(
        new String(real, StandardCharsets.UTF_8),
        new String(file(gaIso, "/BOOT.CFG"), StandardCharsets.UTF_8));
    assertArrayEquals(real, file(gaIso, "/EFI/BOOT/BOOT.CFG"));
    assertEquals(List.of(), IsoVerifier.verify(gaIso).problems());
  }

  @Test
  void verify_bootCfgNamesModuleNotOnIso_failsNamingIt() throws Exception {
    Path bad = tmp.resolve("doctored.iso");
    Files.copy(gaIso, bad, StandardCopyOption.REPLACE_EXISTING);
    IsoFileSystem.Entry cfg;
    try (IsoFileSystem fs = IsoFileSystem.open(bad)) {
      cfg = fs.entry("/BOOT.CFG");
    }
    byte[] text = file(bad, "/BOOT.CFG");
    String s = new String(text, StandardCharsets.US_ASCII);
    assertTrue(s.contains("/jumpstrt.gz"), s);
    byte[] doctored = s.replace("/jumpstrt.gz", "/jumpstrX.gz").getBytes(StandardCharsets.US_ASCII);
    try (FileChannel ch = FileChannel.open(bad, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(doctored), cfg.lba() * 2048);
    }
    IsoVerification v = IsoVerifier.verify(bad);
    assertFalse(v.ok());
    assertTrue(
        v.problems()
            .contains("/BOOT.CFG module /jumpstrX.gz is not on the ISO; the boot would stop there"),
        v.problems().toString());
    assertTrue(
        v.problems().stream().anyMatch(p -> p.contains("EFI/BOOT/BOOT.CFG differs")),
        v.problems().toString());
    // IMGDB.TGZ's profile and descriptors give VMware's order with jumpstrt.gz, not jumpstrX.gz
    assertTrue(
        v.problems().stream()
            .anyMatch(
                p ->
                    p.startsWith("/BOOT.CFG loads /b.b00" + " /jumpstrx.gz /useropts.gz")
                        && p.contains(
                            "; VMware's module order for the IMGDB.TGZ"
                                + " profile is /b.b00 /jumpstrt.gz /useropts.gz")),
        v.problems().toString());
    assertTrue(v.summary().contains("3 problems"), v.summary());
  }

  @Test
  void verify_truncatedIso_oneLineFormatException() throws Exception {
    Path cut = tmp.resolve("cut.iso");
    byte[] head = new byte[17 * 2048];
    try (FileChannel ch = FileChannel.open(gaIso)) {
      ch.read(ByteBuffer.wrap(head), 0);
    }
    Files.write(cut, head);
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.esxforge.io.FormatException.class, () -> IsoVerifier.verify(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void build_xorrisoKickstartKernelopt_bootsBiosWithKsInBothBootCfgs() throws Exception {
    ExternalTools.require("xorriso");
    Qemu.require(Qemu.Firmware.BIOS);
    Path ks = tmp.resolve("ks.cfg");
    Files.writeString(ks, "vmaccepteula\ninstall --firstdisk --overwritevmfs\nrootpw VMware1!\n");
    Path iso = tmp.resolve("xorriso.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            Samples.emulex(),
            "--name",
            "ESXi-7.0b-ks",
            "--add",
            "be2net",
            "--iso-writer",
            "xorriso",
            "--kickstart",
            ks.toString(),
            "--kernelopt",
            "allowLegacyCPU=true",
            "--iso",
            iso.toString());
    assertEquals(0, r.code(), r.toString());
    String cfg = new String(file(iso, "/BOOT.CFG"), StandardCharsets.US_ASCII);
    String kernelopt =
        cfg.lines().filter(l -> l.startsWith("kernelopt=")).findFirst().orElseThrow();
    assertTrue(
        kernelopt.contains("ks=cdrom:/KS.CFG") && kernelopt.contains("allowLegacyCPU=true"),
        kernelopt);
    assertArrayEquals(Files.readAllBytes(ks), file(iso, "/KS.CFG"));
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(List.of(), v.problems(), v.summary());
    Qemu.Result boot = Qemu.boot(iso, Qemu.Firmware.BIOS, tmp.resolve("qemu-xorriso"));
    assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
    assertEquals(List.of(), boot.log().failures(), boot.describe());
    assertEquals(v.modules(), boot.log().moduleNames(), boot.describe());
    assertTrue(boot.log().module("/be2net.v00").isPresent(), boot.describe());
    System.out.println("xorriso ISO BIOS boot " + boot.elapsed().toMillis() + " ms");
  }

  @Test
  void build_genisoimageWriterJson_verifiesAndReportsOutputs() throws Exception {
    ExternalTools.require("genisoimage");
    Path iso = tmp.resolve("geniso.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--name",
            "ESXi-7.0b-geniso",
            "--iso-writer",
            "genisoimage",
            "--iso",
            iso.toString(),
            "--json",
            "-q");
    assertEquals(0, r.code(), r.toString());
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertEquals("ESXi-7.0b-geniso", n.get("profile").asText());
    assertEquals("ESXi-7.0b-16324942-standard", n.get("base").asText());
    JsonNode out = n.get("outputs").get(0);
    assertEquals("iso", out.get("kind").asText());
    assertEquals(Files.size(iso), out.get("size").asLong());
    assertEquals(
        org.esxforge.io.Sha256.of(Files.readAllBytes(iso)).hex(), out.get("sha256").asText());
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(List.of(), v.problems(), v.summary());
    assertEquals(n.get("bootModules").asInt(), v.modules().size() + 1);
  }

  @Test
  void build_looseVibPayloadTampered_refusedNamingPayloadAndNoIsoEvenForced() throws Exception {
    Path vib = tmp.resolve("tampered.vib");
    byte[] bytes = Files.readAllBytes(Path.of(Samples.communityVib()));
    bytes[bytes.length - 10] ^= 0x55;
    Files.write(vib, bytes);
    Path iso = tmp.resolve("tampered/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--name",
            "X",
            "--add",
            vib.toString(),
            "--acceptance",
            "community",
            "--iso",
            iso.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l ->
                    l.contains("net-r8168-sample")
                        && l.contains(vib.toString())
                        && l.contains("get an intact copy")),
        r.toString());
    Samples.Run forced =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--name",
            "X",
            "--add",
            vib.toString(),
            "--acceptance",
            "community",
            "--iso",
            iso.toString(),
            "--force");
    assertEquals(5, forced.code(), forced.toString());
    assertFalse(Files.exists(iso));
  }

  @Test
  void build_sample80WithRealFlingComponent_verifiesAndBootsUefi() throws Exception {
    Qemu.require(Qemu.Firmware.UEFI);
    String d80 = Samples.depot(SampleVersion.V8_0).folder().toString();
    Path iso = tmp.resolve("eighty.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            d80,
            "--base",
            "latest:8.0",
            "--name",
            "ESXi-8.0U3b-fling",
            "--add",
            Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip").toString(),
            "--iso",
            iso.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("cloned from ESXi-8.0U3b-24280767-standard"), r.out());
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(List.of(), v.problems(), v.summary());
    assertTrue(
        v.modules().containsAll(List.of("/basemisc.tgz", "/resvibs.tgz", "/imgpayld.tgz")),
        v.modules().toString());
    Qemu.Result boot = Qemu.boot(iso, Qemu.Firmware.UEFI, tmp.resolve("qemu-80"));
    assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
    assertEquals(List.of(), boot.log().failures(), boot.describe());
    assertEquals(v.modules(), boot.log().moduleNames(), boot.describe());
    assertTrue(boot.log().module("/vmkusb_n.v00").isPresent(), boot.describe());
    System.out.println(
        "8.0 ISO " + Files.size(iso) + " bytes, UEFI boot " + boot.elapsed().toMillis() + " ms");
  }

  @Test
  void diff_samplePatchLevels_upgradesAndAddedDriver() throws Exception {
    Samples.Run text =
        Samples.cli(
            "diff", "-d", depot, "ESXi-7.0.0-15843807-standard", "ESXi-7.0b-16324942-standard");
    assertEquals(0, text.code(), text.toString());
    assertTrue(
        text.out().lines().anyMatch(l -> l.startsWith("+ ") && l.contains("_ionic-en_")),
        text.out());
    Samples.Run json =
        Samples.cli("diff", "-d", depot, "--json", "ESXi-7.0.0-15843807-standard", "latest");
    assertEquals(0, json.code(), json.toString());
    JsonNode n = new ObjectMapper().readTree(json.out());
    List<String> upgraded = new ArrayList<>();
    n.get("upgraded").forEach(c -> upgraded.add(c.get("name").asText()));
    assertTrue(upgraded.containsAll(List.of("esx-base", "ne1000", "vmkusb")), upgraded.toString());
    List<String> added = new ArrayList<>();
    n.get("added").forEach(c -> added.add(c.asText()));
    assertEquals(1, added.size(), added.toString());
    assertTrue(added.get(0).contains("_ionic-en_"), added.toString());
    assertEquals(0, n.get("removed").size(), n.toString());
    assertEquals(0, n.get("downgraded").size(), n.toString());
    assertEquals("ESXi-7.0b-16324942-standard", n.get("compared").asText());

    Samples.Run missing = Samples.cli("diff", "-d", depot, "nope", "latest");
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("profile nope: no such image profile"), missing.toString());
  }
}
