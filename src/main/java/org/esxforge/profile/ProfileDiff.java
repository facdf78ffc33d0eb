package org.esxforge.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * The difference between a reference profile and a compared one, VIBs matched by name: added,
 * removed, upgraded, downgraded (version compare, docs/formats.md §4.8), changed (same version,
 * different id, e.g. another vendor), the unchanged count and the acceptance-level change. Every
 * list is sorted by VIB name. Immutable and thread-safe.
 */
public record ProfileDiff(
    String referenceName,
    String comparedName,
    List<VibId> added,
    List<VibId> removed,
    List<Change> upgraded,
    List<Change> downgraded,
    List<Change> changed,
    int unchanged,
    AcceptanceLevel referenceLevel,
    AcceptanceLevel comparedLevel) {

  /** One VIB name present in both profiles with different ids. */
  public record Change(String name, VibId from, VibId to) {}

  public ProfileDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    upgraded = List.copyOf(upgraded);
    downgraded = List.copyOf(downgraded);
    changed = List.copyOf(changed);
  }

  /**
   * Compares {@code comp} with {@code ref}.
   *
   * @param lookup descriptors for names and versions; ids without one are split as {@code
   *     vendor_type_name_version}
   */
  public static ProfileDiff diff(
      ImageProfile ref, ImageProfile comp, Map<VibId, VibDescriptor> lookup) {
    TreeMap<String, List<VibId>> a = byName(ref, lookup);
    TreeMap<String, List<VibId>> b = byName(comp, lookup);
    List<VibId> added = new ArrayList<>();
    List<VibId> removed = new ArrayList<>();
    List<Change> up = new ArrayList<>();
    List<Change> down = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    int same = 0;
    // both maps are sorted by name: walk them together, every name once, in order
    List<Map.Entry<String, List<VibId>>> la = new ArrayList<>(a.entrySet());
    List<Map.Entry<String, List<VibId>>> lb = new ArrayList<>(b.entrySet());
    int i = 0;
    int j = 0;
    while (i < la.size() || j < lb.size()) {
      int order =
          i == la.size()
              ? 1
              : j == lb.size() ? -1 : la.get(i).getKey().compareTo(lb.get(j).getKey());
      String n = order <= 0 ? la.get(i).getKey() : lb.get(j).getKey();
      List<VibId> x = order <= 0 ? la.get(i++).getValue() : List.of();
      List<VibId> y = order >= 0 ? lb.get(j++).getValue() : List.of();
      if (x.equals(y)) {
        same += x.size();
      } else if (x.size() == 1 && y.size() == 1) {
        int c =
            VibIds.version(y.get(0), lookup).compareSemantically(VibIds.version(x.get(0), lookup));
        (c > 0 ? up : c < 0 ? down : changed).add(new Change(n, x.get(0), y.get(0)));
      } else {
        for (VibId id : x) {
          if (y.contains(id)) {
            same++;
          } else {
            removed.add(id);
          }
        }
        for (VibId id : y) {
          if (!x.contains(id)) {
            added.add(id);
          }
        }
      }
    }
    return new ProfileDiff(
        ref.name(),
        comp.name(),
        added,
        removed,
        up,
        down,
        changed,
        same,
        ref.acceptanceLevel(),
        comp.acceptanceLevel());
  }

  /** True if nothing differs in the VIB lists and levels. */
  public boolean isEmpty() {
    return added.isEmpty()
        && removed.isEmpty()
        && upgraded.isEmpty()
        && downgraded.isEmpty()
        && changed.isEmpty()
        && referenceLevel == comparedLevel;
  }

  /** Human text, one line per item, LF-separated, ending with a newline. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("--- ").append(referenceName).append('\n');
    sb.append("+++ ").append(comparedName).append('\n');
    if (referenceLevel != comparedLevel) {
      sb.append("acceptance level: ")
          .append(referenceLevel)
          .append(" -> ")
          .append(comparedLevel)
          .append('\n');
    }
    removed.forEach(id -> sb.append("- ").append(id).append('\n'));
    added.forEach(id -> sb.append("+ ").append(id).append('\n'));
    upgraded.forEach(c -> line(sb, "upgraded", c));
    downgraded.forEach(c -> line(sb, "downgraded", c));
    changed.forEach(c -> line(sb, "changed", c));
    sb.append(unchanged).append(" unchanged\n");
    return sb.toString();
  }

  /** A JSON-friendly tree of strings, numbers, lists and insertion-ordered maps. */
  public Map<String, Object> toJsonTree() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reference", referenceName);
    m.put("compared", comparedName);
    m.put("added", added.stream().map(VibId::value).toList());
    m.put("removed", removed.stream().map(VibId::value).toList());
    m.put("upgraded", upgraded.stream().map(ProfileDiff::changeTree).toList());
    m.put("downgraded", downgraded.stream().map(ProfileDiff::changeTree).toList());
    m.put("changed", changed.stream().map(ProfileDiff::changeTree).toList());
    m.put("unchanged", unchanged);
    Map<String, Object> acc = new LinkedHashMap<>();
    acc.put("reference", referenceLevel.xmlValue());
    acc.put("compared", comparedLevel.xmlValue());
    m.put("acceptanceLevel", acc);
    return m;
  }

  private static Map<String, Object> changeTree(Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("from", c.from().value());
    m.put("to", c.to().value());
    return m;
  }

  private static void line(StringBuilder sb, String what, Change c) {
    sb.append("~ ")
        .append(c.name())
        .append(' ')
        .append(what)
        .append(": ")
        .append(c.from())
        .append(" -> ")
        .append(c.to())
        .append('\n');
  }

  private static TreeMap<String, List<VibId>> byName(ImageProfile p, Map<VibId, VibDescriptor> l) {
    TreeMap<String, List<VibId>> m = new TreeMap<>();
    for (VibId id : p.vibIds()) {
      m.computeIfAbsent(VibIds.name(id, l), k -> new ArrayList<>()).add(id);
    }
    return m;
  }
}
