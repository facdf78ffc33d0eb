package org.esxforge.build;

import java.util.List;
import java.util.Objects;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibId;

/**
 * One VIB of a resolved profile as a lockfile records it: its id, the SHA-256 of the whole {@code
 * .vib} and the depot locations that hold it (sorted, so the record does not depend on the order
 * the depots were given in).
 *
 * <p>Immutable and thread-safe.
 */
public record ResolvedVib(VibId id, Sha256 sha256, List<String> depots) {
  public ResolvedVib {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sha256, "sha256");
    depots = List.copyOf(depots);
  }
}
