package org.esxforge.depot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A byte range of a local file holding a VIB's exact bytes: the VIB file itself, or a STORED entry
 * of a local zip. Lets writers copy with {@code FileChannel.transferTo}.
 *
 * <p>Immutable and thread-safe.
 */
public record LocalRegion(Path file, long offset, long length) {
  public LocalRegion {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
  }
}
