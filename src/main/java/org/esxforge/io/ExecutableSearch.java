package org.esxforge.io;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds an external program (xorriso, genisoimage, gcc…) on a PATH-style list of folders.
 *
 * <p>Choice: only absolute entries are searched. An empty entry (a leading, trailing or doubled
 * separator) means the current folder to a POSIX shell, and a relative entry depends on it too;
 * esxforge never runs a program found relative to where it was started, so both are skipped.
 *
 * <p>Thread-safe (stateless).
 */
public final class ExecutableSearch {
  private ExecutableSearch() {}

  /** The first executable {@code name} in the folders of the {@code PATH} environment variable. */
  public static Optional<Path> onPath(String name) {
    return find(name, System.getenv("PATH"));
  }

  /**
   * The first executable {@code name} in the absolute folders of {@code path} (separated by {@link
   * File#pathSeparator}), in order; empty when {@code path} is null or none has it.
   */
  public static Optional<Path> find(String name, @Nullable String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path folder;
      try {
        folder = Path.of(dir);
      } catch (InvalidPathException e) {
        continue; // not a folder name on this system: nothing to find there
      }
      if (dir.isEmpty() || !folder.isAbsolute()) {
        continue;
      }
      Path p = folder.resolve(name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
