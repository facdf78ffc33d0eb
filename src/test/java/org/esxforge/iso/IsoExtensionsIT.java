package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joliet and Rock Ridge output of the builtin writer, read by isoinfo and xorriso. */
class IsoExtensionsIT {
  @TempDir Path dir;

  IsoImage image(boolean joliet, boolean rr) throws Exception {
    return IsoImage.builder()
        .timestamp(BootTree.T)
        .joliet(joliet)
        .rockRidge(rr)
        .volumeId("EXT-TEST")
        .addFile(IsoPath.parse("/EFI/BOOT/BOOTX64.EFI"), IsoSource.bytes(new byte[3000]))
        .addFile(
            IsoPath.parse("/B.B00"), IsoSource.bytes("kernel".getBytes(StandardCharsets.UTF_8)))
        .addFile(IsoPath.parse("/README"), IsoSource.bytes("r".getBytes(StandardCharsets.UTF_8)))
        .addDirectory(IsoPath.parse("/EMPTY"))
        .build();
  }

  @Test
  void write_joliet_isoinfoReadsJolietTree() throws Exception {
    Path iso = dir.resolve("j.iso");
    IsoWriters.builtin().write(image(true, false), iso);
    String d = IsoOracles.run("isoinfo", "-d", "-i", iso.toString());
    assertTrue(d.contains("Joliet with UCS level 3 found"), d);
    List<String> files =
        IsoOracles.run("isoinfo", "-J", "-f", "-i", iso.toString()).lines().sorted().toList();
    assertEquals(
        List.of("/B.B00", "/EFI", "/EFI/BOOT", "/EFI/BOOT/BOOTX64.EFI", "/EMPTY", "/README"),
        files);
  }

  @Test
  void write_rockRidge_lowerCaseNamesForIsoinfoAndXorriso() throws Exception {
    Path iso = dir.resolve("rr.iso");
    IsoWriters.builtin().write(image(false, true), iso);
    String d = IsoOracles.run("isoinfo", "-d", "-i", iso.toString());
    assertTrue(d.contains("Rock Ridge signatures version 1 found"), d);
    List<String> files =
        IsoOracles.run("isoinfo", "-R", "-f", "-i", iso.toString()).lines().sorted().toList();
    assertEquals(
        List.of("/b.b00", "/efi", "/efi/boot", "/efi/boot/bootx64.efi", "/empty", "/readme"),
        files);
    String x = IsoOracles.run("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl");
    assertTrue(
        x.contains(
                "-r--r--r--    1 0        0            3000 Nov 22 04:41 '/efi/boot/bootx64.efi'")
            || x.contains("'/efi/boot/bootx64.efi'"),
        x);
    assertTrue(x.contains("dr-xr-xr-x"), x);
  }

  @Test
  void write_jolietAndRockRidge_bothReadable() throws Exception {
    Path iso = dir.resolve("jr.iso");
    IsoWriters.builtin().write(image(true, true), iso);
    String d = IsoOracles.run("isoinfo", "-d", "-i", iso.toString());
    assertTrue(d.contains("Joliet with UCS level 3 found"), d);
    assertTrue(d.contains("Rock Ridge signatures version 1 found"), d);
    IsoOracles.run("xorriso", "-indev", iso.toString(), "-check_media", "--");
  }
}
