package org.esxforge.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary work directories: removal of a whole tree, used wherever a step stages files beside its
 * target and must leave nothing behind.
 *
 * <p>Thread-safe (stateless).
 */
public final class TempDirectories {
  private TempDirectories() {}

  /** Deletes {@code root} and everything below it; nothing happens when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
