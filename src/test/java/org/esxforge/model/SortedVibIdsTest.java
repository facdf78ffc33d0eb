package org.esxforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedVibIdsTest {
  private static final VibId A = new VibId("VMW_bootbank_a_1");
  private static final VibId B = new VibId("VMW_bootbank_b_1");
  private static final VibId C = new VibId("VMW_bootbank_c_1");

  @Test
  void profileIds_sortedUniqueAndSearchedLikeAnyList() {
    ImageProfile p =
        ImageProfile.builder("p", AcceptanceLevel.PARTNER).vibIds(List.of(C, A, B, A)).build();
    List<VibId> ids = p.vibIds();
    assertEquals(List.of(A, B, C), ids);
    assertEquals(ids, List.of(A, B, C));
    assertEquals(List.of(A, B, C).hashCode(), ids.hashCode());
    assertTrue(ids.contains(B));
    assertFalse(ids.contains(new VibId("VMW_bootbank_bb_1")));
    Object sameText = "VMW_bootbank_b_1";
    assertFalse(ids.contains(sameText)); // a string is no VibId
    assertEquals(2, ids.indexOf(C));
    assertEquals(-1, ids.indexOf(null));
    assertTrue(ids.containsAll(List.of(C, A)));
    assertFalse(ids.containsAll(List.of(C, new VibId("x_y_z_1"))));
    assertEquals(new ArrayList<>(List.of(A, B, C)), new ArrayList<>(ids));
    assertThrows(UnsupportedOperationException.class, () -> ids.add(A));
    assertThrows(UnsupportedOperationException.class, () -> ids.remove(0));
  }

  @Test
  void rebuiltProfile_sharesItsIdsAndStaysEqual() {
    ImageProfile p = ImageProfile.builder("p", AcceptanceLevel.PARTNER).vibIds(List.of(B)).build();
    ImageProfile q = p.toBuilder().description("d").build();
    assertEquals(p.vibIds(), q.vibIds());
    assertSame(SortedVibIds.of(q.vibIds()), q.vibIds());
    assertEquals(List.of(), ImageProfile.builder("e", AcceptanceLevel.PARTNER).build().vibIds());
  }

  @Test
  void builder_metadataOnlyKeepsTheSameIds_editsNeverReachTheOriginal() {
    ImageProfile p =
        ImageProfile.builder("p", AcceptanceLevel.PARTNER).vibIds(List.of(A, C)).build();
    // only metadata: the very same (immutable) ids, not a copy made through a sorted set
    assertSame(p.vibIds(), p.toBuilder().profileId("x").name("q").build().vibIds());
    ImageProfile.Builder b = p.toBuilder();
    List<VibId> seen = b.vibIds();
    seen.add(B); // a copy: the builder does not see it
    assertEquals(List.of(A, C), b.build().vibIds());
    assertEquals(List.of(A, B, C), b.addVib(B).build().vibIds());
    assertEquals(List.of(B, C), b.removeVib(A).build().vibIds());
    assertEquals(List.of(A, C), p.vibIds());
    assertEquals(List.of(C), p.toBuilder().removeVib(A).removeVib(B).build().vibIds());
    assertEquals(List.of(A, B), p.toBuilder().vibIds(List.of(B, A, B)).build().vibIds());
    assertEquals(List.of(A, B, C), p.toBuilder().addVib(B).vibIds());
  }

  @Test
  void of_sortedInputTakenAsIsElseSortedWithoutRepeats() {
    assertEquals(List.of(A, B, C), SortedVibIds.of(List.of(A, B, C)));
    assertEquals(List.of(A, B), SortedVibIds.of(List.of(A, B, B)));
    assertEquals(List.of(A, B, C), SortedVibIds.of(List.of(A, C, B)));
    assertEquals(List.of(A), SortedVibIds.of(List.of(A, A)));
    List<VibId> withNull = new ArrayList<>(List.of(A, B));
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> SortedVibIds.of(withNull));
    assertThrows(
        NullPointerException.class, () -> SortedVibIds.of(java.util.Collections.singleton(null)));
  }
}
