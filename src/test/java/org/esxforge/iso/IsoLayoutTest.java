package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IsoLayoutTest {
  static IsoPath p(String s) {
    return BuiltinIsoWriterTest.p(s);
  }

  static IsoSource size(long n) {
    return IsoSource.generated(n, ch -> {});
  }

  @Test
  void plan_bootableWithJoliet_sectorsInDocumentedOrder() {
    IsoImage img =
        IsoImage.builder()
            .joliet(true)
            .addFile(p("/ISOLINUX.BIN"), size(5000))
            .addFile(p("/A/B.TXT"), size(2048))
            .addFile(p("/ZERO"), size(0))
            .bootCatalog(p("/BOOT.CAT"))
            .addBootEntry(BootEntry.bios(p("/ISOLINUX.BIN"), 4, true))
            .build();
    IsoLayout l = IsoLayout.plan(img);
    assertEquals(17, l.bootRecordLba);
    assertEquals(18, l.jolietLba);
    assertEquals(19, l.terminatorLba);
    assertEquals(20, l.catalogLba);
    assertEquals(List.of(21L, 22L), List.of(l.pathTableLba[0][0], l.pathTableLba[0][1]));
    assertEquals(List.of(23L, 24L), List.of(l.pathTableLba[1][0], l.pathTableLba[1][1]));
    assertEquals(List.of("/", "/A"), l.directories.stream().map(n -> n.path.path()).toList());
    assertEquals(25, l.root.dirLba[0]);
    assertEquals(26, l.node(p("/A")).dirLba[0]);
    assertEquals(27, l.root.dirLba[1]);
    assertEquals(28, l.node(p("/A")).dirLba[1]);
    // data in path-table order: root's files first, then /A's
    assertEquals(
        List.of("/ISOLINUX.BIN", "/A/B.TXT"),
        l.dataFiles.stream().map(n -> n.path.path()).toList());
    assertEquals(29, l.node(p("/ISOLINUX.BIN")).lba);
    assertEquals(32, l.node(p("/A/B.TXT")).lba);
    assertEquals(0, l.node(p("/ZERO")).lba, "size-0 files take no sectors");
    assertEquals(33, l.totalSectors);
    assertEquals(20, l.node(p("/BOOT.CAT")).lba);
    assertEquals(10 + 10, l.pathTableSize[0], "root (8+1+1) + A (8+1+1)");
    assertEquals(10 + 10, l.pathTableSize[1], "root (8+1+1) + A in UCS-2 (8+2)");
  }

  @Test
  void plan_largeDirectory_extentSpansWholeSectorsWithoutSplitRecords() {
    IsoImage.Builder b = IsoImage.builder();
    for (int i = 0; i < 200; i++) {
      b.addFile(p(String.format("/D/F%07d.DAT", i)), size(1));
    }
    IsoLayout l = IsoLayout.plan(b.build());
    // each record 33 + 14 ("F0000000.DAT;1") + 1 pad = 48 bytes; 42 per sector; . and .. 34 each
    long d = l.node(p("/D")).dirSize[0];
    assertEquals(5 * 2048, d);
    assertTrue(l.node(p("/D/F0000000.DAT")).lba > l.node(p("/D")).dirLba[0]);
  }

  @Test
  void compareNames_ecma119Order() {
    List<String> sorted =
        List.of("A.Z", "A", "A0.TXT", "A_", "AB", "A.B", "B.", "A.").stream()
            .sorted(IsoLayout::compareNames)
            .toList();
    assertEquals(List.of("A", "A.", "A.B", "A.Z", "A0.TXT", "AB", "A_", "B."), sorted);
  }
}
