package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MkIsoTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return MkIso.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
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
    int rc = run("--volume-id", "esxi-test", "--bios-boot", "/isolinux.bin", "--efi-boot", "/EFIBOOT.IMG",
        tree.toString(), iso.toString());
    assertEquals(0, rc, err.toString());
    assertTrue(out.toString().startsWith("wrote " + iso + " ("), out.toString());
    try (IsoReader in = new IsoReader(iso)) {
      Map<String, IsoReader.Rec> t = in.walk(false);
      assertEquals(
          List.of("/BOOT.CAT;1", "/EFI", "/EFI/BOOT", "/EFI/BOOT/BOOT.CFG;1", "/EFIBOOT.IMG;1", "/EMPTY", "/ISOLINUX.BIN;1"),
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
        "mkiso: " + tree.resolve("toolongname.txt") + ": does not fit ISO 9660 level 1: invalid ISO 9660"
            + " path '/toolongname.txt': name 'TOOLONGNAME.TXT' does not fit 8.3\n",
        err.toString());
    assertFalse(Files.exists(iso));
  }

  @Test
  void run_caseCollision_refused() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    Files.write(tree.resolve("a.txt"), new byte[1]);
    Files.write(tree.resolve("A.TXT"), new byte[1]);
    assertEquals(1, run(tree.toString(), dir.resolve("o.iso").toString()));
    assertTrue(err.toString().contains(": same ISO name '/A.TXT' as "), err.toString());
  }

  @Test
  void run_badUsage_exit2() {
    assertEquals(2, run("--writer"));
    assertTrue(err.toString().startsWith("mkiso: --writer needs a value\nusage: MkIso"), err.toString());
  }

  @Test
  void imageFromTree_timestampApplied() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree);
    Files.write(tree.resolve("a.txt"), new byte[1]);
    Instant t = Instant.parse("2020-02-03T04:05:06Z");
    IsoImage img = MkIso.imageFromTree(tree, "V", null, null, t);
    assertEquals(t, img.timestamp());
    assertEquals(List.of(IsoPath.parse("/A.TXT")), List.copyOf(img.files().keySet()));
  }
}
