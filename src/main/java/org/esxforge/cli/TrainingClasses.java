package org.esxforge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads the classes that esxforge's builds load, whichever kind ({@code build-classes.txt}, written
 * by {@code bench/cds-class-list.sh}), at the end of the launcher's training build: {@code
 * bin/esxforge} archives the classes that the first successful build after each jar build loaded
 * ({@code -XX:ArchiveClassesAtExit}), and without this the archive served only builds of that
 * build's kind (trained by a bundle-only build, it left the full-size ISO + bundle build 7 % slower
 * than one trained by that build). Loading does not initialise a class; one that no longer exists,
 * or does not link here, is skipped. Stateless.
 */
final class TrainingClasses {
  /** The system property by which the launcher marks its training build. */
  static final String PROPERTY = "esxforge.train";

  private TrainingClasses() {}

  /** Loads every class of the list that exists; returns how many it loaded. */
  static int load() {
    ClassLoader loader = TrainingClasses.class.getClassLoader();
    int loaded = 0;
    InputStream list = TrainingClasses.class.getResourceAsStream("build-classes.txt");
    if (list == null) {
      return 0;
    }
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try {
          Class.forName(name, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          // renamed or removed since the list was written, or not on this JDK: not archived
        }
      }
    } catch (IOException e) {
      return loaded; // the archive is then only thinner
    }
    return loaded;
  }
}
