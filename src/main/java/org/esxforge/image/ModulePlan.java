package org.esxforge.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.EsxBase;

/**
 * The boot modules of an installer image (docs/formats.md §5.3, §5.4): which payloads become
 * modules, their 8.3 local names, and the {@code BOOT.CFG} order.
 *
 * <p>Candidates: payloads of type {@code boot vgz tgz installer vzstd} of every VIB. Order:
 *
 * <ol>
 *   <li>kernel = the candidate with the lowest {@code boot-order};
 *   <li>the other candidates with a {@code boot-order}, ascending; ties see {@link #TIES};
 *   <li>the other candidates of non-overlay VIBs by VIB id (byte-wise), payloads in descriptor
 *       order;
 *   <li>the same for overlay VIBs;
 *   <li>{@code imgdb.tgz}, on 8.0+ {@code basemisc.tgz resvibs.tgz esxiodpt.tgz}, {@code
 *       imgpayld.tgz}.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class ModulePlan {
  /** Payload types that become boot modules. */
  public static final Set<String> MODULE_TYPES = Set.of("boot", "vgz", "tgz", "installer", "vzstd");

  /**
   * Tie rule for equal {@code boot-order} [G, forced by real data]: the spec's guess was "stable
   * sort, descriptor order", but the real 7.0 descriptors (fixtures/real/esximg-7.0-hpe-host, whose
   * payloads are listed alphabetically) would then give {@code s sb tpm vim vmx}, while every real
   * boot.cfg (6.7U2, 7.0 GA, 7.0U2, 8.0U3, 9.x) has {@code uc_amd uc_hygon} (order 52, type boot)
   * and {@code vmx vim tpm sb s} (order 100, type vgz). The one rule that reproduces both without
   * depending on the descriptor's payload order: {@code boot}-type payloads first, by name
   * ascending; then the other module types, by name descending; then VIB id. A depot descriptor
   * that lists {@code vmx vim tpm sb s} gives the same result.
   */
  public static final Comparator<Module> TIES =
      Comparator.<Module>comparingInt(m -> m.payloadType().equals("boot") ? 0 : 1)
          .thenComparing(
              (a, b) ->
                  a.payloadType().equals("boot")
                      ? a.payloadName().compareTo(b.payloadName())
                      : b.payloadName().compareTo(a.payloadName()))
          .thenComparing(m -> m.payload().vibId());

  /**
   * One module: a payload and its local 8.3 name, or (payload null) a generated archive.
   *
   * @param payload the source payload, null for {@code imgdb.tgz} and the other archives
   * @param payloadType the payload type, or "" for a generated archive
   * @param bootOrder the payload's boot-order, -1 if none
   */
  public record Module(
      PayloadRef payload, String payloadName, String payloadType, int bootOrder, String localName) {
    /** True for the generated archives ({@code imgdb.tgz} ...). */
    public boolean generated() {
      return payload == null;
    }
  }

  private final Module kernel;
  private final List<Module> modules;
  private final VibDescriptor esxBase;

  private ModulePlan(Module kernel, List<Module> modules, VibDescriptor esxBase) {
    this.kernel = kernel;
    this.modules = List.copyOf(modules);
    this.esxBase = esxBase;
  }

  /**
   * Plans the modules of {@code profile}.
   *
   * @param descriptors must hold every VIB of the profile
   * @throws ImagePlanException if a descriptor or esx-base is missing, no candidate has a
   *     boot-order, or an 8.3 counter overflows
   */
  public static ModulePlan of(ImageProfile profile, Map<VibId, VibDescriptor> descriptors)
      throws ImagePlanException {
    List<VibDescriptor> vibs = new ArrayList<>();
    for (VibId id : profile.vibIds()) { // ascending VibId (byte-wise)
      VibDescriptor d = descriptors.get(id);
      if (d == null) {
        throw new ImagePlanException(
            id + ": no descriptor for this VIB of " + profile.name()
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
    List<PayloadRef> candidates = new ArrayList<>();
    Map<PayloadRef, Payload> payloads = new LinkedHashMap<>();
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        if (MODULE_TYPES.contains(p.type())) {
          PayloadRef r = new PayloadRef(d.id(), p.name());
          candidates.add(r);
          payloads.put(r, p);
        }
      }
    }
    Map<PayloadRef, String> names = LocalNames.assign(vibs, candidates);
    List<Module> ordered = new ArrayList<>();
    for (PayloadRef r : candidates) {
      Payload p = payloads.get(r);
      if (p.hasBootOrder()) {
        ordered.add(new Module(r, p.name(), p.type(), p.bootOrder(), names.get(r)));
      }
    }
    if (ordered.isEmpty()) {
      throw new ImagePlanException(
          profile.name() + ": no module payload has a boot-order, so there is no kernel;"
              + " add esx-base");
    }
    ordered.sort(Comparator.comparingInt(Module::bootOrder).thenComparing(TIES));
    Module first = ordered.get(0);
    if (!first.payloadType().equals("boot")) {
      throw new ImagePlanException(
          first.payload() + ": the lowest boot-order (" + first.bootOrder() + ") belongs to a "
              + first.payloadType() + " payload, which cannot be the kernel; the kernel must be a"
              + " boot payload (esx-base's b)");
    }
    for (boolean overlay : new boolean[] {false, true}) {
      for (VibDescriptor d : vibs) {
        if (d.overlay() != overlay) {
          continue;
        }
        for (Payload p : d.payloads()) {
          PayloadRef r = new PayloadRef(d.id(), p.name());
          if (names.containsKey(r) && !p.hasBootOrder()) {
            ordered.add(new Module(r, p.name(), p.type(), -1, names.get(r)));
          }
        }
      }
    }
    for (String special : specialNames(EsxBase.release(base))) {
      ordered.add(new Module(null, "", "", -1, special));
    }
    return new ModulePlan(ordered.get(0), ordered.subList(1, ordered.size()), base);
  }

  /** {@code imgdb.tgz}, on 8.0+ {@code basemisc.tgz resvibs.tgz esxiodpt.tgz}, {@code imgpayld.tgz}. */
  static List<String> specialNames(String release) {
    return EsxBase.major(release) >= 8
        ? List.of("imgdb.tgz", "basemisc.tgz", "resvibs.tgz", "esxiodpt.tgz", "imgpayld.tgz")
        : List.of("imgdb.tgz", "imgpayld.tgz");
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
   * For IMGDB's profile: VIB id → (payload name → local name) for every module payload, both
   * sorted.
   */
  public Map<VibId, SortedMap<String, String>> payloadLocalNames() {
    Map<VibId, SortedMap<String, String>> m = new TreeMap<>();
    for (Module mod : all()) {
      if (!mod.generated()) {
        m.computeIfAbsent(mod.payload().vibId(), k -> new TreeMap<>())
            .put(mod.payloadName(), mod.localName());
      }
    }
    m.replaceAll((k, v) -> Collections.unmodifiableSortedMap(v));
    return Collections.unmodifiableMap(m);
  }
}
