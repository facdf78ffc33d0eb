package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Compares what two catalogs hold, ignoring where it came from. */
final class CatalogAssert {
  private CatalogAssert() {}

  static void sameContent(Catalog a, Catalog b) {
    assertEquals(a.vibs().keySet(), b.vibs().keySet());
    for (CatalogVib v : a.vibs().values()) {
      CatalogVib w = b.vibs().get(v.id());
      // what the depot metadata says; the VIB's own signed descriptor is read only where its
      // bytes are local (an online depot's VIB is judged by its metadata until downloaded)
      assertEquals(v.metadata(), w.metadata());
      if (v.signed() != null && w.signed() != null) {
        assertEquals(v.descriptor(), w.descriptor());
        assertEquals(v.disagreements(), w.disagreements());
      }
      assertEquals(v.relativePath(), w.relativePath());
      assertEquals(v.packedSize(), w.packedSize());
      assertEquals(v.sha256(), w.sha256());
    }
    assertEquals(a.bulletins(), b.bulletins());
    assertEquals(a.profiles(), b.profiles());
    assertEquals(a.releaseUnits(), b.releaseUnits());
    assertEquals(a.depots().size(), b.depots().size());
    for (int i = 0; i < a.depots().size(); i++) {
      DepotInfo x = a.depots().get(i);
      DepotInfo y = b.depots().get(i);
      assertEquals(x.vendors(), y.vendors());
      assertEquals(versions(x), versions(y));
      assertEquals(x.vibCount(), y.vibCount());
      assertEquals(x.bulletinCount(), y.bulletinCount());
    }
  }

  private static List<String> versions(DepotInfo i) {
    return i.metadata().stream()
        .map(m -> m.productId() + "/" + m.version() + "/" + m.channel())
        .toList();
  }
}
