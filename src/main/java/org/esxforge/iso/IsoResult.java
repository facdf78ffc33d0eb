package org.esxforge.iso;

import java.util.Objects;
import org.esxforge.io.Sha256;

/** The size and SHA-256 of a written ISO. Immutable and thread-safe. */
public record IsoResult(long byteCount, Sha256 sha256) {
  public IsoResult {
    Objects.requireNonNull(sha256, "sha256");
    if (byteCount < 0) {
      throw new IllegalArgumentException("negative byte count " + byteCount);
    }
  }
}
