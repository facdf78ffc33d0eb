package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.TamperedDepots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esxforge build} on repackaged depots whose unsigned metadata lies: a wrong whole-file
 * SHA-256, an acceptance level the VIB's signed descriptor does not declare. Refused with exit 5
 * and one line naming the VIB's file, even with {@code --force}; nothing is written.
 */
class BuildSafetyIT {
  private static final String NVME_VIB =
      "!vib20/nvme-community/VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807.vib";

  @TempDir Path tmp;

  private static String depot70() {
    return Samples.depot(SampleVersion.V7_0).folder().toString();
  }

  private static void assertRefused(Samples.Run r, Path outDir, String line) throws Exception {
    assertEquals(5, r.code(), r.toString());
    assertEquals(
        "esxforge: " + line,
        r.err().lines().filter(l -> l.startsWith("esxforge:")).findFirst().orElse(""),
        r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
    if (Files.exists(outDir)) {
      try (Stream<Path> s = Files.list(outDir)) {
        assertEquals(List.of(), s.toList(), "nothing written");
      }
    }
  }

  @Test
  void build_metadataCarriesWrongWholeVibSha256_refusedEvenForced() throws Exception {
    Path real = Path.of(Samples.nvme70());
    byte[] vib =
        TamperedDepots.entries(Files.readAllBytes(real)).stream()
            .filter(e -> e.getKey().endsWith(".vib"))
            .findFirst()
            .orElseThrow()
            .getValue();
    String good = TamperedDepots.sha256(vib);
    String bad = "0".repeat(63) + "1";
    Path zip = tmp.resolve("nvme-badhash.zip");
    Files.write(zip, TamperedDepots.realWithMetadataEdit(real, x -> x.replace(good, bad)));
    Path out = tmp.resolve("out");
    for (String force : List.of("--name", "--force")) {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "build",
                  "-d",
                  depot70(),
                  "--base",
                  "latest",
                  "--name",
                  "X-nvme",
                  "--add",
                  zip.toString(),
                  "--bundle",
                  out.resolve("x.zip").toString()));
      if (force.equals("--force")) {
        args.add(force);
      }
      assertRefused(
          Samples.cli(args.toArray(String[]::new)),
          out,
          zip + NVME_VIB + ": SHA-256 " + good + " differs from the depot metadata's " + bad);
    }
    // verify says the same as one FAIL line
    Samples.Run v = Samples.cli("verify", zip.toString());
    assertEquals(5, v.code(), v.toString());
    assertEquals(
        "FAIL  " + zip + NVME_VIB + ": file sha-256 " + good + " != metadata " + bad,
        v.out().lines().findFirst().orElse(""),
        v.toString());
  }

  @Test
  void build_metadataClaimsPartnerForCommunityVib_refusedEvenForced() throws Exception {
    Path zip =
        TamperedDepots.bundle(TamperedDepots.baseVib())
            .editMetadata(
                m ->
                    m.replace(
                        "<acceptance-level>community</acceptance-level>",
                        "<acceptance-level>partner</acceptance-level>"))
            .write(tmp.resolve("liar.zip"));
    Path out = tmp.resolve("out");
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
            zip.toString(),
            "--iso",
            out.resolve("x.iso").toString(),
            "--force");
    assertRefused(
        r,
        out,
        zip
            + "!vib20/net-r8125/Realtek_bootbank_net-r8125_9.011.00-10.vib:"
            + " depot metadata disagrees with the VIB's signed descriptor.xml (acceptance-level:"
            + " metadata says 'partner', descriptor.xml says 'community'); the VIB is refused: get the"
            + " depot from its publisher");
  }

  /** Exit 2 with the one usage line, before any depot was read; the input is unchanged. */
  private static void assertUsage(Samples.Run r, String line) {
    assertEquals(2, r.code(), r.toString());
    assertEquals("esxforge build: " + line, r.err().lines().findFirst().orElse(""), r.toString());
    assertFalse(
        r.err().contains("Reading depot") || r.err().contains("verifying"),
        "reported before anything was read\n" + r);
  }

  @Test
  void build_outputIsAnInput_usageErrorBeforeAnythingIsRead() throws Exception {
    Path add = Files.copy(Path.of(Samples.nvme70()), tmp.resolve("nvme.zip"));
    byte[] before = Files.readAllBytes(add);
    assertUsage(
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            add.toString(),
            "--bundle",
            add.toString()),
        "--bundle "
            + add
            + ": is the input --add "
            + add
            + "; refusing to overwrite an input (choose another output path)");

    // through a symbolic link, and the -d zip as --iso
    Path link = Files.createSymbolicLink(tmp.resolve("link.iso"), add);
    assertUsage(
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "-d",
            add.toString(),
            "--name",
            "X",
            "--iso",
            link.toString()),
        "--iso "
            + link
            + ": is the input -d "
            + add
            + "; refusing to overwrite an input (choose another output path)");

    Path list = Files.writeString(tmp.resolve("vibs.txt"), "esx-base\n");
    assertUsage(
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--vib-list",
            list.toString(),
            "--iso",
            list.toString()),
        "--iso "
            + list
            + ": is the input"
            + " --vib-list "
            + list
            + "; refusing to overwrite an input (choose another output path)");

    Path same = tmp.resolve("same.out");
    assertUsage(
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--iso",
            same.toString(),
            "--bundle",
            same.toString()),
        "--bundle "
            + same
            + ": is also the output --iso "
            + same
            + "; give each output its own path");
    assertArrayEquals(before, Files.readAllBytes(add));
    assertEquals("esx-base\n", Files.readString(list));
  }

  @Test
  void build_outputIsSpecialFileOrDirectory_usageErrorFileUntouched() throws Exception {
    // a named pipe stands for /dev/null: a test must never risk the machine's real device
    // (without the check, the rename into place replaces it with a regular file when run as root)
    Path fifo = tmp.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertUsage(
        Samples.cli("build", "-d", depot70(), "--name", "X", "--bundle", fifo.toString()),
        "--bundle "
            + fifo
            + ": exists and is not a regular file; refusing to"
            + " replace it (give the path of a new or regular file)");
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo) && !Files.isDirectory(fifo));
    assertUsage(
        Samples.cli("build", "-d", depot70(), "--name", "X", "--iso", tmp.toString()),
        "--iso "
            + tmp
            + ": exists and is not a regular file; refusing to replace it (give the"
            + " path of a new or regular file)");
  }

  @Test
  void buildRecipe_outputIsTheRecipeOrItsLock_usageError() throws Exception {
    Path recipe =
        Files.writeString(
            tmp.resolve("r.yaml"),
            "apiVersion: esxforge/v1\n"
                + "kind: ImageRecipe\ndepots:\n  - '"
                + depot70()
                + "'\nbase: latest:7.0\n"
                + "profile: {name: 'X-${base.version}'}\noutputs: {bundle: r.yaml}\n");
    String text = Files.readString(recipe);
    Samples.Run r = Samples.cli("build", recipe.toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "esxforge build: "
            + recipe
            + ": outputs.bundle "
            + recipe
            + ": is the input"
            + " (the recipe) "
            + recipe
            + "; refusing to overwrite an input (choose another output"
            + " path)",
        r.err().lines().findFirst().orElse(""),
        r.toString());
    assertEquals(text, Files.readString(recipe));
    Path lock = tmp.resolve("r.yaml.lock.json");
    Files.writeString(lock, "{}");
    Samples.Run l = Samples.cli("build", recipe.toString(), "--iso", lock.toString());
    assertEquals(2, l.code(), l.toString());
    assertTrue(l.err().contains(": is the input (its lock) " + lock), l.toString());
    assertEquals("{}", Files.readString(lock));
  }

  /** The id of a process that has exited. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void build_tempFilesOfKilledRun_removedLiveOnesAndOthersKept() throws Exception {
    long dead = deadPid();
    Process live = new ProcessBuilder("sleep", "120").start();
    try {
      Path out = Files.createDirectories(tmp.resolve("out"));
      String d = "esxforge-" + dead + "-";
      List<Path> stale =
          List.of(
              Files.writeString(out.resolve(".x.iso." + d + "1.partial"), "partial ISO"),
              Files.writeString(out.resolve("..x.iso." + d + "1.partial." + d + "2.tmp"), "ISO"),
              Files.writeString(out.resolve(".imgpayld-" + d + "3.tgz.tmp"), "IMGPAYLD"));
      List<Path> kept =
          List.of(
              Files.writeString(
                  out.resolve(".x.iso.esxforge-" + live.pid() + "-4.partial"), "live"),
              Files.writeString(out.resolve(".x.iso.notes"), "the user's"),
              Files.writeString(out.resolve(".y.iso." + d + "5.partial"), "another output's"));
      Samples.Run r =
          Samples.cli(
              "build", "-d", depot70(), "--name", "X", "--iso", out.resolve("x.iso").toString());
      assertEquals(0, r.code(), r.toString());
      for (Path p : stale) {
        assertFalse(Files.exists(p), p + " left");
      }
      List<Path> expected = new java.util.ArrayList<>(kept);
      expected.add(out.resolve("x.iso"));
      expected.add(out.resolve("x.iso.spec.json")); // the spec the ISO was built from (issue 11)
      expected.sort(null);
      try (Stream<Path> s = Files.list(out)) {
        assertEquals(expected, s.sorted().toList());
      }
    } finally {
      live.destroy();
    }
  }
}
