package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.model.VibDescriptor;
import org.esxforge.profile.TestVibs;
import org.junit.jupiter.api.Test;

class CatalogVibTest {
  private static final VibDescriptor D = TestVibs.vib("nvme", "1.0-1").build();

  private static CatalogVib held(Set<String> depots) {
    return new CatalogVib(D, "vib20/nvme.vib", 1, null, depots, new Sources.Missing("x"), true);
  }

  @Test
  void depots_equalSetsShareOneSortedImmutableCopy() {
    CatalogVib a = held(Set.of("b.zip", "a.zip"));
    CatalogVib b = held(new TreeSet<>(List.of("a.zip", "b.zip")));
    assertEquals(List.of("a.zip", "b.zip"), List.copyOf(a.depots()));
    assertSame(a.depots(), b.depots());
    assertSame(a.depots(), a.withDepots(Set.of("a.zip")).depots());
    assertEquals(
        List.of("a.zip", "b.zip", "c.zip"), List.copyOf(a.withDepots(Set.of("c.zip")).depots()));
    assertThrows(UnsupportedOperationException.class, () -> a.depots().add("c.zip"));
  }

  @Test
  void depots_mutableSetGiven_laterChangesNotSeen() {
    TreeSet<String> given = new TreeSet<>(List.of("m.zip"));
    CatalogVib v = held(given);
    given.add("n.zip");
    assertEquals(Set.of("m.zip"), v.depots());
  }
}
