package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExternalIsoWriterIT {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(ExternalIsoTool.class)
  void version_toolNotOnPath_oneLineNamingPackage(ExternalIsoTool tool) {
    IOException e =
        assertThrows(
            IOException.class, () -> ExternalTool.version(tool, dir.resolve("none").toString()));
    assertEquals(
        tool.command()
            + " not found on PATH; install the Debian package '"
            + tool.debianPackage()
            + "' or use the builtin ISO writer",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ExternalIsoTool.class)
  void version_present_reportsVersionLine(ExternalIsoTool tool) throws Exception {
    org.esxforge.testing.ExternalTools.require(tool.command());
    String v = ExternalTool.version(tool);
    assertTrue(v.startsWith(tool == ExternalIsoTool.XORRISO ? "xorriso 1." : "genisoimage 1."), v);
  }

  @Test
  void parse_cliValues_mapToTools() {
    assertEquals(ExternalIsoTool.XORRISO, ExternalIsoTool.parse("xorriso"));
    assertEquals(ExternalIsoTool.GENISOIMAGE, ExternalIsoTool.parse("GenIsoImage"));
    assertEquals(ExternalIsoTool.MKISOFS, ExternalIsoTool.parse("mkisofs"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExternalIsoTool.parse("cdrecord"));
    assertEquals(
        "unknown ISO tool 'cdrecord'; expected genisoimage, mkisofs or xorriso", e.getMessage());
  }

  @Test
  void write_toolFails_stderrInMessageAndNothingLeft() throws Exception {
    org.esxforge.testing.ExternalTools.require("xorriso");
    // xorriso refuses a file of 4 GiB or more at ISO level 1 (the builtin writer refuses it too)
    Path big = dir.resolve("src/big.bin");
    Files.createDirectories(big.getParent());
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((1L << 32) + 1);
    }
    IsoImage img =
        IsoImage.builder().addFile(IsoPath.parse("/BIG.BIN"), IsoSource.file(big)).build();
    Path out = dir.resolve("out/x.iso");
    IOException e =
        assertThrows(
            IOException.class, () -> IsoWriters.external(ExternalIsoTool.XORRISO).write(img, out));
    assertTrue(e.getMessage().startsWith("xorriso failed with exit status "), e.getMessage());
    assertTrue(e.getMessage().contains("BIG.BIN"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertEquals(List.of(), s.toList(), "no temp dir or output left");
    }
    Files.delete(big);
  }

  @Test
  void write_rockRidgeViaXorriso_lowerCaseNames() throws Exception {
    org.esxforge.testing.ExternalTools.require("xorriso");
    IsoImage img =
        IsoImage.builder()
            .rockRidge(true)
            .addFile(
                IsoPath.parse("/EFI/BOOT/BOOT.CFG"),
                IsoSource.bytes("x".getBytes(StandardCharsets.UTF_8)))
            .build();
    Path iso = dir.resolve("rr.iso");
    IsoWriters.external(ExternalIsoTool.XORRISO).write(img, iso);
    String l = IsoOracles.run("isoinfo", "-R", "-f", "-i", iso.toString());
    assertTrue(l.contains("/efi/boot/boot.cfg"), l);
  }
}
