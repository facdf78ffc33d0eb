package org.esxforge.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * The one definition of a <em>reserved</em> component, used by IMGDB.TGZ ({@code
 * reservedComponents/} and RESVIBS.TGZ), the offline bundle, the build's report and {@code profile
 * show}: a component of the base image that the image <b>replaced</b>, as VMware's tools record it
 * (docs/formats.md §8.3, §8.4: "base-image VIBs that an add-on or user component replaced"; the
 * real 7.0 HPE host keeps exactly the in-box {@code lpfc} and {@code qlnativefc} components its OEM
 * drivers replaced under {@code reservedComponents/}).
 *
 * <p>A base-image component that the image does not hold whole is replaced when
 *
 * <ul>
 *   <li>the image holds a component of the same name at another version (an add-on's or user's
 *       driver upgrading or downgrading the in-box one), or
 *   <li>one of its VIBs was displaced by a VIB the build added: one of the same name, or one whose
 *       {@code replaces} constraint matches it ({@link ReplacedVibs}).
 * </ul>
 *
 * A component that was only removed (an add-on's {@code removedComponents}, a spec's {@code
 * removed_components}, {@code --remove}) with nothing in its place is <em>not</em> reserved. The
 * reserved VIBs (RESVIBS.TGZ) are the VIBs of the reserved components that the image does not hold.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReservedComponents {
  private ReservedComponents() {}

  /**
   * The reservation of an image.
   *
   * @param components the reserved components, sorted by id
   * @param vibs the VIBs of those components the image does not hold, sorted
   */
  public record Reservation(List<Bulletin> components, List<VibId> vibs) {
    public Reservation {
      components = List.copyOf(components);
      vibs = List.copyOf(vibs);
    }
  }

  /**
   * The reserved components of {@code built}.
   *
   * @param baseComponents the base image's components (or, without a base-image document, the
   *     components the base profile holds whole)
   * @param base the base: its VIBs are the base image's
   * @param built the image
   * @param imageComponents the components the image holds whole, by name
   * @param descriptors the VIBs of both profiles (a base VIB unknown here is judged by its
   *     component's name alone)
   */
  public static Reservation of(
      Collection<Bulletin> baseComponents,
      ImageProfile base,
      ImageProfile built,
      Map<String, Bulletin> imageComponents,
      Map<VibId, VibDescriptor> descriptors) {
    Set<VibId> held = Set.copyOf(built.vibIds());
    Set<VibId> displaced = Set.copyOf(ReplacedVibs.of(base, built, descriptors));
    List<Bulletin> reserved = new ArrayList<>();
    TreeSet<VibId> vibs = new TreeSet<>();
    for (Bulletin c : baseComponents) {
      if (c.vibIds().isEmpty() || held.containsAll(c.vibIds())) {
        continue; // kept
      }
      Bulletin now = imageComponents.get(c.componentName());
      boolean otherVersion =
          c.isComponent() && now != null && !now.componentVersion().equals(c.componentVersion());
      if (otherVersion || c.vibIds().stream().anyMatch(displaced::contains)) {
        reserved.add(c);
        c.vibIds().stream().filter(id -> !held.contains(id)).forEach(vibs::add);
      }
    }
    reserved.sort(Comparator.comparing(Bulletin::id));
    return new Reservation(reserved, new ArrayList<>(vibs));
  }
}
