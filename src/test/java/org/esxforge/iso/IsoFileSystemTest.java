package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.esxforge.io.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoFileSystemTest {
  @TempDir Path tmp;

  private Path iso() throws Exception {
    byte[] boot = new byte[2048 * 3];
    boot[0] = 1;
    IsoImage img =
        IsoImage.builder()
            .volumeId("TEST_VOL")
            .timestamp(Instant.EPOCH)
            .addFile(
                IsoPath.parse("/A/B/C.TXT"),
                IsoSource.bytes("hello".getBytes(StandardCharsets.US_ASCII)))
            .addFile(IsoPath.parse("/ISOLINUX.BIN"), IsoSource.bytes(boot))
            .addFile(IsoPath.parse("/EFIBOOT.IMG"), IsoSource.bytes(new byte[4096]))
            .bootCatalog(IsoPath.parse("/BOOT.CAT"))
            .addBootEntry(BootEntry.bios(IsoPath.parse("/ISOLINUX.BIN"), 4, false))
            .addBootEntry(BootEntry.uefi(IsoPath.parse("/EFIBOOT.IMG")))
            .build();
    Path p = tmp.resolve("t.iso");
    IsoWriters.builtin().write(img, p);
    return p;
  }

  @Test
  void open_builtinIso_treeFilesAndBootCatalog() throws Exception {
    Path iso = iso();
    assertTrue(IsoFileSystem.matches(iso));
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      assertEquals("TEST_VOL", fs.volumeId());
      assertTrue(fs.entry("/A/B").directory());
      assertArrayEquals(
          "hello".getBytes(StandardCharsets.US_ASCII), fs.read(fs.entry("/a/b/c.txt"), 100));
      List<IsoFileSystem.BootCatalogEntry> cat = fs.bootCatalog();
      assertEquals(2, cat.size(), cat.toString());
      assertEquals(0, cat.get(0).platform());
      assertEquals(fs.entry("/ISOLINUX.BIN").lba(), cat.get(0).lba());
      assertEquals(IsoFileSystem.BootCatalogEntry.UEFI, cat.get(1).platform());
      assertEquals(fs.entry("/EFIBOOT.IMG").lba(), cat.get(1).lba());
      assertTrue(cat.get(0).bootable() && cat.get(1).bootable());
      assertThrows(FormatException.class, () -> fs.read(fs.entry("/A/B/C.TXT"), 2));
    }
  }

  @Test
  void open_notAnIso_oneLineNamingFile() throws Exception {
    Path f = tmp.resolve("zeros.iso");
    Files.write(f, new byte[40 * 2048]);
    assertFalse(IsoFileSystem.matches(f));
    FormatException e = assertThrows(FormatException.class, () -> IsoFileSystem.open(f));
    assertTrue(
        e.getMessage().startsWith(f.toString()) && e.getMessage().contains("not an ISO"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    Path tiny = tmp.resolve("tiny.iso");
    Files.write(tiny, new byte[100]);
    assertTrue(
        assertThrows(FormatException.class, () -> IsoFileSystem.open(tiny))
            .getMessage()
            .contains("beyond the end"));
  }
}
