package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Sha256;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's seed scenario end to end through {@code esxforge build}: the newest standard profile of
 * the sample 7.0 depot, plus the sample HP drivers (all but {@code hpnmi}, which needs an
 * unprovided vmkapi), all sample Emulex drivers and VMware's real 7.0 NVMe community component; ISO
 * and bundle exported, booted in qemu BIOS and UEFI through the sample chain into the test kernel,
 * which checks every BOOT.CFG module; the bundle re-imports to the same profile and VIBs; a second
 * build gives the same bytes.
 */
class BuildSeedIT {
  @TempDir static Path tmp;
  static SampleDepotResult depot;
  static Path iso;
  static Path bundle;
  static Samples.Run run;

  static String[] args(Path isoOut, Path bundleOut) {
    return new String[] {
      "build",
      "-d",
      depot.folder().toString(),
      "-d",
      Samples.hp(),
      "-d",
      Samples.emulex(),
      "--base",
      "latest",
      "--name",
      "ESXi-7.0b-HP-Emulex",
      "--vendor",
      "esxforge test",
      "--add",
      Samples.hp(),
      "--add",
      Samples.emulex(),
      "--add",
      Samples.nvme70(),
      "--remove",
      "hpnmi",
      "--iso",
      isoOut.toString(),
      "--bundle",
      bundleOut.toString()
    };
  }

  @BeforeAll
  static void build() {
    depot = Samples.depot(SampleVersion.V7_0);
    iso = tmp.resolve("out/seed.iso");
    bundle = tmp.resolve("out/seed-bundle.zip");
    run = Samples.cli(args(iso, bundle));
  }

  @Test
  void build_seedScenario_writesIsoAndBundleAndSaysWhere() throws Exception {
    assertEquals(0, run.code(), run.toString());
    assertTrue(Files.size(iso) > 0 && Files.size(bundle) > 0);
    String out = run.out();
    assertTrue(out.contains("ISO:     " + iso.toAbsolutePath()), out);
    assertTrue(out.contains(Sha256.of(Files.readAllBytes(iso)).hex()), out);
    assertTrue(out.contains("cloned from ESXi-7.0b-16324942-standard"), out);
    for (String added :
        List.of("char-hpilo", "hp-ams", "be2net", "be2iscsi", "lpfc820", "nvme-community")) {
      assertTrue(
          out.lines().anyMatch(l -> l.startsWith("  added") && l.contains("_" + added + "_")),
          added + "\n" + out);
    }
    assertTrue(out.lines().anyMatch(l -> l.startsWith("  removed") && l.contains("_lpfc_")), out);
    assertFalse(out.contains("hpnmi_"), out);
    assertTrue(out.contains("replaces lpfc"), out);
    assertFalse(run.err().contains("WARNING"), run.err());
  }

