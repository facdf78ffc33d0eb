package org.esxforge.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary files and directories that name their owner, so that the leftovers of a killed run can
 * be told from the work of a live one. Every name holds {@code esxforge-<pid>-<random>}, the
 * process id of the JVM that created it: {@code ..x.iso.esxforge-4242-123.partial...tmp}, {@code
 * .imgpayld-esxforge-4242-77.tgz.tmp}, {@code esxforge-build-esxforge-4242-9}. {@link #removeStale}
 * deletes such an entry only when it can prove the owner is gone: the process id is not alive. A
 * live owner (including this process, and any process of another user) is never touched; an entry
 * whose owner cannot be read is left alone. (A process id reused by an unrelated process only
 * delays the clean-up.)
 *
 * <p>Stateless and thread-safe.
 */
public final class TempFiles {
  private static final long PID = ProcessHandle.current().pid();
  private static final Pattern OWNER = Pattern.compile("esxforge-(\\d{1,10})-\\d+");
  private static final Pattern PARTIAL =
      Pattern.compile("\\.(.+)\\.esxforge-\\d{1,10}-\\d+\\.partial");

  private TempFiles() {}

  /** {@code <prefix>esxforge-<pid>-<random><suffix>} in {@code dir}, created empty. */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    return Files.createTempFile(dir, prefix + "esxforge-" + PID + "-", suffix);
  }

  /**
   * The name to show users for {@code p}: {@code x.iso} for the temp file {@code
   * .x.iso.esxforge-<pid>-<random>.partial} that an output is written to before it is moved into
   * place (progress lines name what is being made, not its temp file), else {@code p}'s file name.
   */
  public static String shownName(Path p) {
    String name = Parents.nameOf(p);
    Matcher m = PARTIAL.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  /** {@code <prefix>esxforge-<pid>-<random>} in {@code dir}, created empty. */
  public static Path createDirectory(Path dir, String prefix) throws IOException {
    return Files.createTempDirectory(dir, prefix + "esxforge-" + PID + "-");
  }

  /**
   * Deletes every entry of {@code dir} whose name is one of {@code prefixes} directly followed by
   * an owner tag ({@code esxforge-<pid>-<random>}) of a process that is no longer alive. Entries
   * that cannot be deleted (another user's) are skipped.
   *
   * @return the deleted paths, sorted
   */
  public static List<Path> removeStale(Path dir, List<String> prefixes) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (isStale(Parents.nameOf(p), prefixes)) {
          try {
            TempDirectories.deleteTree(p);
            removed.add(p);
          } catch (IOException e) {
            // not ours to delete (permissions) or gone already: leave it
          }
        }
      }
    } catch (IOException e) {
      return removed; // an unreadable directory: nothing is removed
    }
    removed.sort(null);
    return removed;
  }

  /** True when {@code name} is {@code prefix + owner tag…} for a prefix and the owner is dead. */
  static boolean isStale(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        Matcher m = OWNER.matcher(name);
        if (m.find(prefix.length()) && m.start() == prefix.length()) {
          long pid = Long.parseLong(m.group(1));
          return pid != PID && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
      }
    }
    return false;
  }
}
