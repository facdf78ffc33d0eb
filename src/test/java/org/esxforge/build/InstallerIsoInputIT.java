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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installer ISO as a depot: esxforge's own export (the sample 7.0b image with the HP and Emulex
 * drivers) read back as a catalog gives the same profile, and rebuilt as an ISO gives the same
 * BOOT.CFG and the same bytes in every file; a driver can be added to it; a damaged ISO (a module
 * missing, a module edited) is refused with one line.
 */
class InstallerIsoInputIT {
  @TempDir static Path tmp;
  static Path first;
  static Samples.Run firstRun;

  @BeforeAll
  static void export() {
    first = tmp.resolve("first.iso");
    firstRun =
        Samples.cli(
            "build",
            "-d",
            Samples.depot(SampleVersion.V7_0).folder().toString(),
            "--base",
            "latest",
            "--name",
            "ESXi-7.0b-HP-Emulex",
            "--add",
            Samples.hp(),
            "--remove",
            "hpnmi",
            "--add",
            Samples.emulex(),
            "--iso",
            first.toString(),
            "--json");
  }

  static List<String> files(Path iso) throws Exception {
    List<String> out = new ArrayList<>();
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      fs.entries().values().forEach(e -> out.add(e.path() + (e.directory() ? "/" : "")));
    }
    return out;
  }

  static byte[] file(Path iso, String path) throws Exception {
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      return fs.read(fs.entry(path), 1 << 26);
    }
  }

  @Test
  void profiles_fromIso_theExportedProfile() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Samples.Run r = Samples.cli("profiles", "-d", first.toString(), "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(r.out().contains("\"ESXi-7.0b-HP-Emulex\""), r.out());
    Samples.Run v = Samples.cli("vibs", "-d", first.toString(), "--json");
    assertEquals(0, v.code(), v.toString());
    JsonNode built = new ObjectMapper().readTree(firstRun.out()).get("vibs");
    assertEquals(built.size(), new ObjectMapper().readTree(v.out()).size(), v.out());
    assertTrue(j.size() >= 1);
  }

  @Test
  void roundTrip_isoToCatalogToIso_sameBootCfgSameBytes() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path second = tmp.resolve("second.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            first.toString(),
            "--base",
            "ESXi-7.0b-HP-Emulex",
            "--name",
            "ESXi-7.0b-HP-Emulex",
            "--iso",
            second.toString(),
            "--json",
            "--trust",
            Samples.depot(SampleVersion.V7_0).caPem().toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode a = new ObjectMapper().readTree(firstRun.out());
    JsonNode b = new ObjectMapper().readTree(r.out());
    assertEquals(a.get("vibs"), b.get("vibs"));
    assertEquals(a.get("acceptanceLevel"), b.get("acceptanceLevel"));
    assertArrayEquals(file(first, "/BOOT.CFG"), file(second, "/BOOT.CFG"));
    assertEquals(files(first), files(second));
    // every file but the image database (its component records follow the catalog the second
    // build read: the ISO's, not the sample depot's) is byte for byte the same
    for (String f : files(first)) {
      if (!f.endsWith("/") && !f.equals("/IMGDB.TGZ")) {
        assertArrayEquals(file(first, f), file(second, f), f);
      }
    }
  }

  @Test
  void addDriver_toExistingIso() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path out = tmp.resolve("with-nvme.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            first.toString(),
            "--base",
            "ESXi-7.0b-HP-Emulex",
            "--name",
            "ESXi-7.0b-HP-Emulex-nvme",
            "--add",
            Samples.nvme70(),
            "--acceptance",
            "community",
            "--no-signature-check",
            "--iso",
            out.toString());
    assertEquals(0, r.code(), r.toString());
    String cfg = new String(file(out, "/BOOT.CFG"), StandardCharsets.UTF_8);
    assertTrue(cfg.contains(" --- /nvmecomm.v00 --- "), cfg);
    assertTrue(r.out().contains("added     "), r.out());
  }

  /**
   * The payloads of a rebuilt VIB are checked once, as they are copied off the ISO; the results
   * that go with the file are those a full verification of the rebuilt {@code .vib} gives, for
   * every VIB of the image, and a build takes them instead of checking the payloads again.
   */
  @Test
  void rebuiltVibs_payloadResultsCarried_equalAFullVerificationOfTheFile() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    try (org.esxforge.api.DepotSession s =
            org.esxforge.api.DepotSession.open(org.esxforge.event.EventHandlers.none());
        org.esxforge.depot.Catalog c = s.catalog(List.of(first.toString()))) {
      assertFalse(c.vibs().isEmpty());
      int payloads = 0;
      for (org.esxforge.depot.CatalogVib v : c.vibs().values()) {
        org.esxforge.vib.VerifiedPayloads carried =
            v.source().verifiedPayloads().orElseThrow(() -> new AssertionError(v.id()));
        Path file = v.source().localRegion().orElseThrow().file();
        org.esxforge.vib.VibVerifier.Hashed full =
            org.esxforge.vib.VibVerifier.verifyHashed(
                file, v.expected(), org.esxforge.vib.VibVerifier.Options.DEFAULT);
        assertEquals(full.sha256(), carried.vibSha256(), v.id().toString());
        assertEquals(full.verification().payloads(), carried.results(), v.id().toString());
        assertEquals(v.descriptor().payloads().size(), carried.results().size());
        assertTrue(carried.results().stream().allMatch(r -> r.ok()), v.id().toString());
        payloads += carried.results().size();
      }
      assertTrue(payloads > c.vibs().size(), "payloads: " + payloads);
    }
  }

  /**
   * Renames the file {@code from} to {@code to} (same length) in its directory record, found by its
   * identifier length byte followed by the name.
   */
  static Path damaged(String name, String from, String to) throws Exception {
    byte[] b = Files.readAllBytes(first);
    byte[] f = ((char) from.length() + from).getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(b, f);
    assertTrue(at > 0, from);
    System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, b, at + 1, to.length());
    Path p = tmp.resolve(name);
    Files.write(p, b);
    return p;
  }

  /**
   * A copy of the exported ISO, named {@code name}, with one bit flipped in each of the given files
   * at the given offset: from the file's start, or from its end when negative ({@code -8}: a bit of
   * a gzip trailer's CRC-32; byte 100 may be in a module's header tag, a comment).
   */
  static Path flipped(String name, Map<String, Integer> at) throws Exception {
    byte[] b = Files.readAllBytes(first);
    try (IsoFileSystem fs = IsoFileSystem.open(first)) {
      for (Map.Entry<String, Integer> f : at.entrySet()) {
        IsoFileSystem.Entry e = fs.entry(f.getKey());
        long offset = f.getValue() < 0 ? e.size() + f.getValue() : f.getValue();
        b[(int) (e.lba() * 2048 + offset)] ^= 1;
      }
    }
    Path p = tmp.resolve(name);
    Files.write(p, b);
    return p;
  }

  static int indexOf(byte[] b, byte[] f) {
    outer:
    for (int i = 0; i + f.length <= b.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (b[i + j] != f[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The error lines (progress lines on stderr left out). */
  static List<String> errors(Samples.Run r) {
    return r.err().lines().filter(l -> l.startsWith("esxforge")).toList();
  }

  @Test
  void damagedIso_missingModule_oneLine() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path p = damaged("missing.iso", "S.V00;1", "S.X00;1");
    Samples.Run r = Samples.cli("profiles", "-d", p.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(
        List.of(
            "esxforge: "
                + p
                + ": /S.V00 (payload 's' of"
                + " VMware_bootbank_esx-base_7.0.0-1.25.16324942) is not on the ISO"),
        errors(r));
  }

  @Test
  void damagedIso_editedModule_oneLine() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path p = flipped("edited.iso", Map.of("/K.B00", -8));
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            p.toString(),
            "--base",
            "ESXi-7.0b-HP-Emulex",
            "--name",
            "x",
            "--iso",
            tmp.resolve("never.iso").toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(
        List.of(
            "esxforge: "
                + p
                + "!/K.B00: payload 'k' of"
                + " VMware_bootbank_esx-base_7.0.0-1.25.16324942: payload 'k' sha-256 mismatch; payload"
                + " 'k' does not decompress: Corrupt GZIP trailer"),
        errors(r));
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(tmp.resolve("never.iso")));
  }

  /**
   * The VIBs are rebuilt in parallel, but with two damaged modules the error is the one a single
   * pass meets first: that of the first VIB in the profile's order (esx-base before vsan),
   * whichever thread fails first.
   */
  @Test
  void damagedIso_twoEditedModules_theFirstInProfileOrderIsReported() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path p = flipped("edited-twice.iso", Map.of("/VSAN.V00", -8, "/K.B00", -8));
    for (int i = 0; i < 3; i++) {
      Samples.Run r = Samples.cli("vibs", "-d", p.toString());
      assertEquals(5, r.code(), r.toString());
      assertEquals(1, errors(r).size(), r.toString());
      assertTrue(
          errors(r)
              .get(0)
              .startsWith("esxforge: " + p + "!/K.B00: payload 'k' of VMware_bootbank_esx-base_"),
          r.toString());
    }
  }

  /**
   * A module is verified as it is copied, after the other payloads of its VIB are found; the error
   * is still the one of the first payload in the descriptor's order: the module 'k' of esx-base,
   * not its text file 'osl.txt' (later in that order) that no ISO file matches any more.
   */
  @Test
  void damagedIso_moduleAndALaterPayload_theModuleIsReported() throws Exception {
    assertEquals(0, firstRun.code(), firstRun.toString());
    Path both = flipped("module-and-text.iso", Map.of("/K.B00", -8, "/OSL.TXT", 5));
    Samples.Run r = Samples.cli("vibs", "-d", both.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, errors(r).size(), r.toString());
    assertTrue(
        errors(r)
            .get(0)
            .startsWith("esxforge: " + both + "!/K.B00: payload 'k' of VMware_bootbank_esx-base_"),
        r.toString());
    // the text file alone is reported as not on the ISO
    Path alone = flipped("text.iso", Map.of("/OSL.TXT", 5));
    Samples.Run t = Samples.cli("vibs", "-d", alone.toString());
    assertEquals(5, t.code(), t.toString());
    assertEquals(1, errors(t).size(), t.toString());
    assertTrue(
        errors(t)
                .get(0)
                .startsWith(
                    "esxforge: " + alone + ": payload 'osl.txt' of VMware_bootbank_esx-base_")
            && errors(t)
                .get(0)
                .endsWith("is not on the ISO: no file of that size matches its checksums"),
        t.toString());
  }
}
