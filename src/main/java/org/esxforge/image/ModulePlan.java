package org.esxforge.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.EsxBase;
import org.jspecify.annotations.Nullable;

/**
 * The boot modules of an installer image: which payloads become modules, the local name of every
 * payload ({@link LocalNames}, docs/formats.md §8.2) and the {@code BOOT.CFG} order, as VMware's
 * {@code esximage} computes it (§8.1, which supersedes §5.4).
 *
 * <p>Candidates: payloads of type {@code boot vgz tgz installer vzstd} of every VIB. Order:
 *
 * <ol>
 *   <li>the {@code boot}-type payloads that have a {@code boot-order}, VIBs in id order, payloads
 *       in descriptor order, then <em>stable</em>-sorted by boot-order; the first is the kernel;
 *   <li>the other candidates of non-overlay VIBs, VIBs in id order, payloads in descriptor order:
 *       each one whose boot-order is 100 is <b>inserted at the front</b> of this list, every other
 *       one appended. Tied 100s therefore come out in reverse descriptor order (esx-base 7.0 lists
 *       {@code s sb tpm vim vmx} and boots {@code vmx vim tpm sb s});
 *   <li>the candidates of overlay VIBs, by the same rule;
 *   <li>{@code imgdb.tgz}, then from 7.0U3 {@code basemisc.tgz resvibs.tgz}, on 8.0+ {@code
 *       esxiodpt.tgz}, then {@code imgpayld.tgz}.
 * </ol>
 *
 * Choices [G]: a {@code boot}-type payload without a boot-order goes after the sorted ones (in VIB
 * order), and one of an overlay VIB is ordered with that VIB's other payloads, since no VMware VIB
 * has either; 7.0U3's BOOT.CFG tail ({@code basemisc.tgz resvibs.tgz} without {@code esxiodpt.tgz})
 * is inferred from §8.4 [I].
 *
 * <p>Immutable and thread-safe.
 */
public final class ModulePlan {
  /** Payload types that become boot modules. */
  public static final Set<String> MODULE_TYPES = Set.of("boot", "vgz", "tgz", "installer", "vzstd");

  /** The boot-order that puts a non-boot module at the front of its list (§8.1). */
  static final int FRONT = 100;

  /**
   * One module: a payload and its local 8.3 name, or (payload null) a generated archive.
   *
   * @param payload the source payload, null for {@code imgdb.tgz} and the other archives
   * @param payloadType the payload type, or "" for a generated archive
   * @param bootOrder the payload's boot-order, -1 if none
   */
  public record Module(
      @Nullable PayloadRef payload,
      String payloadName,
      String payloadType,
      int bootOrder,
      String localName) {
    /** True for the generated archives ({@code imgdb.tgz} ...). */
    public boolean generated() {
      return payload == null;
    }

    /** The payload of a module that is not {@link #generated()}. */
    public PayloadRef requirePayload() {
      if (payload == null) {
        throw new IllegalStateException(localName + " is generated, not a payload");
      }
      return payload;
    }
  }

  private final Module kernel;
  private final List<Module> modules;
  private final VibDescriptor esxBase;
  private final Map<PayloadRef, String> localNames;

  private ModulePlan(
      Module kernel, List<Module> modules, VibDescriptor esxBase, Map<PayloadRef, String> names) {
    this.kernel = kernel;
    this.modules = List.copyOf(modules);
    this.esxBase = esxBase;
    this.localNames = Collections.unmodifiableMap(new LinkedHashMap<>(names));
  }

