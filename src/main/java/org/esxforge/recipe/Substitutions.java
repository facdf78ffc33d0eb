package org.esxforge.recipe;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.profile.ProfileNames;
import org.jspecify.annotations.Nullable;

/**
 * {@code ${base}}, {@code ${base.version}} ({@code 7.0b}, {@code 8.0U3b}: the name's version with
 * update and patch letter) and {@code ${base.build}} in a recipe's profile name and description.
 * Any other {@code ${…}} there is an error (depot URLs keep theirs for the network layer).
 *
 * <p>Stateless and thread-safe.
 */
public final class Substitutions {
  private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

  private Substitutions() {}

  /** Fails on an unknown reference in {@code field}. */
  static void check(Path file, String field, String text) throws RecipeException {
    Matcher m = REF.matcher(text);
    while (m.find()) {
      String k = m.group(1);
      if (!k.equals("base") && !k.equals("base.version") && !k.equals("base.build")) {
        throw new RecipeException(
            file
                + ": "
                + field
                + ": unknown substitution ${"
                + k
                + "}; use ${base}, ${base.version} or ${base.build}");
      }
    }
  }

  /** {@link #apply}, where null stays null. */
  public static @Nullable String applyOrNull(@Nullable String text, String baseName)
      throws RecipeException {
    return text == null ? null : apply(text, baseName);
  }

  /** {@code text} with the references to {@code baseName} replaced. */
  public static String apply(String text, String baseName) throws RecipeException {
    if (baseName.startsWith("ESXi:")) {
      return applyBaseImage(text, baseName);
    }
    Optional<ProfileNames.ProfileName> n = ProfileNames.tryParse(baseName);
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v =
          switch (m.group(1)) {
            case "base" -> baseName;
            case "base.version" -> n.map(Substitutions::version).orElse(null);
            case "base.build" -> n.map(x -> Long.toString(x.build())).orElse(null);
            default -> throw new RecipeException("unknown substitution ${" + m.group(1) + "}");
          };
      if (v == null) {
        throw new RecipeException(
            "${"
                + m.group(1)
                + "}: base profile "
                + baseName
                + " is not named ESXi-<version>-<build>-…, so it has no version or build");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * For a recipe composed from a base image ({@code ESXi:8.0.3-0.35.24280767}): {@code ${base}} is
   * that id, {@code ${base.version}} its ESXi release ({@code 8.0.3}), {@code ${base.build}} the
   * last number of its version ({@code 24280767}).
   */
  private static String applyBaseImage(String text, String id) {
    String version = id.substring("ESXi:".length());
    String release = version.split("-", 2)[0];
    String[] parts = version.split("[.-]", -1);
    String build = parts[parts.length - 1];
    return text.replace("${base.version}", release)
        .replace("${base.build}", build)
        .replace("${base}", id);
  }

  private static String version(ProfileNames.ProfileName n) {
    return n.version() + (n.update() >= 0 ? "U" + n.update() : "") + n.patch();
  }
}