  @Test
  void build_seedIso_verifierAndBootCfgAgree() throws Exception {
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(List.of(), v.problems(), v.summary());
    assertEquals("ESXi-7.0b-HP-Emulex", v.profile());
    assertEquals("ESXI-7.0B-HP-EMULEX", v.volumeId());
    assertEquals(List.of("BIOS /ISOLINUX.BIN", "UEFI /EFIBOOT.IMG"), v.bootEntries());
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      for (String drv : List.of("/LPFC820.V00", "/NVMECOMM.V00", "/CHAR_HPI.V00", "/BE2NET.V00")) {
        assertTrue(fs.entry(drv) != null, drv + " " + fs.entries().keySet());
        assertTrue(
            v.modules().contains(drv.toLowerCase(java.util.Locale.ROOT)), v.modules().toString());
      }
      assertTrue(fs.entry("/LPFC.V00") == null, "lpfc was replaced by lpfc820");
    }
  }

  @Test
  void boot_seedIsoBios_kernelReceivesEveryBootCfgModule() throws Exception {
    Qemu.require(Qemu.Firmware.BIOS);
    assertBooted(Qemu.boot(iso, Qemu.Firmware.BIOS, tmp.resolve("qemu-bios")));
  }

  @Test
  void boot_seedIsoUefi_kernelReceivesEveryBootCfgModule() throws Exception {
    Qemu.require(Qemu.Firmware.UEFI);
    assertBooted(Qemu.boot(iso, Qemu.Firmware.UEFI, tmp.resolve("qemu-uefi")));
  }

  static void assertBooted(Qemu.Result r) throws Exception {
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(Qemu.EXIT_BOOT_OK, r.exitStatus(), r.describe());
    assertEquals(List.of(), r.log().failures(), r.describe());
    assertEquals(v.modules(), r.log().moduleNames(), r.describe());
    assertTrue(r.log().lines().contains("kernel /b.b00"), r.describe());
    for (String m : v.modules()) {
      assertTrue(r.log().module(m).isPresent(), m + "\n" + r.describe());
    }
    System.out.println(
        "seed ISO " + Files.size(iso) + " bytes, " + r.elapsed().toMillis() + " ms boot");
  }

  @Test
  void bundle_reimported_sameProfileAndVibBytes() throws Exception {
    assertEquals(0, run.code(), run.toString());
    try (Catalog built =
            Depots.open(List.of(bundle.toString()), DepotOptions.defaults(), EventHandlers.none());
        Catalog src =
            Depots.open(
                List.of(
                    depot.folder().toString(), Samples.hp(), Samples.emulex(), Samples.nvme70()),
                DepotOptions.defaults(),
                EventHandlers.none())) {
      assertEquals(1, built.profiles().size());
      ImageProfile p = built.profiles().get(0);
      assertEquals("ESXi-7.0b-HP-Emulex", p.name());
      assertEquals("esxforge test", p.creator());
      ImageProfile base = src.profile("ESXi-7.0b-16324942-standard").orElseThrow();
      Set<VibId> expected = new TreeSet<>(base.vibIds());
      expected.removeIf(id -> id.value().contains("_lpfc_"));
      for (CatalogVib v : src.vibs().values()) {
        if (Set.of("char-hpilo", "hp-ams", "be2net", "be2iscsi", "lpfc820", "nvme-community")
            .contains(v.descriptor().name())) {
          expected.add(v.id());
        }
      }
      assertEquals(expected, new TreeSet<>(p.vibIds()));
      // the bundle is a vLCM depot: it also carries the reserved in-box lpfc (replaced by lpfc820)
      Set<VibId> inBundle = new TreeSet<>(expected);
      base.vibIds().stream().filter(id -> id.value().contains("_lpfc_")).forEach(inBundle::add);
      assertEquals(inBundle, built.vibs().keySet());
      assertEquals(base.acceptanceLevel(), p.acceptanceLevel());
      for (CatalogVib v : built.vibs().values()) {
        CatalogVib s = src.vib(v.id()).orElseThrow();
        assertEquals(s.descriptor(), v.descriptor(), v.id().toString());
        byte[] a;
        byte[] b;
        try (var in = v.source().open()) {
          a = in.readAllBytes();
        }
        try (var in = s.source().open()) {
          b = in.readAllBytes();
        }
        assertArrayEquals(b, a, v.id() + ": VIB bytes changed");
      }
      // a build from the re-imported bundle alone gives the same profile again (its sample-signed
      // VIBs are no longer "the sample's own": their CA is given explicitly)
      Path iso2 = tmp.resolve("again/again.iso");
      Samples.Run again =
          Samples.cli(
              "build",
              "-d",
              bundle.toString(),
              "--base",
              "ESXi-7.0b-HP-Emulex",
              "--name",
              "ESXi-7.0b-HP-Emulex",
              "--iso",
              iso2.toString(),
              "--trust",
              depot.caPem().toString());
      assertEquals(0, again.code(), again.toString());
      assertEquals(IsoVerifier.verify(iso).modules(), IsoVerifier.verify(iso2).modules());
    }
  }

  @Test
  void build_twice_identicalIsoAndBundleBytes() throws Exception {
    Path iso2 = tmp.resolve("second/seed.iso");
    Path bundle2 = tmp.resolve("second/seed-bundle.zip");
    Samples.Run second = Samples.cli(args(iso2, bundle2));
    assertEquals(0, second.code(), second.toString());
    assertEquals(Sha256.of(Files.readAllBytes(iso)), Sha256.of(Files.readAllBytes(iso2)));
    assertEquals(Sha256.of(Files.readAllBytes(bundle)), Sha256.of(Files.readAllBytes(bundle2)));
    List<String> leftovers = new ArrayList<>();
    try (var s = Files.list(iso2.getParent())) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).forEach(leftovers::add);
    }
    assertEquals(List.of(), leftovers, "temp files left beside the outputs");
  }

  static String text(Path p) throws Exception {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }

  static Set<String> names(Set<VibId> ids) {
    return ids.stream().map(VibId::value).collect(Collectors.toCollection(TreeSet::new));
  }
}
