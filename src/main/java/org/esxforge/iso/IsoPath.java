package org.esxforge.iso;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An absolute path inside an ISO 9660 image, validated against the level-1 rules of ECMA-119:
 * d-characters only ({@code A-Z 0-9 _}), every directory name at most 8 characters without a dot,
 * the last component an 8.3 name ({@code NAME8.EXT}, at most one dot, no version), and at most
 * {@value #MAX_COMPONENTS} components (a file in a directory 7 levels below the root, which is the
 * depth-8 limit counting the root). Lower-case input is upper-cased: ESXi's {@code boot.cfg} says
 * {@code /b.b00} for the ISO file {@code B.B00}. The root is {@code "/"}.
 *
 * <p>Whether the last component is a file or a directory is decided by its use: {@link
 * IsoImage.Builder#addDirectory} additionally refuses a dot and more than 7 components.
 *
 * <p>Immutable and thread-safe. Ordered by its {@link #path()} string.
 */
public record IsoPath(String path) implements Comparable<IsoPath> {
  /** At most this many components (ECMA-119 6.8.2.1: 8 directory levels including the root). */
  public static final int MAX_COMPONENTS = 8;

  /** The root directory. */
  public static final IsoPath ROOT = new IsoPath("/");

  public IsoPath {
    String reason = check(path);
    if (reason != null) {
      throw new IllegalArgumentException("invalid ISO 9660 path '" + path + "': " + reason);
    }
  }

  /** Parses and normalises (upper-cases) {@code text}, e.g. {@code "/efi/boot/bootx64.efi"}. */
  public static IsoPath parse(String text) throws InvalidIsoPathException {
    if (text == null) {
      throw new InvalidIsoPathException(null, "null");
    }
    String upper = text.toUpperCase(Locale.ROOT);
    String reason = check(upper);
    if (reason != null) {
      throw new InvalidIsoPathException(text, reason);
    }
    return new IsoPath(upper);
  }

  /** Builds the path from components, e.g. {@code of("EFI", "BOOT")}; upper-cases them. */
  public static IsoPath of(String... components) throws InvalidIsoPathException {
    return parse("/" + String.join("/", components));
  }

  private static @Nullable String check(String p) {
    if (p == null || p.isEmpty() || p.charAt(0) != '/') {
      return "must start with '/'";
    }
    if (p.equals("/")) {
      return null;
    }
    if (p.endsWith("/")) {
      return "must not end with '/'";
    }
    String[] parts = p.substring(1).split("/", -1);
    if (parts.length > MAX_COMPONENTS) {
      return "deeper than " + MAX_COMPONENTS + " levels";
    }
    for (int i = 0; i < parts.length; i++) {
      String reason = i < parts.length - 1 ? checkDirectoryName(parts[i]) : checkFileName(parts[i]);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  static @Nullable String checkDirectoryName(String name) {
    if (name.isEmpty()) {
      return "empty component";
    }
    if (name.length() > 8) {
      return "directory name '" + name + "' longer than 8 characters";
    }
    return checkChars(name, false);
  }

  static @Nullable String checkFileName(String name) {
    if (name.isEmpty()) {
      return "empty component";
    }
    int dot = name.indexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    if (base.isEmpty()) {
      return "name '" + name + "' has no part before the dot";
    }
    if (base.length() > 8 || ext.length() > 3) {
      return "name '" + name + "' does not fit 8.3";
    }
    String bad = checkChars(base, false);
    return bad != null ? bad : checkChars(ext, false);
  }

  private static @Nullable String checkChars(String s, boolean allowDot) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok && !(allowDot && c == '.')) {
        return "character '" + c + "' is not a d-character (A-Z 0-9 _)";
      }
    }
    return null;
  }

  /** True for {@code "/"}. */
  public boolean isRoot() {
    return path.equals("/");
  }

  /** The components, root = empty list. */
  public List<String> components() {
    return isRoot() ? List.of() : List.of(path.substring(1).split("/"));
  }

  /** Number of components (root = 0). */
  public int depth() {
    return components().size();
  }

  /** The last component ({@code ""} for the root). */
  public String name() {
    return isRoot() ? "" : path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent directory; the root is its own parent. */
  public IsoPath parent() {
    if (isRoot()) {
      return this;
    }
    int slash = path.lastIndexOf('/');
    return slash == 0 ? ROOT : new IsoPath(path.substring(0, slash));
  }

  /** All ancestors from the root down to the parent (empty for the root). */
  public List<IsoPath> ancestors() {
    List<IsoPath> out = new ArrayList<>();
    for (IsoPath p = this; !p.isRoot(); ) {
      p = p.parent();
      out.add(0, p);
    }
    return out;
  }

  /** True if this path's last component could name a directory (no dot). */
  public boolean isValidDirectory() {
    return isRoot() || (name().indexOf('.') < 0 && depth() < MAX_COMPONENTS);
  }

  @Override
  public int compareTo(IsoPath o) {
    return path.compareTo(o.path);
  }

  @Override
  public String toString() {
    return path;
  }
}
