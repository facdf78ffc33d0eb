package org.esxforge.io;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The second fence for every file or archive member name that esxforge writes from depot data (a
 * mirror's {@code vib20/<name>/<id>.vib}, an exported bundle's members, {@code IMGDB.TGZ}'s {@code
 * var/db/…} members, a depot folder's files). The first fence is the identifier rule of the model
 * (class {@code Identifiers}), applied when descriptors and metadata are parsed; this one holds
 * even if a name reaches a writer some other way.
 *
 * <p>A relative name is contained when it is made of {@code /}-separated segments, none of them
 * empty, {@code .} or {@code ..}, with no {@code \}, NUL or other control character, no leading
 * {@code /} and no drive letter. A trailing {@code /} (a directory entry) is allowed.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContainedPaths {
  private ContainedPaths() {}

  /**
   * Why {@code name} is not a contained relative name, or null when it is.
   *
   * @return a short phrase
   */
  public static @Nullable String problem(String name) {
    if (plainlyContained(name)) {
      return null;
    }
    if (name == null || name.isEmpty()) {
      return "empty name";
    }
    if (name.startsWith("/")) {
      return "absolute path";
    }
    String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String[] segments = body.split("/", -1);
    if (segments[0].length() == 2
        && segments[0].charAt(1) == ':'
        && Character.isLetter(segments[0].charAt(0))) {
      return "drive letter";
    }
    for (String s : segments) {
      if (s.isEmpty()) {
        return "empty path segment";
      }
      if (s.equals(".") || s.equals("..")) {
        return "'" + s + "' segment";
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          return "backslash";
        }
        if (Character.isISOControl(c)) {
          return "control character U+" + String.format("%04X", (int) c);
        }
      }
    }
    return null;
  }

  /**
   * A quick pass for the common case, without splitting: true only when {@link #problem} finds
   * nothing (no leading {@code /}, no empty, {@code .} or {@code ..} segment, no {@code \\},
   * control character or {@code :} at all); anything else goes through the full check, which says
   * what is wrong. A 20,000-VIB bundle checks 60,000 names.
   */
  private static boolean plainlyContained(@Nullable String name) {
    if (name == null || name.isEmpty() || name.charAt(0) == '/') {
      return false;
    }
    int end = name.charAt(name.length() - 1) == '/' ? name.length() - 1 : name.length();
    int segment = 0;
    for (int i = 0; i <= end; i++) {
      char c = i == end ? '/' : name.charAt(i);
      if (c == '/') {
        int length = i - segment;
        if (length == 0
            || (name.charAt(segment) == '.'
                && (length == 1 || (length == 2 && name.charAt(segment + 1) == '.')))) {
          return false;
        }
        segment = i + 1;
      } else if (c == '\\' || c == ':' || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code name} when it is a contained member name of the archive {@code archive}.
   *
   * @param archive names the archive being written, for the message
   * @throws FormatException {@code <archive>: refusing to write member '<name>': <problem>}
   */
  public static String member(String archive, String name) throws FormatException {
    String p = problem(name);
    if (p != null) {
      throw new FormatException(
          archive,
          "refusing to write member '"
              + printable(name)
              + "' ("
              + p
              + "; it would land outside the archive's tree)");
    }
    return name;
  }

  /**
   * {@code root.resolve(relative)}, refused unless {@code relative} is contained (see the class
   * comment) and the normalised result lies inside {@code root}. Symbolic links the user made
   * inside {@code root} are the user's business and are not second-guessed: depot data never
   * creates links (esxforge extracts no archive into a directory).
   *
   * @throws FormatException {@code <root>: refusing to write '<relative>' (<problem>)}
   */
  public static Path resolve(Path root, String relative) throws FormatException {
    String p = problem(relative);
    Path result = root.resolve(p == null ? relative : "").normalize();
    if (p == null && !result.startsWith(root.normalize())) {
      p = "outside the directory";
    }
    if (p != null) {
      throw new FormatException(
          root.toString(), "refusing to write '" + printable(relative) + "' (" + p + ")");
    }
    return result;
  }

  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
