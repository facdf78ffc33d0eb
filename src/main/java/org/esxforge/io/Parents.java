package org.esxforge.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The folder that holds a file, and a file's name. {@link Path#getParent()} is null for a root
 * ({@code /}) or a bare relative name; absolute first, only a root is left, and a root names no
 * file to write or read.
 *
 * <p>Stateless and thread-safe.
 */
public final class Parents {
  private Parents() {}

  /** The absolute folder holding {@code file}; an {@link IOException} when it names a root. */
  public static Path of(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IOException(file + ": names a root directory, not a file");
    }
    return parent;
  }

  /** The last name of {@code p}; the whole path for a root, which has none. */
  public static String nameOf(Path p) {
    Path name = p.getFileName();
    return name == null ? p.toString() : name.toString();
  }
}
