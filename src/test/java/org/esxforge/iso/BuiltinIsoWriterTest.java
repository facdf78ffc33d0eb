package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinIsoWriterTest {
  static final Instant T = Instant.parse("2026-11-22T04:41:07Z");

  @TempDir Path dir;

  static IsoPath p(String s) {
    try {
      return IsoPath.parse(s);
    } catch (InvalidIsoPathException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A small two-entry bootable image over real files in {@code dir}. */
  IsoImage bootable() throws IOException {
    Path boot = dir.resolve("isolinux.bin");
    Files.write(boot, random(5000, 1));
    Path efi = dir.resolve("efiboot.img");
    Files.write(efi, random(1474560, 2));
    return IsoImage.builder()
        .volumeId("esxi-8.0u3-test")
        .applicationId("ESXIMAGE")
        .timestamp(T)
        .addFile(p("/ISOLINUX.BIN"), IsoSource.file(boot))
        .addFile(p("/EFIBOOT.IMG"), IsoSource.file(efi))
        .addFile(p("/b.b00"), IsoSource.bytes(random(3000, 3)))
        .addFile(
            p("/EFI/BOOT/BOOT.CFG"),
            IsoSource.bytes("kernel=/b.b00\n".getBytes(StandardCharsets.UTF_8)))
        .addFile(p("/EMPTY.TXT"), IsoSource.bytes(new byte[0]))
        .addDirectory(p("/EMPTYDIR"))
        .bootCatalog(p("/BOOT.CAT"))
        .addBootEntry(BootEntry.bios(p("/ISOLINUX.BIN"), 4, true))
        .addBootEntry(BootEntry.uefi(p("/EFIBOOT.IMG")))
        .build();
  }

  @Test
  void write_bootableImage_volumeDescriptorsAsSpecified() throws Exception {
    Path iso = dir.resolve("out.iso");
    IsoResult r = IsoWriters.builtin().write(bootable(), iso);
    assertEquals(Files.size(iso), r.byteCount());
    assertEquals(Sha256.of(Files.readAllBytes(iso)), r.sha256());
    try (IsoReader in = new IsoReader(iso)) {
      for (int i = 0; i < 16; i++) {
        assertArrayEquals(new byte[2048], in.sector(i), "system area sector " + i);
      }
      byte[] pvd = in.pvd();
      assertEquals(1, pvd[0]);
      assertEquals("CD001", IsoReader.ascii(pvd, 1, 5));
      assertEquals(1, pvd[6]);
      assertEquals(String.format("%-32s", "ESXI-8.0U3-TEST"), IsoReader.ascii(pvd, 40, 32));
      assertEquals(r.byteCount() / 2048, IsoReader.both32(pvd, 80));
      assertEquals(1, IsoReader.both16(pvd, 120));
      assertEquals(1, IsoReader.both16(pvd, 124));
      assertEquals(2048, IsoReader.both16(pvd, 128));
      assertEquals("ESXIMAGE", IsoReader.ascii(pvd, 574, 128).strip());
      assertEquals("2026112204410700", IsoReader.ascii(pvd, 813, 16));
      assertEquals("2026112204410700", IsoReader.ascii(pvd, 830, 16));
      assertEquals("0000000000000000", IsoReader.ascii(pvd, 847, 16));
      assertEquals(1, pvd[881]);
      byte[] br = in.sector(17);
      assertEquals(0, br[0]);
      assertEquals("EL TORITO SPECIFICATION", IsoReader.ascii(br, 7, 23));
      for (int i = 7 + 23; i < 39; i++) {
        assertEquals(0, br[i], "boot system id must be zero-padded");
      }
      assertEquals(255, in.sector(18)[0] & 0xFF);
      assertEquals(19, IsoReader.le32(br, 71), "catalog right after the terminator");
    }
  }

  @Test
  void write_bootableImage_catalogChecksumAndSections() throws Exception {
    Path iso = dir.resolve("out.iso");
    IsoImage img = bootable();
    IsoWriters.builtin().write(img, iso);
    try (IsoReader in = new IsoReader(iso)) {
      byte[] cat = in.sector(19);
      int sum = 0;
      for (int i = 0; i < 32; i += 2) {
        sum += IsoReader.le16(cat, i);
      }
      assertEquals(0, sum & 0xFFFF, "validation entry words sum to 0");
      assertEquals(0x55, cat[30] & 0xFF);
      assertEquals(0xAA, cat[31] & 0xFF);
      List<IsoReader.Boot> e = in.bootCatalog();
      Map<String, IsoReader.Rec> tree = in.walk(false);
      assertEquals(4, e.size());
      assertEquals(new IsoReader.Boot(1, 0, 0, 0, 0).indicator(), e.get(0).indicator());
      assertEquals(0x88, e.get(1).indicator());
      assertEquals(4, e.get(1).loadSectors());
      assertEquals(tree.get("/ISOLINUX.BIN;1").lba(), e.get(1).lba());
      assertEquals(0x91, e.get(2).indicator());
      assertEquals(0xEF, e.get(2).platform());
      assertEquals(1, IsoReader.le16(cat, 64 + 2), "one section entry");
      assertEquals(0x88, e.get(3).indicator());
      assertEquals(2880, e.get(3).loadSectors(), "1.44 MB image / 512");
      assertEquals(tree.get("/EFIBOOT.IMG;1").lba(), e.get(3).lba());
      assertEquals(19, tree.get("/BOOT.CAT;1").lba());
      assertEquals(2048, tree.get("/BOOT.CAT;1").size());
    }
  }

  @Test
  void write_bootInfoTable_patchedInImageOnly() throws Exception {
    Path iso = dir.resolve("out.iso");
    IsoImage img = bootable();
    byte[] original = Files.readAllBytes(dir.resolve("isolinux.bin"));
    IsoWriters.builtin().write(img, iso);
    assertArrayEquals(
        original, Files.readAllBytes(dir.resolve("isolinux.bin")), "source untouched");
    try (IsoReader in = new IsoReader(iso)) {
      IsoReader.Rec rec = in.walk(false).get("/ISOLINUX.BIN;1");
      byte[] copy = in.read(rec.lba() * 2048, (int) rec.size());
      long sum = 0;
      for (int i = 64; i < original.length; i += 4) {
        long w = 0;
        for (int k = 0; k < 4 && i + k < original.length; k++) {
          w |= (original[i + k] & 0xFFL) << (8 * k);
        }
        sum = (sum + w) & 0xFFFF_FFFFL;
      }
      assertEquals(16, IsoReader.le32(copy, 8));
      assertEquals(rec.lba(), IsoReader.le32(copy, 12));
      assertEquals(original.length, IsoReader.le32(copy, 16));
      assertEquals(sum, IsoReader.le32(copy, 20));
      for (int i = 24; i < 64; i++) {
        assertEquals(0, copy[i]);
      }
      for (int i = 0; i < original.length; i++) {
        if (i < 8 || i >= 64) {
          assertEquals(original[i], copy[i], "byte " + i);
        }
      }
    }
  }

  @Test
  void write_tree_pathTablesAndRecordsSorted() throws Exception {
    IsoImage.Builder b = IsoImage.builder().timestamp(T);
    for (String s :
        List.of(
            "/Z/A.TXT", "/A_/B.TXT", "/A/Z.TXT", "/A/B/C.TXT", "/AB", "/A0.TXT", "/A.Z", "/A")) {
      if (s.equals("/A")) {
        continue;
      }
      b.addFile(p(s), IsoSource.bytes(s.getBytes(StandardCharsets.UTF_8)));
    }
    Path iso = dir.resolve("t.iso");
    IsoWriters.builtin().write(b.build(), iso);
    try (IsoReader in = new IsoReader(iso)) {
      byte[] pvd = in.pvd();
      int ptSize = (int) IsoReader.both32(pvd, 132);
      byte[] l = in.read(IsoReader.le32(pvd, 140) * 2048, ptSize);
      byte[] m = in.read(IsoReader.be32(pvd, 148) * 2048, ptSize);
      List<String> names = new ArrayList<>();
      List<Integer> parents = new ArrayList<>();
      for (int pos = 0; pos < ptSize; ) {
        int len = l[pos] & 0xFF;
        assertEquals(IsoReader.le32(l, pos + 2), IsoReader.be32(m, pos + 2));
        assertEquals(IsoReader.le16(l, pos + 6), IsoReader.be16(m, pos + 6));
        names.add(len == 1 && l[pos + 8] == 0 ? "<root>" : IsoReader.ascii(l, pos + 8, len));
        parents.add(IsoReader.le16(l, pos + 6));
        pos += 8 + len + (len % 2);
      }
      assertEquals(List.of("<root>", "A", "A_", "Z", "B"), names);
      assertEquals(List.of(1, 1, 1, 1, 2), parents);
      List<String> root =
          in.directory("", IsoReader.both32(pvd, 158), IsoReader.both32(pvd, 166), false).stream()
              .map(IsoReader.Rec::id)
              .toList();
      assertEquals(List.of(".", "..", "A", "A.Z;1", "A0.TXT;1", "AB.;1", "A_", "Z"), root);
      for (IsoReader.Rec r : in.walk(false).values()) {
        assertEquals(0, r.length() % 2, "even record length " + r);
        int lenFi = r.raw()[32];
        assertEquals(33 + lenFi + (lenFi % 2 == 0 ? 1 : 0), r.length());
      }
    }
  }

  @Test
  void write_sameInputTwice_identicalBytes() throws Exception {
    IsoResult a = IsoWriters.builtin().write(bootable(), dir.resolve("a.iso"));
    IsoResult b = IsoWriters.builtin().write(bootable(), dir.resolve("b.iso"));
    assertEquals(a, b);
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.iso")), Files.readAllBytes(dir.resolve("b.iso")));
  }

  @Test
  void write_sameBytesFromFileBytesRegionGenerated_identicalIso() throws Exception {
    byte[] boot = random(70_001, 21);
    Path f = dir.resolve("boot.bin");
    Files.write(f, boot);
    Path padded = dir.resolve("padded.bin");
    byte[] pad = new byte[boot.length + 100];
    System.arraycopy(boot, 0, pad, 33, boot.length);
    Files.write(padded, pad);
    List<IsoSource> sources =
        List.of(
            IsoSource.file(f),
            IsoSource.bytes(boot),
            IsoSource.region(padded, 33, boot.length),
            IsoSource.generated(
                boot.length,
                ch -> {
                  for (int i = 0; i < boot.length; i += 1000) {
                    ch.write(ByteBuffer.wrap(boot, i, Math.min(1000, boot.length - i)));
                  }
                }));
    List<Sha256> digests = new ArrayList<>();
    for (IsoSource src : sources) {
      IsoImage img =
          IsoImage.builder()
              .timestamp(T)
              .addFile(p("/ISOLINUX.BIN"), src)
              .addFile(p("/K.B00"), src)
              .bootCatalog(p("/BOOT.CAT"))
              .addBootEntry(BootEntry.bios(p("/ISOLINUX.BIN"), 4, true))
              .build();
      digests.add(IsoWriters.builtin().write(img, dir.resolve("s.iso")).sha256());
    }
    assertEquals(1, digests.stream().distinct().count(), digests.toString());
  }

  /** Fails after megabytes went through the hashing thread: no output, no temp, no thread left. */
  @Test
  void write_failingSource_leavesNothing() throws Exception {
    Path out = dir.resolve("sub/fail.iso");
    java.util.function.Supplier<java.util.Set<Thread>> hashThreads =
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sha256") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    java.util.Set<Thread> before = hashThreads.get();
    IsoImage img =
        IsoImage.builder()
            .addFile(p("/A.BIN"), IsoSource.bytes(random(100_000, 4)))
            .addFile(p("/M.BIN"), IsoSource.bytes(random(5 << 20, 8)))
            .addFile(
                p("/B.BIN"),
                IsoSource.generated(
                    10,
                    ch -> {
                      ch.write(ByteBuffer.wrap(new byte[5]));
                      throw new IOException("disk on fire");
                    }))
            .build();
    IOException e = assertThrows(IOException.class, () -> IsoWriters.builtin().write(img, out));
    assertEquals("disk on fire", e.getMessage());
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertEquals(List.of(), s.toList());
    }
    assertEquals(before, hashThreads.get(), "the hashing thread ended");
  }

  @Test
  void write_sourceShorterThanDeclared_failsNamingFile() throws Exception {
    Path out = dir.resolve("short.iso");
    IsoImage img =
        IsoImage.builder()
            .addFile(
                p("/B.BIN"), IsoSource.generated(10, ch -> ch.write(ByteBuffer.wrap(new byte[7]))))
            .build();
    IOException e = assertThrows(IOException.class, () -> IsoWriters.builtin().write(img, out));
    assertEquals(
        out
            + "!/B.BIN: source wrote 7 bytes but declared 10 bytes; was the file changed while the"
            + " ISO was written?",
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void write_sourceLongerThanDeclared_failsNamingFile() throws Exception {
    Path out = dir.resolve("long.iso");
    IsoImage img =
        IsoImage.builder()
            .addFile(
                p("/B.BIN"), IsoSource.generated(10, ch -> ch.write(ByteBuffer.wrap(new byte[12]))))
            .build();
    IOException e = assertThrows(IOException.class, () -> IsoWriters.builtin().write(img, out));
    assertTrue(
        e.getMessage().startsWith(out + "!/B.BIN: source wrote 12 bytes but declared 10"),
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void write_regionBeyondFileEnd_failsNamingFile() throws Exception {
    Path f = dir.resolve("small.bin");
    Files.write(f, new byte[100]);
    Path out = dir.resolve("r.iso");
    IsoImage img = IsoImage.builder().addFile(p("/R.BIN"), IsoSource.region(f, 50, 100)).build();
    IOException e = assertThrows(IOException.class, () -> IsoWriters.builtin().write(img, out));
    assertTrue(
        e.getMessage().startsWith(out + "!/R.BIN: " + f + "@100: file ends before"),
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void write_region_copiesExactlyTheRange() throws Exception {
    Path f = dir.resolve("ar.bin");
    byte[] all = random(10_000, 5);
    Files.write(f, all);
    Path out = dir.resolve("r.iso");
    IsoWriters.builtin()
        .write(
            IsoImage.builder().addFile(p("/R.BIN"), IsoSource.region(f, 1234, 5000)).build(), out);
    try (IsoReader in = new IsoReader(out)) {
      IsoReader.Rec r = in.walk(false).get("/R.BIN;1");
      assertEquals(5000, r.size());
      byte[] expect = new byte[5000];
      System.arraycopy(all, 1234, expect, 0, 5000);
      assertArrayEquals(expect, in.read(r.lba() * 2048, 5000));
      assertArrayEquals(new byte[3 * 2048 - 5000], in.read(r.lba() * 2048 + 5000, 3 * 2048 - 5000));
    }
  }

  @Test
  void write_fileOf4GiB_refusedBeforeWriting() {
    Path out = dir.resolve("big.iso");
    IsoImage img =
        IsoImage.builder().addFile(p("/BIG.BIN"), IsoSource.generated(1L << 32, ch -> {})).build();
    IOException e = assertThrows(IOException.class, () -> IsoWriters.builtin().write(img, out));
    assertEquals(
        out
            + ": file '/BIG.BIN' is 4294967296 bytes; an ISO 9660 file extent holds at most"
            + " 4294967295 bytes (4 GiB - 1) and multi-extent files are not supported",
        e.getMessage());
  }

  @Test
  void write_withHandlers_emitsFinalProgress() throws Exception {
    List<ProgressEvent> events = new ArrayList<>();
    IsoResult r =
        IsoWriters.builtin(EventHandlers.of(ev -> events.add((ProgressEvent) ev)))
            .write(bootable(), dir.resolve("e.iso"));
    ProgressEvent last = events.get(events.size() - 1);
    assertEquals(new ProgressEvent("write e.iso", r.byteCount(), r.byteCount(), "bytes"), last);
  }

  @Test
  void write_jolietAndRockRidge_namesInBothTrees() throws Exception {
    IsoImage img =
        IsoImage.builder()
            .timestamp(T)
            .joliet(true)
            .rockRidge(true)
            .addFile(p("/EFI/BOOT/BOOTX64.EFI"), IsoSource.bytes(new byte[10]))
            .addFile(p("/README"), IsoSource.bytes(new byte[3]))
            .build();
    Path iso = dir.resolve("j.iso");
    IsoWriters.builtin().write(img, iso);
    try (IsoReader in = new IsoReader(iso)) {
      assertEquals(2, in.sector(17)[0]);
      assertEquals("%/E", IsoReader.ascii(in.sector(17), 88, 3));
      assertEquals(
          List.of("/EFI", "/EFI/BOOT", "/EFI/BOOT/BOOTX64.EFI", "/README"),
          List.copyOf(in.walk(true).keySet()));
      Map<String, IsoReader.Rec> primary = in.walk(false);
      assertEquals(
          List.of("/EFI", "/EFI/BOOT", "/EFI/BOOT/BOOTX64.EFI;1", "/README.;1"),
          List.copyOf(primary.keySet()));
      String raw =
          new String(primary.get("/EFI/BOOT/BOOTX64.EFI;1").raw(), StandardCharsets.ISO_8859_1);
      assertTrue(raw.contains("NM\u0010\u0001\u0000bootx64.efi"), raw);
      assertEquals(
          in.walk(true).get("/EFI/BOOT/BOOTX64.EFI").lba(),
          primary.get("/EFI/BOOT/BOOTX64.EFI;1").lba(),
          "file data shared by both trees");
    }
  }
}
