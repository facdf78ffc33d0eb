package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esxforge build} refuses with one line per reason, exit 3, no stack trace and no output
 * file: a VIB needing an unprovided vmkapi (unless {@code --force}, which exports with WARNINGs), a
 * VIB below the profile's acceptance level (unless {@code --acceptance} lowers it), the tampered
 * lsimr3 VIB (unless {@code --no-signature-check}; its payload mismatch is then reported).
 */
class BuildRefusalsIT {
  @TempDir Path tmp;

  static String depot70() {
    return Samples.depot(SampleVersion.V7_0).folder().toString();
  }

  private static void assertRefused(Samples.Run r, Path out, String... lineParts) throws Exception {
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l -> {
                  for (String p : lineParts) {
                    if (!l.contains(p)) {
                      return false;
                    }
                  }
                  return true;
                }),
        String.join(" + ", lineParts) + "\n" + r);
    assertFalse(r.err().contains("\tat "), "stack trace\n" + r);
    assertFalse(r.err().contains("Exception"), r.toString());
    assertFalse(Files.exists(out), out + " written");
    if (Files.isDirectory(out.getParent())) {
      try (var s = Files.list(out.getParent())) {
        assertEquals(List.of(), s.toList(), "leftovers");
      }
    }
  }

  @Test
  void build_vibNeedsUnprovidedVmkapi_exit3WithOneLineReason() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "-d",
            Samples.hp(),
            "--name",
            "X-hp",
            "--add",
            "hpnmi",
            "--iso",
            iso.toString());
    assertRefused(
        r,
        iso,
        "hpnmi",
        "does not fit the image's base ESXi 7.0.0 (it needs"
            + " vmkapi_2_9_0_0, which ESXi 7.0.0 does not provide)");
    assertFalse(r.err().contains("add a VIB that provides"), r.toString());
    assertTrue(r.err().contains("--force"), r.toString());
  }

  @Test
  void build_vibNeedsUnprovidedVmkapiForced_exportsWithWarningsAndLoudLastLine() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "-d",
            Samples.hp(),
            "--name",
            "X-hp",
            "--add",
            "hpnmi",
            "--iso",
            iso.toString(),
            "--force");
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("WARNING: ")
                        && l.contains("hpnmi")
                        && l.contains("vmkapi_2_9_0_0")),
        r.toString());
    List<String> errLines = r.err().lines().toList();
    String last = errLines.get(errLines.size() - 1);
    assertTrue(last.startsWith("WARNING: --force") && last.contains("MAY NOT BOOT"), last);
    assertTrue(Files.size(iso) > 0);
    assertTrue(IsoVerifier.verify(iso).ok());
  }

  @Test
  void build_communityVibOnPartnerProfile_refusedNamingVibAndLevel() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X-community",
            "--add",
            Samples.communityVib(),
            "--iso",
            iso.toString());
    assertRefused(r, iso, "net-r8168-sample", "community", "partner");
    assertTrue(r.err().contains("--acceptance community"), r.toString());
    assertFalse(r.err().contains("--force"), "--force does not override an edit refusal\n" + r);
  }

  @Test
  void build_communityVibWithAcceptanceCommunity_exported() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X-community",
            "--add",
            Samples.communityVib(),
            "--acceptance",
            "community",
            "--iso",
            iso.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("acceptance community"), r.out());
    assertTrue(r.out().contains("net-r8168-sample"), r.out());
    assertTrue(IsoVerifier.verify(iso).ok());
  }

  @Test
  void build_tamperedLsimr3_refusedForItsSignature() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V8_0);
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            d.folder().toString(),
            "--name",
            "X-lsi",
            "--add",
            Fixtures.real("lsimr3-mod-8x.vib").toString(),
            "--iso",
            iso.toString());
    assertRefused(r, iso, "BCM_bootbank_lsi-mr3", "signature does not verify");
  }

  @Test
  void build_tamperedLsimr3NoSignatureCheck_payloadMismatchReportedBundleForced() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V8_0);
    String vib = Fixtures.real("lsimr3-mod-8x.vib").toString();
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            d.folder().toString(),
            "--name",
            "X-lsi",
            "--add",
            vib,
            "--iso",
            iso.toString(),
            "--no-signature-check");
    assertRefused(
        r, iso, "BCM_bootbank_lsi-mr3", "payload 'lsimr3' missing", "member 'payload1' unexpected");
    assertFalse(r.err().contains("signature"), r.toString());

    // --force cannot put missing payload bytes on an ISO: exit 5, one line
    Samples.Run forcedIso =
        Samples.cli(
            "build",
            "-d",
            d.folder().toString(),
            "--name",
            "X-lsi",
            "--add",
            vib,
            "--iso",
            iso.toString(),
            "--no-signature-check",
            "--force");
    assertEquals(5, forcedIso.code(), forcedIso.toString());
    assertTrue(forcedIso.err().contains("an ISO needs intact payloads"), forcedIso.toString());
    assertFalse(Files.exists(iso));

    // the bundle copies the .vib unchanged, so it may be forced
    Path bundle = tmp.resolve("out/lsi.zip");
    Samples.Run forced =
        Samples.cli(
            "build",
            "-d",
            d.folder().toString(),
            "--name",
            "X-lsi",
            "--add",
            vib,
            "--bundle",
            bundle.toString(),
            "--no-signature-check",
            "--force");
    assertEquals(0, forced.code(), forced.toString());
    try (Catalog c =
        Depots.open(List.of(bundle.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      CatalogVib lsi = c.vibsNamed("lsi-mr3").get(0);
      try (var in = lsi.source().open()) {
        assertArrayEquals(Files.readAllBytes(Path.of(vib)), in.readAllBytes());
      }
    }
  }

  @Test
  void build_bundleTargetUnwritableAfterIso_noOutputLeft() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a file where a directory should be");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--iso",
            iso.toString(),
            "--bundle",
            blocker.resolve("b.zip").toString());
    // a usage error found before anything is read (BuildSafetyIT has the other output checks)
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "esxforge build: --bundle "
                    + blocker.resolve("b.zip")
                    + ": "
                    + blocker
                    + " is not a directory\n"),
        r.toString());
    assertFalse(Files.exists(iso.getParent()), "nothing written, not even the directory");
    // an earlier ISO at the target survives a failed build unchanged
    Files.createDirectories(iso.getParent());
    Files.writeString(iso, "an earlier build");
    Samples.Run again =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--iso",
            iso.toString(),
            "--bundle",
            blocker.resolve("b.zip").toString());
    assertEquals(2, again.code(), again.toString());
    assertEquals("an earlier build", Files.readString(iso));
    try (var s = Files.list(iso.getParent())) {
      assertEquals(List.of(iso), s.toList(), "temp files left");
    }
  }

  @Test
  void build_addMissingFileOrUnknownName_oneLine() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run file =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            "nowhere/driver.vib",
            "--iso",
            iso.toString());
    assertEquals(1, file.code(), file.toString());
    assertTrue(file.err().contains("nowhere/driver.vib: no such file to add"), file.toString());
    Samples.Run name =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            "no-such-driver",
            "--iso",
            iso.toString());
    assertRefused(name, iso, "no-such-driver");
  }

  @Test
  void build_addAllFromBundle_addsEveryVibOfIt() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add-all-from",
            Samples.emulex(),
            "--iso",
            iso.toString());
    assertEquals(0, r.code(), r.toString());
    for (String n : List.of("be2net", "be2iscsi", "lpfc820")) {
      assertTrue(
          r.out().lines().anyMatch(l -> l.startsWith("  added") && l.contains("_" + n + "_")),
          n + "\n" + r);
    }
  }

  @Test
  void build_olderVersionByNameAtVersion_replacesNewerWithNoteAndDowngradeLine() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--base",
            "latest",
            "--name",
            "X",
            "--add",
            "ne1000@0.8.4-10vmw.700.1.0.15843807",
            "--iso",
            iso.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out()
            .contains(
                "  downgraded VMW_bootbank_ne1000_0.8.4-11vmw.700.1.25.16324942"
                    + " -> VMW_bootbank_ne1000_0.8.4-10vmw.700.1.0.15843807"),
        r.out());
    assertTrue(
        r.out()
            .lines()
            .anyMatch(
                l ->
                    l.contains("note: replaced")
                        && l.contains("ne1000_0.8.4-11vmw")
                        && l.contains("older")),
        r.out());
  }

  @Test
  void build_80VibOn70Base_platformProblemNamesVibAndVersion() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            Fixtures.real("lsimr3-mod-8x.vib").toString(),
            "--no-signature-check",
            "--iso",
            iso.toString());
    // the signed descriptor's softwarePlatform (8.0) decides, in one line with the way out
    assertRefused(
        r,
        iso,
        "BCM_bootbank_lsi-mr3",
        "lsi-mr3 7.732.03.00-1MOD.800.1.0.20613240 is"
            + " made for ESXi 8.0, but the image's base is ESXi 7.0.0; compatible versions in the"
            + " depots given: 7.712.50.00-1vmw.700.1.0.15843807; add"
            + " lsi-mr3@7.712.50.00-1vmw.700.1.0.15843807 instead, or remove lsi-mr3");
  }

  @Test
  void build_unknownBase_usageErrorExit2OneLineNamingProfiles() throws Exception {
    Path iso = tmp.resolve("out/x.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--base",
            "ESXi-9.9-nope-standard",
            "--name",
            "X",
            "--iso",
            iso.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(
        r.err().contains("\nesxforge: --base ESXi-9.9-nope-standard: no such image profile")
            && r.err().contains("ESXi-7.0b-16324942-standard"),
        r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
  }
}
