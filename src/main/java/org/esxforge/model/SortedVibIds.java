package org.esxforge.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.TreeSet;

/**
 * The VIB ids of an {@link ImageProfile}: an immutable list, sorted and unique, whose {@code
 * contains}, {@code indexOf} and so {@code containsAll} search by bisection. Profiles hold up to
 * tens of thousands of VIBs and callers ask "is this component's VIB in the image?" once per VIB of
 * every component, which a plain list answers by a scan (quadratic in all).
 *
 * <p>Immutable and thread-safe. Equal to any list with the same ids in the same order.
 */
final class SortedVibIds extends AbstractList<VibId> implements RandomAccess {
  private static final SortedVibIds EMPTY = new SortedVibIds(new VibId[0]);

  private final VibId[] ids;

  private SortedVibIds(VibId[] ids) {
    this.ids = ids;
  }

  /** {@code ids} sorted, without repeats (null ids are refused). */
  static List<VibId> of(Collection<VibId> ids) {
    if (ids instanceof SortedVibIds s) {
      return s;
    }
    VibId[] a = ids.toArray(new VibId[0]);
    for (int i = 1; i < a.length; i++) {
      if (a[i - 1].compareTo(a[i]) >= 0) { // unsorted or a repeat: sort and drop repeats
        a = new TreeSet<>(ids).toArray(new VibId[0]);
        break;
      }
    }
    if (a.length == 1) {
      Objects.requireNonNull(a[0], "VIB id");
    }
    return a.length == 0 ? EMPTY : new SortedVibIds(a);
  }

  @Override
  public VibId get(int index) {
    return ids[index];
  }

  @Override
  public int size() {
    return ids.length;
  }

  @Override
  public boolean contains(Object o) {
    return indexOf(o) >= 0;
  }

  @Override
  public int indexOf(Object o) {
    if (!(o instanceof VibId id)) {
      return -1;
    }
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? -1 : i;
  }

  @Override
  public int lastIndexOf(Object o) {
    return indexOf(o);
  }

  @Override
  public Object[] toArray() {
    return ids.clone();
  }
}
