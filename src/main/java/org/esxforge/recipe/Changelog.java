package org.esxforge.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileDiff;

/**
 * A re-spin's changelog: the lock's resolution against a fresh one — base profile change, VIBs
 * added / removed / upgraded / downgraded / changed (by name, VMware version order) and the
 * acceptance-level change; as text, Markdown or a JSON tree.
 *
 * <p>Immutable and thread-safe.
 */
public record Changelog(String oldBase, String newBase, ProfileDiff vibs, List<String> components) {
  public Changelog {
    Objects.requireNonNull(oldBase, "oldBase");
    Objects.requireNonNull(newBase, "newBase");
    Objects.requireNonNull(vibs, "vibs");
    components = List.copyOf(components);
  }

  /** A changelog without component changes. */
  public Changelog(String oldBase, String newBase, ProfileDiff vibs) {
    this(oldBase, newBase, vibs, List.of());
  }

  /** The lock's profile against {@code fresh}. */
  public static Changelog of(Lockfile lock, Lockfile fresh) {
    return new Changelog(
        lock.base(),
        fresh.base(),
        ProfileDiff.diff(profileOf(lock), profileOf(fresh), Map.of()),
        componentChanges(lock.components(), fresh.components()));
  }

  /**
   * One line per 7.0+ component that was added, removed or changed version, by name: {@code "ESXi:
   * 8.0.3-0.0.24022510 -> 8.0.3-0.35.24280767"}, {@code "ionic-en: added 20.0.0-1vmw…"}, {@code
   * "HPE-nhpsa: removed 2.0.50-1vmw…"}.
   */
  static List<String> componentChanges(Map<String, String> from, Map<String, String> to) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(from.keySet());
    names.addAll(to.keySet());
    List<String> out = new java.util.ArrayList<>();
    for (String n : names) {
      String a = from.get(n);
      String b = to.get(n);
      if (a == null) {
        out.add(n + ": added " + b);
      } else if (b == null) {
        out.add(n + ": removed " + a);
      } else if (!a.equals(b)) {
        out.add(n + ": " + a + " -> " + b);
      }
    }
    return out;
  }

  /** The profile a lock describes (name, acceptance level, VIB ids). */
  public static ImageProfile profileOf(Lockfile lock) {
    return ImageProfile.builder(lock.profile(), lock.acceptance())
        .vibIds(List.copyOf(lock.vibs().keySet()))
        .build();
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return oldBase.equals(newBase) && vibs.isEmpty() && components.isEmpty();
  }

  /** Plain text, one change a line. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("base: ")
        .append(oldBase.equals(newBase) ? oldBase + " (unchanged)" : oldBase + " -> " + newBase)
        .append('\n');
    if (vibs.referenceLevel() != vibs.comparedLevel()) {
      sb.append("acceptance: ")
          .append(vibs.referenceLevel().xmlValue())
          .append(" -> ")
          .append(vibs.comparedLevel().xmlValue())
          .append('\n');
    }
    components.forEach(c -> sb.append("component  ").append(c).append('\n'));
    vibs.added().forEach(id -> sb.append("added      ").append(id).append('\n'));
    vibs.removed().forEach(id -> sb.append("removed    ").append(id).append('\n'));
    vibs.upgraded().forEach(c -> change(sb, "upgraded   ", c));
    vibs.downgraded().forEach(c -> change(sb, "downgraded ", c));
    vibs.changed().forEach(c -> change(sb, "changed    ", c));
    sb.append(summary()).append('\n');
    return sb.toString();
  }

  /** GitHub-flavoured Markdown. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("## Re-spin changelog\n\n");
    sb.append("* **Base:** ")
        .append(
            oldBase.equals(newBase)
                ? "`" + oldBase + "` (unchanged)"
                : "`" + oldBase + "` → `" + newBase + "`")
        .append('\n');
    if (vibs.referenceLevel() != vibs.comparedLevel()) {
      sb.append("* **Acceptance:** ")
          .append(vibs.referenceLevel().xmlValue())
          .append(" → ")
          .append(vibs.comparedLevel().xmlValue())
          .append('\n');
    }
    sb.append("* ").append(summary()).append("\n\n");
    if (!components.isEmpty()) {
      sb.append("Components:\n\n");
      components.forEach(c -> sb.append("* ").append(c).append('\n'));
      sb.append('\n');
    }
    if (!vibs.added().isEmpty()
        || !vibs.removed().isEmpty()
        || !vibs.upgraded().isEmpty()
        || !vibs.downgraded().isEmpty()
        || !vibs.changed().isEmpty()) {
      sb.append("| Change | VIB | From | To |\n|---|---|---|---|\n");
      vibs.added()
          .forEach(
              id -> sb.append("| added | ").append(id).append(" | | `").append(id).append("` |\n"));
      vibs.removed()
          .forEach(
              id ->
                  sb.append("| removed | ").append(id).append(" | `").append(id).append("` | |\n"));
      vibs.upgraded().forEach(c -> row(sb, "upgraded", c));
      vibs.downgraded().forEach(c -> row(sb, "downgraded", c));
      vibs.changed().forEach(c -> row(sb, "changed", c));
    }
    return sb.toString();
  }

  /** A JSON-friendly tree. */
  public Map<String, Object> toJsonTree() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("base", Map.of("from", oldBase, "to", newBase, "changed", !oldBase.equals(newBase)));
    m.put("vibs", vibs.toJsonTree());
    m.put("components", components);
    m.put("empty", isEmpty());
    return m;
  }

  private String summary() {
    return vibs.added().size()
        + " added, "
        + vibs.removed().size()
        + " removed, "
        + vibs.upgraded().size()
        + " upgraded, "
        + vibs.downgraded().size()
        + " downgraded, "
        + vibs.changed().size()
        + " changed, "
        + vibs.unchanged()
        + " unchanged";
  }

  private static void change(StringBuilder sb, String what, ProfileDiff.Change c) {
    sb.append(what)
        .append(c.name())
        .append(": ")
        .append(version(c.name(), c.from()))
        .append(" -> ")
        .append(version(c.name(), c.to()))
        .append('\n');
  }

  private static void row(StringBuilder sb, String what, ProfileDiff.Change c) {
    sb.append("| ")
        .append(what)
        .append(" | ")
        .append(c.name())
        .append(" | `")
        .append(version(c.name(), c.from()))
        .append("` | `")
        .append(version(c.name(), c.to()))
        .append("` |\n");
  }

  /** The version part of {@code vendor_type_name_version} (the name may hold underscores). */
  private static String version(String name, VibId id) {
    String v = id.value();
    int i = v.indexOf("_" + name + "_");
    return i < 0 ? v : v.substring(i + name.length() + 2);
  }
}
