package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one check every output path of a build passes before anything is read: an output must not
 * resolve (symbolic links followed) to one of the build's inputs — a {@code -d} zip, an {@code
 * --add} bundle or VIB, a {@code --vib-list}, a kickstart, a recipe, a lock — nor to another
 * output; an output that exists must be a regular file (moving a temp file onto {@code /dev/null}
 * as root would replace the device); and the nearest existing directory on its way must be a
 * writable directory. Each refusal is an {@link OutputPathException}: {@code <option> <path>:
 * <problem>}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /**
   * A path with the option that named it.
   *
   * @param option e.g. {@code --iso}, {@code -d}, {@code the recipe}
   */
  public record Named(String option, Path path) {
    public Named {
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return option + " " + path;
    }
  }

  /**
   * Checks {@code outputs} against each other and against {@code inputs} (inputs that do not exist,
   * such as URLs given as paths, are skipped).
   *
   * @throws OutputPathException the first problem found, outputs in the given order
   */
  public static void check(List<Named> outputs, List<Named> inputs) throws OutputPathException {
    List<Path> seen = new ArrayList<>();
    for (Named o : outputs) {
      Path real = real(o);
      if (Files.exists(o.path()) && !Files.isRegularFile(o.path())) {
        throw new OutputPathException(
            o
                + ": exists and is not a regular file; refusing to"
                + " replace it (give the path of a new or regular file)");
      }
      Path dir = nearestExisting(real.getParent());
      if (dir != null && !Files.isDirectory(dir)) {
        throw new OutputPathException(o + ": " + dir + " is not a directory");
      }
      if (dir != null && !Files.isWritable(dir)) {
        throw new OutputPathException(o + ": directory " + dir + " is not writable");
      }
      for (Named i : inputs) {
        if (Files.exists(i.path()) && real.equals(real(i))) {
          throw new OutputPathException(
              o
                  + ": is the input "
                  + i
                  + "; refusing to overwrite an input (choose another output path)");
        }
      }
      int k = seen.indexOf(real);
      if (k >= 0) {
        throw new OutputPathException(
            o + ": is also the output " + outputs.get(k) + "; give each output its own path");
      }
      seen.add(real);
    }
  }

  /**
   * Checks the outputs of {@code req} against its inputs (local {@code -d} depots, {@code --add}
   * files, {@code .vib} paths of the VIB list, the kickstart) and {@code moreInputs} (files only
   * the caller knows: a {@code --vib-list} file, a recipe, its lock).
   */
  public static void check(BuildRequest req, List<Named> moreInputs) throws OutputPathException {
    List<Named> outputs = new ArrayList<>();
    if (req.iso() != null) {
      outputs.add(new Named("--iso", req.iso()));
    }
    if (req.bundle() != null) {
      outputs.add(new Named("--bundle", req.bundle()));
    }
    List<Named> inputs = new ArrayList<>(existing("-d", req.depots()));
    inputs.addAll(packages("--add", req.adds()));
    if (req.vibList() != null) {
      inputs.addAll(packages("--vib-list entry", req.vibList()));
    }
    if (req.kickstart() != null) {
      inputs.add(new Named("--kickstart", req.kickstart()));
    }
    inputs.addAll(moreInputs);
    check(outputs, inputs);
  }

  /** The packages among {@code specs} that exist, labelled {@code option}. */
  private static List<Named> packages(String option, List<AddSpec> specs) {
    List<Named> out = new ArrayList<>();
    for (AddSpec s : specs) {
      if (s instanceof AddSpec.Location p && Files.exists(p.path())) {
        out.add(new Named(option, p.path()));
      }
    }
    return out;
  }

  /** Paths of {@code specs} that name existing local files or folders, labelled {@code option}. */
  public static List<Named> existing(String option, List<String> specs) {
    List<Named> out = new ArrayList<>();
    for (String s : specs) {
      try {
        Path p = Path.of(s);
        if (Files.exists(p)) {
          out.add(new Named(option, p));
        }
      } catch (java.nio.file.InvalidPathException e) {
        // a URL or a name, not a path
      }
    }
    return out;
  }

  /**
   * The real location of {@code n}: the whole path with links followed when it exists, else its
   * nearest existing ancestor's real path plus the rest.
   */
  private static Path real(Named n) throws OutputPathException {
    Path abs = n.path().toAbsolutePath().normalize();
    try {
      if (Files.exists(abs)) {
        return abs.toRealPath();
      }
      Path existing = nearestExisting(abs);
      if (existing == null) {
        return abs;
      }
      return existing.toRealPath().resolve(existing.relativize(abs));
    } catch (IOException e) {
      throw new OutputPathException(n + ": cannot resolve (" + e.getMessage() + ")");
    }
  }

  private static @Nullable Path nearestExisting(@Nullable Path p) {
    Path q = p;
    while (q != null && !Files.exists(q, LinkOption.NOFOLLOW_LINKS)) {
      q = q.getParent();
    }
    return q;
  }
}
