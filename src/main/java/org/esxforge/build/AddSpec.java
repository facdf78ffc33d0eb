package org.esxforge.build;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code --add} (or {@code --vib-list} entry, or recipe {@code add:}) means, decided once
 * where the text comes in ({@link #parse}), so every part of a build reads the same meaning.
 *
 * <ul>
 *   <li>{@link Location}: a file or folder to add from: a {@code .vib} (that VIB), or a bundle,
 *       component zip, installer ISO or package folder (everything in it, newest per name). The
 *       text is a path when it contains a path separator, ends in {@code .vib}, {@code .zip} or
 *       {@code .iso}, or names an existing directory; no VIB name, id or {@code name@version} does.
 *   <li>{@link Reference}: anything else: a VIB id, a VIB or component name (newest that fits), or
 *       {@code name@version}. Which of these it is depends on the depots, so the catalog decides
 *       ({@link AddSpecs}): a VIB id first, then a VIB name, then a component name.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface AddSpec permits AddSpec.Location, AddSpec.Reference {
  /** The text as given (for messages and manifests). */
  String text();

  /** A file or folder to add packages from. */
  record Location(String text, Path path) implements AddSpec {
    public Location {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(path, "path");
    }

    /** Whether it names one {@code .vib} (add that VIB, not "everything in it"). */
    public boolean singleVib() {
      return text.endsWith(".vib");
    }
  }

  /**
   * A VIB id, a name, or {@code name@version}.
   *
   * @param name the text before {@code @} (the whole text when there is none)
   * @param version the text after {@code @}, or null for "the newest that fits"
   */
  record Reference(String text, String name, @Nullable String version) implements AddSpec {
    public Reference {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(name, "name");
    }
  }

  /** The meaning of {@code text}; a relative path is judged against the working directory. */
  static AddSpec parse(String text) {
    return parse(text, null);
  }

  /**
   * The meaning of {@code text}, a relative path judged against {@code dir} (a recipe's folder), or
   * the working directory when {@code dir} is null; a package's path is then resolved against it.
   */
  static AddSpec parse(String text, @Nullable Path dir) {
    Objects.requireNonNull(text, "text");
    Path path = pathIn(text, dir);
    if (path != null) {
      return new Location(text, path);
    }
    String s = text.trim();
    int at = s.indexOf('@');
    return at < 0
        ? new Reference(text, s, null)
        : new Reference(text, s.substring(0, at), s.substring(at + 1));
  }

  /**
   * A package of the given path (e.g. {@code --add-all-from DIR}), whatever its name looks like.
   */
  static AddSpec.Location of(Path path) {
    return new Location(path.toString(), path);
  }

  private static @Nullable Path pathIn(String text, @Nullable Path dir) {
    boolean looksLikePath =
        text.contains("/")
            || text.contains(java.io.File.separator)
            || text.endsWith(".vib")
            || text.endsWith(".zip")
            || text.endsWith(".iso");
    Path p;
    try {
      p = dir == null ? Path.of(text) : dir.resolve(text).normalize();
    } catch (InvalidPathException e) {
      return null; // not a path on this system (a name with characters a path cannot have)
    }
    return looksLikePath || Files.isDirectory(p) ? p : null;
  }
}
