package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builtin writer's output read back by independent tools (isoinfo, xorriso, osirrox, dumpet),
 * and the external writers compared with it on the same tree.
 */
class IsoOracleIT {
  @TempDir Path dir;

  /** Relative path (upper case, as on the ISO) → host file; plus empty directories. */
  final Map<String, Path> files = new TreeMap<>();

  final List<String> emptyDirs = new ArrayList<>();

  void file(String isoPath, byte[] content) throws Exception {
    Path p = dir.resolve("src").resolve(isoPath.substring(1).replace('/', '_') + ".bin");
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    files.put(isoPath, p);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Empty dirs, 1,000 files in one directory, 8 levels, a size-0 file, 8.3-limit names. */
  void edgeTree() throws Exception {
    for (int i = 0; i < 1000; i++) {
      file(String.format("/MANY/F%07d.DAT", i), random(i * 37 % 5000, i));
    }
    file("/D1/D2/D3/D4/D5/D6/D7/DEEPEST.TXT", "eight levels".getBytes(StandardCharsets.UTF_8));
    file("/ZERO.BIN", new byte[0]);
    file("/ABCDEFGH.XYZ", random(2048, 7));
    file("/NOEXT", random(2049, 8));
    file("/A_0_9/_.___", random(1, 9));
    emptyDirs.add("/EMPTY");
    emptyDirs.add("/D1/EMPTY2");
  }

  IsoImage image(boolean boot) throws Exception {
    IsoImage.Builder b = IsoImage.builder().volumeId("ORACLE-1.0").timestamp(BootTree.T);
    for (var e : files.entrySet()) {
      b.addFile(IsoPath.parse(e.getKey()), IsoSource.file(e.getValue()));
    }
    for (String d : emptyDirs) {
      b.addDirectory(IsoPath.parse(d));
    }
    if (boot) {
      file("/ISOLINUX.BIN", random(24_000, 10));
      file("/EFIBOOT.IMG", random(1 << 20, 11));
      b.addFile(IsoPath.parse("/ISOLINUX.BIN"), IsoSource.file(files.get("/ISOLINUX.BIN")))
          .addFile(IsoPath.parse("/EFIBOOT.IMG"), IsoSource.file(files.get("/EFIBOOT.IMG")))
          .bootCatalog(IsoPath.parse("/BOOT.CAT"))
          .addBootEntry(BootEntry.bios(IsoPath.parse("/ISOLINUX.BIN"), 4, true))
          .addBootEntry(BootEntry.uefi(IsoPath.parse("/EFIBOOT.IMG")));
    }
    return b.build();
  }

  List<String> expectedListing(boolean boot) {
    List<String> out = new ArrayList<>();
    for (String f : files.keySet()) {
      String name = f.substring(f.lastIndexOf('/') + 1);
      out.add(f + (name.contains(".") ? "" : ".") + ";1");
      String p = f;
      while (p.lastIndexOf('/') > 0) {
        p = p.substring(0, p.lastIndexOf('/'));
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
    for (String d : emptyDirs) {
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    if (boot) {
      out.add("/BOOT.CAT;1");
    }
    return out.stream().sorted().toList();
  }

  /** Extracts with osirrox and compares every file byte for byte (boot image: table aside). */
  void assertExtractedEqual(Path iso) throws Exception {
    Path out = dir.resolve("x-" + iso.getFileName());
    IsoOracles.run(
        "xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", out.toString());
    for (var e : files.entrySet()) {
      String f = e.getKey();
      String name = f.substring(f.lastIndexOf('/') + 1);
      Path x = out.resolve(f.substring(1) + (name.contains(".") ? "" : "."));
      if (!Files.exists(x)) {
        x = out.resolve(f.substring(1));
      }
      byte[] want = Files.readAllBytes(e.getValue());
      byte[] got = Files.readAllBytes(x);
      if (f.equals("/ISOLINUX.BIN")) {
        System.arraycopy(want, 0, got, 0, 8);
        System.arraycopy(want, 64, got, 64, want.length - 64);
        assertEquals(16, IsoReader.le32(got, 8), "boot-info-table PVD LBA");
        System.arraycopy(want, 8, got, 8, 56);
      }
      assertArrayEquals(want, got, f);
    }
    for (String d : emptyDirs) {
      try (Stream<Path> s = Files.list(out.resolve(d.substring(1)))) {
        assertEquals(0, s.count(), d);
      }
    }
  }

  /** Compares lists, reporting only the differences. */
  static void assertSameList(List<String> want, List<String> got) {
    List<String> missing = new ArrayList<>(want);
    missing.removeAll(got);
    List<String> extra = new ArrayList<>(got);
    extra.removeAll(want);
    assertEquals("missing [] extra []", "missing " + missing + " extra " + extra);
    assertEquals(want, got);
  }

  @Test
  void write_edgeTree_readBackByIsoinfoAndOsirrox() throws Exception {
    edgeTree();
    Path iso = dir.resolve("edge.iso");
    IsoResult r = IsoWriters.builtin().write(image(false), iso);
    assertSameList(expectedListing(false), IsoOracles.isoinfoFiles(iso));
    String d = IsoOracles.run("isoinfo", "-d", "-i", iso.toString());
    assertTrue(d.contains("Volume id: ORACLE-1.0"), d);
    assertTrue(d.contains("Volume size is: " + r.byteCount() / 2048), d);
    assertTrue(d.contains("NO Joliet present"), d);
    assertTrue(d.contains("NO Rock Ridge present"), d);
    String l = IsoOracles.run("isoinfo", "-l", "-i", iso.toString());
    assertTrue(l.matches("(?s).*\\s0 Nov 22 2026 \\[\\s+0 00\\]\\s+ZERO.BIN;1.*"), l);
    String check = IsoOracles.run("xorriso", "-indev", iso.toString(), "-check_media", "--");
    assertTrue(
        check.contains(
                "Media region :          0 ,       "
                    + String.format("%5d", r.byteCount() / 2048)
                    + " , + good")
            || check.contains("+ good"),
        check);
    assertExtractedEqual(iso);
    // same input twice -> identical bytes
    IsoResult again = IsoWriters.builtin().write(image(false), dir.resolve("edge2.iso"));
    assertEquals(r, again);
    assertArrayEquals(Files.readAllBytes(iso), Files.readAllBytes(dir.resolve("edge2.iso")));
  }

  @Test
  void write_bootableTree_catalogSeenByXorrisoAndDumpet() throws Exception {
    edgeTree();
    Path iso = dir.resolve("boot.iso");
    IsoWriters.builtin().write(image(true), iso);
    IsoOracles.assertEsxiCatalog(iso);
    List<IsoOracles.EltoritoImage> imgs = IsoOracles.xorrisoBootImages(iso);
    assertEquals(2048, imgs.get(1).loadSize(), "1 MiB EFI image / 512");
    assertExtractedEqual(iso);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xorriso", "genisoimage", "mkisofs"})
  void external_sameTree_sameListingContentAndCatalog(String tool) throws Exception {
    edgeTree();
    IsoImage img = image(true);
    Path builtin = dir.resolve("builtin.iso");
    IsoWriters.builtin().write(img, builtin);
    Path ext = dir.resolve(tool + ".iso");
    IsoResult r = IsoBootIT.writer(tool).write(img, ext);
    assertEquals(Files.size(ext), r.byteCount());
    assertSameList(IsoOracles.isoinfoFiles(builtin), IsoOracles.isoinfoFiles(ext));
    assertExtractedEqual(ext);
    IsoOracles.assertEsxiCatalog(ext);
    List<IsoOracles.EltoritoImage> a = IsoOracles.xorrisoBootImages(builtin);
    List<IsoOracles.EltoritoImage> b = IsoOracles.xorrisoBootImages(ext);
    for (int i = 0; i < 2; i++) {
      assertEquals(a.get(i).platform(), b.get(i).platform());
      assertEquals(a.get(i).emul(), b.get(i).emul());
      assertEquals(a.get(i).loadSize(), b.get(i).loadSize(), tool + " entry " + (i + 1));
    }
    String d = IsoOracles.run("isoinfo", "-d", "-i", ext.toString());
    assertTrue(d.contains("Volume id: ORACLE-1.0"), d);
    assertTrue(d.contains("NO Rock Ridge present"), d);
  }

  @Test
  void external_xorriso_reproducible() throws Exception {
    edgeTree();
    IsoResult a = IsoBootIT.writer("xorriso").write(image(true), dir.resolve("a.iso"));
    IsoResult b = IsoBootIT.writer("xorriso").write(image(true), dir.resolve("b.iso"));
    assertEquals(a, b);
  }

  @Test
  void write_file4GiBMinus1_singleExtentReadBack() throws Exception {
    Path big = dir.resolve("big.bin");
    long size = IsoLayout.MAX_FILE_SIZE;
    byte[] head = random(4096, 12);
    byte[] tail = random(4096, 13);
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(size);
      f.write(head);
      f.seek(size - tail.length);
      f.write(tail);
    }
    Path iso = dir.resolve("big.iso");
    try {
      IsoImage img =
          IsoImage.builder()
              .timestamp(BootTree.T)
              .addFile(IsoPath.parse("/BIG.BIN"), IsoSource.file(big))
              .addFile(
                  IsoPath.parse("/ZAFTER.TXT"),
                  IsoSource.bytes("after".getBytes(StandardCharsets.UTF_8)))
              .build();
      IsoResult r = IsoWriters.builtin().write(img, iso);
      assertEquals(Files.size(iso), r.byteCount());
      String l = IsoOracles.run("isoinfo", "-l", "-i", iso.toString());
      assertTrue(l.contains(" 4294967295 Nov 22 2026"), l);
      try (IsoReader in = new IsoReader(iso)) {
        Map<String, IsoReader.Rec> tree = in.walk(false);
        IsoReader.Rec rec = tree.get("/BIG.BIN;1");
        assertEquals(size, rec.size());
        assertArrayEquals(head, in.read(rec.lba() * 2048, head.length));
        assertArrayEquals(tail, in.read(rec.lba() * 2048 + size - tail.length, tail.length));
        IsoReader.Rec after = tree.get("/ZAFTER.TXT;1");
        assertEquals(rec.lba() + (size + 2047) / 2048, after.lba(), "next file after the big one");
        assertArrayEquals("after".getBytes(StandardCharsets.UTF_8), in.read(after.lba() * 2048, 5));
      }
    } finally {
      Files.deleteIfExists(iso);
      Files.deleteIfExists(big);
    }
  }
}
