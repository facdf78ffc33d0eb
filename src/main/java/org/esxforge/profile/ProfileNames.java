package org.esxforge.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.InvalidModelException;
import org.jspecify.annotations.Nullable;

/**
 * VMware image-profile names (docs/formats.md §2.5) and the choice of the "latest" one.
 *
 * <p>Grammar: {@code ESXi-<version>[U<update>][<flags>]-<build>[s][-<tag>]-(standard|no-tools)},
 * where {@code <version>} is dotted digits ({@code 8.0}, {@code 6.7.0}, 9.x {@code 9.0.0.0100}),
 * {@code <flags>} is a patch letter and/or {@code s} (security-only) in either order ({@code
 * 7.0U3si}, {@code 7.0bs}, {@code 8.0sb}, {@code 8.0c}), the 6.x date-coded builds may carry a
 * trailing {@code s} ({@code 20191204001s}), and {@code <tag>} covers 5.5's {@code RollupISO}. A
 * lone letter {@code s} is read as the security flag, never as a patch letter.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProfileNames {
  private static final Pattern NAME =
      Pattern.compile(
          "ESXi-(\\d+(?:\\.\\d+)*)(?:U(\\d+))?([a-z]{0,2})-(\\d+)(s?)"
              + "(?:-([A-Za-z][A-Za-z0-9]*))?-(standard|no-tools)");

  private ProfileNames() {}

  /**
   * A parsed profile name.
   *
   * @param update the {@code U<n>} number, or -1
   * @param patch the patch letter, or ""
   * @param build the build number (6.x: the date code {@code yyyymmddNNN})
   * @param tag e.g. {@code RollupISO}, or ""
   */
  public record ProfileName(
      String text,
      String version,
      int update,
      String patch,
      boolean securityOnly,
      long build,
      String tag,
      boolean noTools) {

    /** The first two numeric fields of the version, e.g. {@code 8.0}. */
    public String majorMinor() {
      String[] f = version.split("\\.", -1);
      return f.length == 1 ? f[0] : f[0] + "." + f[1];
    }
  }

  /**
   * What {@link #latest} may pick.
   *
   * @param versionPrefix "" for any; {@code 8.0} (the version or a dotted prefix of it, {@code 7.0}
   *     admits {@code 7.0.0}), or {@code 8.0U3} (that update exactly)
   * @param noToolsOnly only {@code -no-tools} profiles ({@code latest:no-tools})
   */
  public record Selection(
      String versionPrefix,
      boolean includeSecurityOnly,
      boolean includeNoTools,
      boolean noToolsOnly) {
    /** Standard or (with {@code includeNoTools}) also {@code -no-tools} profiles. */
    public Selection(String versionPrefix, boolean includeSecurityOnly, boolean includeNoTools) {
      this(versionPrefix, includeSecurityOnly, includeNoTools, false);
    }

    /** Any version; standard, non-security-only profiles only. */
    public static Selection standard() {
      return new Selection("", false, false);
    }

    boolean admits(ProfileName n) {
      return (includeSecurityOnly || !n.securityOnly())
          && (includeNoTools || noToolsOnly || !n.noTools())
          && (!noToolsOnly || n.noTools())
          && (versionPrefix.isEmpty()
              || n.version().equals(versionPrefix)
              || n.version().startsWith(versionPrefix + ".")
              || (n.update() >= 0 && (n.majorMinor() + "U" + n.update()).equals(versionPrefix)));
    }
  }

  private static final Pattern VERSION_SELECTOR = Pattern.compile("\\d+(\\.\\d+)*(U\\d+)?");

  /**
   * Parses a {@code latest} selector: {@code latest}, then optional {@code :}-separated parts in
   * any order — a version ({@code 7.0}, {@code 8.0U3}, {@code 9}), {@code standard} (the default:
   * {@code -standard} profiles only), {@code no-tools} ({@code -no-tools} profiles only), {@code
   * any-tools} (both), {@code security} (admit security-only {@code …s…} profiles). E.g. {@code
   * latest:8.0U3}, {@code latest:7.0:security}.
   *
   * @throws InvalidModelException not such a selector
   */
  public static Selection selection(String selector) throws InvalidModelException {
    String[] parts = selector.trim().split(":", -1);
    if (!parts[0].equals("latest")) {
      throw new InvalidModelException(
          "base selector", selector, "expected latest[:VERSION]" + "[:standard|no-tools|security]");
    }
    String version = "";
    boolean sec = false;
    boolean noTools = false;
    boolean anyTools = false;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i];
      switch (p) {
        case "standard" -> {}
        case "no-tools" -> noTools = true;
        case "any-tools" -> anyTools = true;
        case "security" -> sec = true;
        default -> {
          if (!VERSION_SELECTOR.matcher(p).matches() || !version.isEmpty()) {
            throw new InvalidModelException(
                "base selector",
                selector,
                "'"
                    + p
                    + "' is not a"
                    + " version (7.0, 8.0U3) nor standard, no-tools or security");
          }
          version = p;
        }
      }
    }
    return new Selection(version, sec, anyTools, noTools && !anyTools);
  }

  /** The profile chosen by {@link #latest} and a one-line reason. */
  public record Choice(ImageProfile profile, ProfileName name, String reason) {}

  /** Parses {@code text}; throws if it is not a VMware profile name. */
  public static ProfileName parse(String text) throws InvalidModelException {
    return tryParse(text)
        .orElseThrow(
            () ->
                new InvalidModelException(
                    "profile name",
                    text,
                    "expected ESXi-<version>[U<n>][<letter>][s]-<build>-standard|no-tools"));
  }

  public static Optional<ProfileName> tryParse(String text) {
    Matcher m = NAME.matcher(text == null ? "" : text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String flags = m.group(3);
    boolean sec = !m.group(5).isEmpty();
    String patch = flags;
    if (flags.indexOf('s') >= 0 && (flags.length() == 1 || flags.charAt(0) != flags.charAt(1))) {
      sec = true;
      patch = flags.replaceFirst("s", "");
    }
    return Optional.of(
        new ProfileName(
            text,
            m.group(1),
            m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
            patch,
            sec,
            Long.parseLong(m.group(4)),
            m.group(6) == null ? "" : m.group(6),
            m.group(7).equals("no-tools")));
  }

  /**
   * The latest profile the selection admits: highest major.minor (numerically), then highest build
   * number, then latest creation time, then name. Never a string sort: {@code 7.0U3o} (build
   * 22348816) beats {@code 7.0U3i} (20328353), and {@code 8.0} GA beats every 7.0 whatever its
   * build. Profiles whose names do not parse are skipped.
   */
  public static Optional<Choice> latest(Collection<ImageProfile> profiles, Selection sel) {
    List<ImageProfile> ok = new ArrayList<>();
    List<ProfileName> names = new ArrayList<>();
    int skippedSec = 0;
    int skippedNoTools = 0;
    int skippedStandard = 0;
    int unparsed = 0;
    int otherVersion = 0;
    for (ImageProfile p : profiles) {
      Optional<ProfileName> n = tryParse(p.name());
      if (n.isEmpty()) {
        unparsed++;
      } else if (!sel.includeSecurityOnly() && n.get().securityOnly()) {
        skippedSec++;
      } else if (!sel.includeNoTools() && !sel.noToolsOnly() && n.get().noTools()) {
        skippedNoTools++;
      } else if (sel.noToolsOnly() && !n.get().noTools()) {
        skippedStandard++;
      } else if (!sel.admits(n.get())) {
        otherVersion++;
      } else {
        ok.add(p);
        names.add(n.get());
      }
    }
    if (ok.isEmpty()) {
      return Optional.empty();
    }
    int best = 0;
    Comparator<Integer> order = order(ok, names);
    for (int i = 1; i < ok.size(); i++) {
      if (order.compare(i, best) > 0) {
        best = i;
      }
    }
    ProfileName n = names.get(best);
    String reason =
        n.text()
            + ": highest build "
            + n.build()
            + " among "
            + ok.size()
            + " candidate"
            + (ok.size() == 1 ? "" : "s")
            + (sel.versionPrefix().isEmpty() ? "" : " for " + sel.versionPrefix())
            + " (skipped "
            + skippedSec
            + " security-only, "
            + (sel.noToolsOnly() ? skippedStandard + " standard, " : skippedNoTools + " no-tools, ")
            + otherVersion
            + " other-version, "
            + unparsed
            + " unrecognised)";
    return Optional.of(new Choice(ok.get(best), n, reason));
  }

  private static Comparator<Integer> order(List<ImageProfile> ps, List<ProfileName> ns) {
    Comparator<Integer> c =
        Comparator.comparing(i -> ns.get(i).majorMinor(), ProfileNames::compareDotted);
    c = c.thenComparingLong(i -> ns.get(i).build());
    c = c.thenComparing(i -> date(ps.get(i)), Comparator.nullsFirst(Comparator.naturalOrder()));
    return c.thenComparing(i -> ns.get(i).text());
  }

  private static @Nullable Instant date(ImageProfile p) {
    return p.creationTime() != null ? p.creationTime() : p.modifiedTime();
  }

  private static int compareDotted(String a, String b) {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
