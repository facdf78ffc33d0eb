package org.esxforge.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * The VIBs of a base profile that a build <em>replaced</em> (docs/formats.md §8.4, the reserved
 * VIBs): VIBs of the base that are not in the built profile, and that a VIB the build added
 * displaces — one of the same name (any version: an add-on's or user's driver upgrading or
 * downgrading the in-box one) or one whose {@code replaces} constraint matches it. A VIB the user
 * simply removed, with nothing in its place, is not reserved. Independent of how the VIBs came in
 * (single VIBs, bundles, components, add-ons), so every kind of build fills it.
 *
 * <p>Linear: the added VIBs are indexed by name and by the names their {@code replaces} constraints
 * name.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplacedVibs {
  private ReplacedVibs() {}

  /**
   * The replaced VIBs, in id order.
   *
   * @param descriptors must hold every VIB of both profiles
   */
  public static List<VibId> of(
      ImageProfile base, ImageProfile built, Map<VibId, VibDescriptor> descriptors) {
    Set<VibId> kept = Set.copyOf(built.vibIds());
    Set<VibId> baseIds = Set.copyOf(base.vibIds());
    Set<String> addedNames = new HashSet<>();
    Map<String, List<Constraint>> replacing = new HashMap<>();
    for (VibId id : built.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (!baseIds.contains(id) && d != null) {
        addedNames.add(d.name());
        for (Constraint c : d.relationships().replaces()) {
          replacing.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
      }
    }
    TreeSet<VibId> out = new TreeSet<>();
    for (VibId id : base.vibIds()) {
      VibDescriptor gone = descriptors.get(id);
      if (kept.contains(id) || gone == null) {
        continue;
      }
      if (addedNames.contains(gone.name()) || replaced(replacing, gone)) {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  private static boolean replaced(Map<String, List<Constraint>> replacing, VibDescriptor gone) {
    for (Constraint c : replacing.getOrDefault(gone.name(), List.of())) {
      if (Constraints.matches(c, gone.name(), gone.version())) {
        return true;
      }
    }
    return false;
  }
}
