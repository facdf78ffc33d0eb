package org.esxforge.depot;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Whether a 7.0+ component agrees with the VIBs it lists (docs/formats.md §2.2, §2.3): every VIB it
 * lists is in the depots, and the ESXi platforms it claims fit the {@code softwarePlatform}s of its
 * VIBs' descriptors. The descriptor is what the VIB's signature covers, so when they disagree the
 * descriptor wins and the disagreement is reported (one line each), never silently resolved. A
 * component or descriptor that names no platform (or only {@code ""}) claims nothing and agrees
 * with anything. Two platforms fit when one admits the other ({@link SoftwarePlatform#admits}:
 * {@code 7.0} and {@code 7.0.0} fit; {@code 6.7.0} and {@code 8.0} do not).
 *
 * <p>Stateless and thread-safe.
 */
public final class ComponentAgreement {
  private ComponentAgreement() {}

  /** One line per disagreement of {@code component} with its VIBs in {@code cat}; empty if none. */
  public static List<String> check(Catalog cat, Bulletin component) {
    List<String> out = new ArrayList<>();
    String name =
        component.isComponent()
            ? component.componentName() + ":" + component.componentVersion()
            : component.id();
    List<String> claimed = versions(component.platforms());
    for (VibId id : component.vibIds()) {
      VibDescriptor d = cat.descriptors().get(id);
      if (d == null) {
        out.add("component " + name + " lists VIB " + id + ", which no depot given holds");
        continue;
      }
      List<String> signed = versions(d.softwarePlatforms());
      if (!claimed.isEmpty() && !signed.isEmpty() && !fit(claimed, signed)) {
        out.add(
            "component "
                + name
                + " claims ESXi "
                + String.join(", ", claimed)
                + " but its VIB "
                + id
                + " is for ESXi "
                + String.join(", ", signed)
                + " (the signed descriptor wins)");
      }
    }
    return out;
  }

  private static List<String> versions(List<SoftwarePlatform> ps) {
    return ps.stream().map(SoftwarePlatform::version).filter(v -> !v.isEmpty()).distinct().toList();
  }

  private static boolean fit(List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (new SoftwarePlatform(x, "", "").admits(y)
            || new SoftwarePlatform(y, "", "").admits(x)) {
          return true;
        }
      }
    }
    return false;
  }
}
