package org.esxforge.model;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for identifiers that come from depot data and later become parts of file and archive
 * member names: a VIB's name, version, vendor and type, and a payload's name and type. esxforge
 * writes such identifiers into paths ({@code vib20/<name>/<id>.vib} in a bundle or mirror, {@code
 * var/db/esximg/vibs/<name>-<hash>.xml} and {@code var/db/payloads/<type>/<name>} in {@code
 * IMGDB.TGZ}), so a name like {@code ../../x} would write outside its place.
 *
 * <p>Refused: empty text, a {@code /} or {@code \}, the sequence {@code ..}, NUL or any other
 * control character (Unicode category Cc, which includes CR, LF, TAB and DEL), and a leading {@code
 * .} (hidden files, {@code .} and {@code ..}). No real VMware or partner VIB uses any of these. The
 * descriptor and metadata parsers apply this rule and report the file; the record constructors
 * ({@link VibDescriptor}, {@link Payload}) apply it again, so no code path can build a model object
 * around an unsafe identifier.
 *
 * <p>Stateless and thread-safe.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * Why {@code text} is not a safe identifier, or null when it is.
   *
   * @return a short phrase, e.g. {@code "contains '/'"}
   */
  public static @Nullable String problem(String text) {
    if (text == null || text.isEmpty()) {
      return "is empty";
    }
    if (text.startsWith(".")) {
      return "starts with '.'";
    }
    if (text.contains("..")) {
      return "contains '..'";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '\\') {
        return "contains '" + c + "'";
      }
      if (Character.isISOControl(c)) {
        return "contains control character U+" + String.format("%04X", (int) c);
      }
    }
    return null;
  }

  /**
   * Returns {@code text} when it is a safe identifier.
   *
   * @param what names the field in the message, e.g. {@code "VIB name"}
   * @throws InvalidModelException naming the field, the text and the problem
   */
  public static String requireSafe(String what, String text) throws InvalidModelException {
    String p = problem(text);
    if (p != null) {
      throw new InvalidModelException(what, printable(text), p + " (unsafe in a file name)");
    }
    return text;
  }

  /** {@link #requireSafe} for record constructors: a programmer error when it fails. */
  static String checkArgument(String what, String text) {
    String p = problem(text);
    if (p != null) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + printable(text) + "': " + p + " (unsafe in a file name)");
    }
    return text;
  }

  /** {@code text} with control characters shown as {@code \\uXXXX}, for one-line messages. */
  public static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
