package org.esxforge.image;

import java.util.Comparator;
import java.util.Objects;
import org.esxforge.model.VibId;

/**
 * One payload of one VIB: where a module's or ISO file's bytes come from. Immutable and
 * thread-safe.
 */
public record PayloadRef(VibId vibId, String payloadName) implements Comparable<PayloadRef> {
  private static final Comparator<PayloadRef> ORDER =
      Comparator.comparing(PayloadRef::vibId).thenComparing(PayloadRef::payloadName);

  public PayloadRef {
    Objects.requireNonNull(vibId, "vibId");
    Objects.requireNonNull(payloadName, "payloadName");
  }

  @Override
  public int compareTo(PayloadRef o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return vibId + "!" + payloadName;
  }
}
