package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.esxforge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoTreesTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** {@code esxforge mkiso ARGS…} in-process. */
  int run(String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "mkiso";
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Result r = Cli.run(all);
    out.write(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    err.write(r.err().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return r.exitCode();
  }

  @Test
  void run_tree_writesBootableIsoWithUpperCaseNames() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("efi/boot"));
    Files.createDirectories(tree.resolve("empty"));
    Files.write(tree.resolve("isolinux.bin"), new byte[4096]);
    Files.write(tree.resolve("efiboot.img"), new byte[8192]);
    Files.writeString(tree.resolve("efi/boot/boot.cfg"), "kernel=/b.b00\n");
    Path iso = dir.resolve("o.iso");
    int rc =
        run(
            "--volume-id",
            "esxi-test",
            "--bios-boot",
            "/isolinux.bin",
            "--efi-boot",
            "/EFIBOOT.IMG",
            tree.toString(),
            iso.toString());
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).startsWith("wrote " + iso + " ("),
        out.toString(StandardCharsets.UTF_8));
    try (IsoReader in = new IsoReader(iso)) {
      Map<String, IsoReader.Rec> t = in.walk(false);
      assertEquals(
          List.of(
              "/BOOT.CAT;1",
              "/EFI",
              "/EFI/BOOT",
              "/EFI/BOOT/BOOT.CFG;1",
              "/EFIBOOT.IMG;1",
              "/EMPTY",
              "/ISOLINUX.BIN;1"),
          List.copyOf(t.keySet()));
      assertEquals(4, in.bootCatalog().size());
      assertEquals("ESXI-TEST", IsoReader.ascii(in.pvd(), 40, 32).strip());
    }
  }

  @Test
  void run_nameNotLevel1_refusedNamingFile() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    Files.write(tree.resolve("toolongname.txt"), new byte[1]);
    Path iso = dir.resolve("o.iso");
    assertEquals(1, run(tree.toString(), iso.toString()));
    assertEquals(
        "esxforge: "
            + tree.resolve("toolongname.txt")
            + ": does not fit ISO 9660 level 1: invalid ISO 9660"
            + " path '/toolongname.txt': name 'TOOLONGNAME.TXT' does not fit 8.3\n",
        err.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(iso));
  }

  @Test
  void run_caseCollision_refused() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    Files.write(tree.resolve("a.txt"), new byte[1]);
    Files.write(tree.resolve("A.TXT"), new byte[1]);
    assertEquals(1, run(tree.toString(), dir.resolve("o.iso").toString()));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains(": same ISO name '/A.TXT' as "),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void run_badUsage_exit2() throws Exception {
    assertEquals(2, run("--writer"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith(
                "esxforge: Expected a value after parameter --writer\n"
                    + "Run 'esxforge mkiso --help'"),
        err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, run("only-one"));
    assertEquals(
        "esxforge mkiso: expected TREE and OUT.iso, got 1 operand\n"
            + "Run 'esxforge mkiso --help'\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void fromTree_timestampApplied() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    Files.write(tree.resolve("a.txt"), new byte[1]);
    Instant t = Instant.parse("2020-02-03T04:05:06Z");
    IsoImage img = IsoTrees.fromTree(tree, "V", null, null, t);
    assertEquals(t, img.timestamp());
    assertEquals(List.of(IsoPath.parse("/A.TXT")), List.copyOf(img.files().keySet()));
  }
}