  /**
   * Plans the modules of {@code profile}.
   *
   * @param descriptors must hold every VIB of the profile
   * @throws ImagePlanException if a descriptor or esx-base is missing, no boot payload has a
   *     boot-order, or an 8.3 counter overflows
   */
  public static ModulePlan of(ImageProfile profile, Map<VibId, VibDescriptor> descriptors)
      throws ImagePlanException {
    List<VibDescriptor> vibs = new ArrayList<>();
    for (VibId id : profile.vibIds()) { // ascending VibId (byte-wise)
      VibDescriptor d = descriptors.get(id);
      if (d == null) {
        throw new ImagePlanException(
            id
                + ": no descriptor for this VIB of "
                + profile.name()
                + "; add the depot that has it or remove the VIB");
      }
      vibs.add(d);
    }
    VibDescriptor base =
        EsxBase.find(profile, descriptors)
            .orElseThrow(
                () ->
                    new ImagePlanException(
                        profile.name() + ": no esx-base VIB; an installer image needs esx-base"));
    Map<PayloadRef, String> names = LocalNames.assign(vibs);
    List<Module> boot = new ArrayList<>();
    List<Module> unordered = new ArrayList<>();
    List<Module> others = new ArrayList<>();
    List<Module> overlays = new ArrayList<>();
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        if (!MODULE_TYPES.contains(p.type())) {
          continue;
        }
        PayloadRef r = new PayloadRef(d.id(), p.name());
        Module m =
            new Module(
                r,
                p.name(),
                p.type(),
                p.bootOrder(),
                Objects.requireNonNull(names.get(r), "local name of " + r));
        if (d.overlay()) {
          insert(overlays, m);
        } else if (!p.type().equals("boot")) {
          insert(others, m);
        } else if (p.hasBootOrder()) {
          boot.add(m);
        } else {
          unordered.add(m);
        }
      }
    }
    if (boot.isEmpty()) {
      throw new ImagePlanException(
          profile.name()
              + ": no boot payload has a boot-order, so there is no kernel;"
              + " add esx-base");
    }
    boot.sort(Comparator.comparingInt(Module::bootOrder)); // List.sort is stable
    List<Module> ordered = new ArrayList<>(boot);
    ordered.addAll(unordered);
    ordered.addAll(others);
    ordered.addAll(overlays);
    for (String special : specialNames(EsxBase.release(base))) {
      ordered.add(new Module(null, "", "", -1, special));
    }
    return new ModulePlan(ordered.get(0), ordered.subList(1, ordered.size()), base, names);
  }

  /** VMware's rule: boot-order 100 goes to the front of {@code list}, anything else to the end. */
  private static void insert(List<Module> list, Module m) {
    if (m.bootOrder() == FRONT) {
      list.add(0, m);
    } else {
      list.add(m);
    }
  }

  /**
   * {@code imgdb.tgz}, from 7.0U3 ({@link #hasBaseMisc}) {@code basemisc.tgz resvibs.tgz}, on 8.0+
   * {@code esxiodpt.tgz}, then {@code imgpayld.tgz}.
   */
  static List<String> specialNames(String release) {
    List<String> l = new ArrayList<>(List.of("imgdb.tgz"));
    if (hasBaseMisc(release)) {
      l.add("basemisc.tgz");
      l.add("resvibs.tgz");
    }
    if (EsxBase.major(release) >= 8) {
      l.add("esxiodpt.tgz");
    }
    l.add("imgpayld.tgz");
    return List.copyOf(l);
  }

  /**
   * True when an image of {@code release} (e.g. {@code 7.0.3}) carries {@code basemisc.tgz} and
   * {@code resvibs.tgz}: 7.0U3 and later (§8.4).
   */
  public static boolean hasBaseMisc(String release) {
    String[] p = release.split("\\.", -1);
    int[] v = new int[3];
    for (int i = 0; i < 3 && i < p.length; i++) {
      try {
        v[i] = Integer.parseInt(p[i]);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return v[0] > 7 || (v[0] == 7 && (v[1] > 0 || v[2] >= 3));
  }

  /** The kernel module ({@code b.b00} on 6.7+). */
  public Module kernel() {
    return kernel;
  }

  /** The modules after the kernel, in {@code modules=} order, generated archives last. */
  public List<Module> modules() {
    return modules;
  }

  /** Kernel then modules. */
  public List<Module> all() {
    List<Module> l = new ArrayList<>(modules.size() + 1);
    l.add(kernel);
    l.addAll(modules);
    return Collections.unmodifiableList(l);
  }

  /** The esx-base version, e.g. {@code 7.0.0-1.0.15843807} ({@code build=} in BOOT.CFG). */
  public SoftwareVersion esxBaseVersion() {
    return esxBase.version();
  }

  /** The ESXi release, e.g. {@code 7.0.0}. */
  public String release() {
    return EsxBase.release(esxBase);
  }

  /**
   * For IMGDB's profile: VIB id → (payload name → local name) for <b>every</b> payload of every VIB
   * (§8.3), both sorted.
   */
  public Map<VibId, SortedMap<String, String>> payloadLocalNames() {
    Map<VibId, SortedMap<String, String>> m = new TreeMap<>();
    for (Map.Entry<PayloadRef, String> e : localNames.entrySet()) {
      m.computeIfAbsent(e.getKey().vibId(), k -> new TreeMap<>())
          .put(e.getKey().payloadName(), e.getValue());
    }
    m.replaceAll((k, v) -> Collections.unmodifiableSortedMap(v));
    return Collections.unmodifiableMap(m);
  }

  /** The local name of every payload, in VIB-id then descriptor order. */
  public Map<PayloadRef, String> localNames() {
    return localNames;
  }
}
