package org.esxforge.iso;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an {@link IsoImage} to a file, atomically: the target appears complete or not at all. Get
 * one from {@link IsoWriters}.
 *
 * <p>Implementations are thread-safe; concurrent writes to different targets are fine.
 */
public interface IsoWriter {
  /** Writes {@code image} to {@code target} (replacing it) and returns its size and SHA-256. */
  IsoResult write(IsoImage image, Path target) throws IOException;
}
