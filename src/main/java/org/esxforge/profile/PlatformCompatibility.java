package org.esxforge.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.model.Bulletin;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * The one rule for "does this VIB (or component) fit this base image?", used by {@code --add} (the
 * newest <em>compatible</em> version of a name), {@code vibs --newest --for BASE}, component and
 * add-on resolution, and the validator's platform line (docs/trust.md, "Platforms").
 *
 * <p>The target is the base's {@code esx-base}: its version names the ESXi release ({@code
 * 8.0.3-0.0.24022510} → {@code 8.0.3}) and the base's VIBs provide the kernel interfaces ({@code
 * vmkapi_2_13_0_0}, {@code vmkapi_incompat_2_13_0_0}, {@code esx-version}). A VIB fits when
 *
 * <ol>
 *   <li>its platform admits the release: the signed descriptor's {@code softwarePlatform} when it
 *       has one (it wins over everything else), else its component's {@code platforms}; a VIB with
 *       neither (pre-7.0U3 VIBs) passes this step; and
 *   <li>every platform dependency it declares ({@code vmkapi_*}, {@code esx-version}) is provided
 *       by the base: a driver built for another kernel interface (a 6.7 driver needs {@code
 *       vmkapi_incompat_2_5_0_0}, which 7.0 no longer provides) cannot load.
 * </ol>
 *
 * For messages, "made for" also reads the {@code sdkversion:} tag, the ESXi marker of the version's
 * release part ({@code 2.1-6vmw.670.2.48.39203948} → 6.7.0) and the newest vmkapi level it depends
 * on ({@code vmkapi_2_2_0_0} → 5.5), which are not binding.
 *
 * <p>{@code esxforge hardware} judges a driver with this rule too (adding only that ESXi 7.0 and
 * later cannot load vmklinux drivers, which needs the driver's device maps).
 *
 * <p>Immutable and thread-safe.
 */
public final class PlatformCompatibility {
  private static final Pattern MARKER = Pattern.compile("^\\d+[A-Za-z]+\\.([5-9])(\\d)(\\d)\\.");
  private static final String SDK_TAG = "sdkversion:";

  private final VibDescriptor esxBase;
  private final List<VibDescriptor> baseVibs;

  private PlatformCompatibility(VibDescriptor esxBase, List<VibDescriptor> baseVibs) {
    this.esxBase = esxBase;
    this.baseVibs = List.copyOf(baseVibs);
  }

  /**
   * The rule for a base made of {@code baseVibs}; empty when they hold no esx-base. Only the VIBs
   * that {@linkplain #shapesRule shape the rule} are kept, so a check costs the same whatever the
   * size of the base.
   */
  public static Optional<PlatformCompatibility> of(Collection<VibDescriptor> baseVibs) {
    List<VibDescriptor> shaping = new ArrayList<>();
    for (VibDescriptor v : baseVibs) {
      if (shapesRule(v)) {
        shaping.add(v);
      }
    }
    return shaping.stream()
        .filter(v -> EsxBase.NAME.equals(v.name()))
        .max(Comparator.comparing(VibDescriptor::version))
        .map(b -> new PlatformCompatibility(b, shaping));
  }

  /**
   * True when a base VIB can change the rule: it is esx-base, or it is called or provides a
   * platform dependency ({@code vmkapi_*}, {@code esx-version}). Every other VIB of a base can be
   * left out of {@link #of}: the rule never looks at it.
   */
  public static boolean shapesRule(VibDescriptor v) {
    if (EsxBase.NAME.equals(v.name()) || isPlatformName(v.name())) {
      return true;
    }
    for (org.esxforge.model.Provide p : v.relationships().provides()) {
      if (isPlatformName(p.name())) {
        return true;
      }
    }
    return false;
  }

  /** True when a VIB called or providing {@code name} can satisfy a platform dependency. */
  private static boolean isPlatformName(String name) {
    return isPlatformDependency(Constraint.any(name));
  }

  /** The rule for {@code base} (its VIBs looked up in {@code descriptors}). */
  public static Optional<PlatformCompatibility> of(
      ImageProfile base, Map<VibId, VibDescriptor> descriptors) {
    List<VibDescriptor> vibs = new ArrayList<>();
    for (VibId id : base.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (d != null) {
        vibs.add(d);
      }
    }
    return of(vibs);
  }

  /** The base's ESXi release, e.g. {@code 8.0.3}. */
  public String release() {
    return EsxBase.release(esxBase);
  }

  /** For messages: {@code ESXi 8.0.3}. */
  public String target() {
    return "ESXi " + release();
  }

  /**
   * Whether a VIB fits the base.
   *
   * @param compatible true when it fits
   * @param madeFor what it is made for, e.g. {@code ESXi 6.*} or {@code ESXi 8.0}; "" when unknown
   * @param reason why it does not fit (no VIB name), "" when it fits
   */
  public record Verdict(boolean compatible, String madeFor, String reason) {
    public Verdict {
      Objects.requireNonNull(madeFor, "madeFor");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Judges {@code vib}.
   *
   * @param componentPlatforms the {@code platforms} of the components holding it (empty if none)
   */
  public Verdict check(VibDescriptor vib, List<SoftwarePlatform> componentPlatforms) {
    String madeFor = madeFor(vib, componentPlatforms);
    List<SoftwarePlatform> binding =
        !vib.softwarePlatforms().isEmpty() ? vib.softwarePlatforms() : componentPlatforms;
    String release = release();
    if (!binding.isEmpty() && binding.stream().noneMatch(p -> p.admits(release))) {
      return new Verdict(false, madeFor, "it is made for " + madeFor + ", not " + target());
    }
    List<String> missing = new ArrayList<>();
    for (Constraint c : vib.relationships().depends()) {
      if (isPlatformDependency(c) && !providedByBase(c)) {
        missing.add(c.toString());
      }
    }
    if (!missing.isEmpty()) {
      return new Verdict(
          false,
          madeFor,
          "it needs " + String.join(", ", missing) + ", which " + target() + " does not provide");
    }
    return new Verdict(true, madeFor, "");
  }

  /** Judges a component: its own platforms, then each of its VIBs (unknown VIBs are skipped). */
  public Verdict check(Bulletin component, Map<VibId, VibDescriptor> descriptors) {
    for (VibId id : component.vibIds()) {
      VibDescriptor d = descriptors.get(id);
      if (d != null) {
        Verdict v = check(d, component.platforms());
        if (!v.compatible()) {
          return v;
        }
      }
    }
    String madeFor =
        component.platforms().isEmpty()
            ? ""
            : "ESXi "
                + String.join(
                    ", ",
                    component.platforms().stream()
                        .map(SoftwarePlatform::version)
                        .distinct()
                        .toList());
    if (!component.platforms().isEmpty()
        && component.platforms().stream().noneMatch(p -> p.admits(release()))) {
      return new Verdict(false, madeFor, "it is made for " + madeFor + ", not " + target());
    }
    return new Verdict(true, madeFor, "");
  }

  /**
   * The newest of {@code candidates} (versions of one name) that fits, and the newer ones skipped
   * with their reasons.
   *
   * @param componentPlatforms the component platforms of a VIB (empty list if none)
   */
  public Choice newest(
      Collection<VibDescriptor> candidates,
      Function<VibId, List<SoftwarePlatform>> componentPlatforms) {
    List<VibDescriptor> sorted = new ArrayList<>(candidates);
    sorted.sort(
        Comparator.comparing(VibDescriptor::version).thenComparing(VibDescriptor::id).reversed());
    List<Skipped> skipped = new ArrayList<>();
    for (VibDescriptor d : sorted) {
      Verdict v = check(d, componentPlatforms.apply(d.id()));
      if (v.compatible()) {
        return new Choice(Optional.of(d), skipped, target());
      }
      skipped.add(new Skipped(d, v));
    }
    return new Choice(Optional.empty(), skipped, target());
  }

  /** A version passed over, and why. */
  public record Skipped(VibDescriptor vib, Verdict verdict) {}

  /**
   * The outcome of {@link #newest}.
   *
   * @param chosen the newest fitting version, if any
   * @param skipped the versions newer than {@code chosen} (all of them when none fits), newest
   *     first
   * @param target e.g. {@code ESXi 8.0.3}
   */
  public record Choice(Optional<VibDescriptor> chosen, List<Skipped> skipped, String target) {
    public Choice {
      skipped = List.copyOf(skipped);
    }

    /**
     * One line: {@code chose vmkusb-nic-fling 1.14-1vmw.803.0.0.75399077, the newest for ESXi
     * 8.0.3; skipped the newer 2.1-6vmw.670.2.48.39203948 (made for ESXi 6.*)}; "" when nothing was
     * skipped.
     */
    public String note() {
      if (chosen.isEmpty() || skipped.isEmpty()) {
        return "";
      }
      VibDescriptor c = chosen.get();
      return "chose "
          + c.name()
          + " "
          + c.version()
          + ", the newest for "
          + target
          + "; skipped the newer "
          + describe(skipped);
    }

    /**
     * The one refusal line when nothing fits: {@code no version of vmkusb-nic-fling fits ESXi
     * 7.0.0: 2.1-6vmw.670.2.48.39203948 (made for ESXi 6.*; it needs …)}.
     */
    public String refusal(String name) {
      return "no version of "
          + name
          + " in the depots given fits "
          + target
          + ": "
          + describe(skipped);
    }

    private static String describe(List<Skipped> skipped) {
      List<String> parts = new ArrayList<>();
      for (Skipped s : skipped) {
        parts.add(s.vib().version() + " (" + s.verdict().reason() + ")");
      }
      return String.join(", ", parts);
    }
  }

  /**
   * What a VIB is made for, from the strongest evidence at hand: the descriptor's {@code
   * softwarePlatform}, the component's platforms, the {@code sdkversion:} tag, the ESXi marker in
   * the version's release part. "" when none says.
   */
  public static String madeFor(VibDescriptor vib, List<SoftwarePlatform> componentPlatforms) {
    List<SoftwarePlatform> ps =
        !vib.softwarePlatforms().isEmpty() ? vib.softwarePlatforms() : componentPlatforms;
    if (!ps.isEmpty()) {
      return text(ps);
    }
    for (String t : vib.softwareTags()) {
      if (t.startsWith(SDK_TAG)) {
        String v = t.substring(SDK_TAG.length());
        int dash = v.indexOf('-');
        return "ESXi " + (dash < 0 ? v : v.substring(0, dash));
      }
    }
    Matcher m = MARKER.matcher(vib.version().release());
    if (m.find()) {
      return "ESXi " + m.group(1) + "." + m.group(2) + "." + m.group(3);
    }
    return apiRelease(vib);
  }

  /** {@code ESXi 8.0} or {@code ESXi 6.*, 7.0}. */
  private static String text(List<SoftwarePlatform> ps) {
    return "ESXi "
        + String.join(
            ", ",
            ps.stream().map(p -> p.version().isEmpty() ? "any" : p.version()).distinct().toList());
  }

  /**
   * {@code vmkapi_*} (kernel interface levels), {@code com.vmware.driverAPI-*} (the vmklinux driver
   * interface of 5.x/6.x) and {@code esx-version}.
   */
  static boolean isPlatformDependency(Constraint c) {
    return c.name().startsWith("vmkapi_")
        || c.name().startsWith("com.vmware.driverAPI-")
        || c.name().equals("esx-version");
  }

  /**
   * The {@code platforms} of the components (bulletins) holding each VIB: what {@link #check} and
   * {@link #newest} take as a VIB's component platforms.
   */
  public static Function<VibId, List<SoftwarePlatform>> componentPlatforms(
      Collection<Bulletin> bulletins) {
    Map<VibId, List<SoftwarePlatform>> m = new java.util.HashMap<>();
    for (Bulletin b : bulletins) {
      for (VibId id : b.vibIds()) {
        List<SoftwarePlatform> l = m.computeIfAbsent(id, k -> new ArrayList<>());
        for (SoftwarePlatform p : b.platforms()) {
          if (!l.contains(p)) {
            l.add(p);
          }
        }
      }
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return id -> m.getOrDefault(id, List.of());
  }

  /** vmkapi level (major_minor) → the ESXi release that introduced it [I: docs/formats.md §8.6]. */
  static final Map<String, String> API_RELEASES =
      Map.ofEntries(
          Map.entry("2_0", "5.0"),
          Map.entry("2_1", "5.1"),
          Map.entry("2_2", "5.5"),
          Map.entry("2_3", "6.0"),
          Map.entry("2_4", "6.5"),
          Map.entry("2_5", "6.7"),
          Map.entry("2_6", "7.0"),
          Map.entry("2_7", "7.0 U1"),
          Map.entry("2_8", "7.0 U2"),
          Map.entry("2_9", "7.0 U3"),
          Map.entry("2_10", "8.0"),
          Map.entry("2_11", "8.0 U1"),
          Map.entry("2_12", "8.0 U2"),
          Map.entry("2_13", "8.0 U3"),
          Map.entry("3_0", "9.0"));

  private static final Pattern API =
      Pattern.compile("vmkapi_(?:incompat_)?(\\d+)_(\\d+)_\\d+_\\d+");

  /** {@code ESXi 5.5} from the newest vmkapi level {@code vib} depends on, "" if none. */
  static String apiRelease(VibDescriptor vib) {
    String best = "";
    int bestRank = -1;
    for (Constraint c : vib.relationships().depends()) {
      Matcher m = API.matcher(c.name());
      if (m.matches()) {
        String r = API_RELEASES.get(m.group(1) + "_" + m.group(2));
        int rank = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
        if (r != null && rank > bestRank) {
          best = "ESXi " + r;
          bestRank = rank;
        }
      }
    }
    return best;
  }

  private boolean providedByBase(Constraint c) {
    for (VibDescriptor b : baseVibs) {
      if (ProfileValidator.satisfiedBy(c, b)) {
        return true;
      }
    }
    return false;
  }
}
