package org.esxforge.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code esxforge cache prune} removes: everything ({@code all}), or entries not used for
 * longer than {@code olderThan}, then the least recently used until at most {@code maxByteCount}
 * bytes remain.
 *
 * @param olderThan {@code null} for no age limit
 * @param maxByteCount -1 for no size limit
 * @param now the current time (passed in: library code never reads the clock)
 *     <p>Immutable.
 */
public record PrunePolicy(
    boolean all, @Nullable Duration olderThan, long maxByteCount, Instant now) {
  public PrunePolicy {
    Objects.requireNonNull(now, "now");
    if (!all && olderThan == null && maxByteCount < 0) {
      throw new IllegalArgumentException("prune needs --all, --older-than or --max-size");
    }
  }

  /** Removes every entry. */
  public static PrunePolicy everything(Instant now) {
    return new PrunePolicy(true, null, -1, now);
  }
}
