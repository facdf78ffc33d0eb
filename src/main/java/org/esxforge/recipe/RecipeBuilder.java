package org.esxforge.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.esxforge.build.AddSpec;
import org.esxforge.build.BuildException;
import org.esxforge.build.BuildPipeline;
import org.esxforge.build.BuildRequest;
import org.esxforge.build.BuildResult;
import org.esxforge.build.Resolution;
import org.esxforge.build.ResolvedVib;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.hardware.DeviceLists;
import org.esxforge.io.FormatException;
import org.esxforge.io.Parents;
import org.esxforge.io.UserSetting;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.vib.TrustStore;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link Recipe} through the {@link BuildPipeline} with its lock file (issue 7).
 *
 * <ul>
 *   <li>No lock, or {@link LockMode#UPDATE}: resolve afresh ({@code latest…} against the depots
 *       now), build, write the lock.
 *   <li>A lock whose recipe hash matches ({@link LockMode#AUTO}): pinned — the lock's base profile
 *       and exactly its VIB ids are built, even if newer ones appeared; each VIB's SHA-256 must
 *       still be the locked one. If the recipe's inputs changed, AUTO re-resolves and rewrites the
 *       lock.
 *   <li>{@link LockMode#LOCKED}: like a pinned build, but a missing lock or changed recipe inputs
 *       are differences too; any difference fails with {@link LockMismatchException}.
 * </ul>
 *
 * Timestamps: {@code sourceDateEpoch} when given, else the lock's build time, else the pipeline's
 * default (the base profile's creation time). So the same recipe and lock give the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipeBuilder {
  private RecipeBuilder() {}

  /** How the lock is used. */
  public enum LockMode {
    AUTO,
    LOCKED,
    UPDATE
  }

  /** A depot location as opened (sample resolved, secrets expanded) and as the lock spells it. */
  public record Location(String open, String spelled) {}

  /**
   * Everything beside the recipe.
   *
   * @param locations the recipe's {@code resolvedDepots} as opened, in order
   * @param trust the anchors signatures must chain to (built-in VMware store, recipe trust files,
   *     the sample CA for the sample's own VIBs)
   * @param fetcher for online depots (the cache), or null
   * @param sourceDateEpoch overrides every timestamp, or null
   * @param dryRun plan only: the build writes no output, and no lock or manifest is written
   */
  public record Options(
      List<Location> locations,
      TrustStore trust,
      @Nullable DepotFetcher fetcher,
      DepotOptions depotOptions,
      @Nullable Instant sourceDateEpoch,
      String toolVersion,
      boolean force,
      LockMode mode,
      boolean dryRun) {
    public Options {
      locations = List.copyOf(locations);
      java.util.Objects.requireNonNull(trust, "trust");
      depotOptions = depotOptions == null ? DepotOptions.defaults() : depotOptions;
      Objects.requireNonNull(mode, "mode");
    }

    /** Options for a build that writes ({@code dryRun} false). */
    public Options(
        List<Location> locations,
        TrustStore trust,
        @Nullable DepotFetcher fetcher,
        DepotOptions depotOptions,
        @Nullable Instant sourceDateEpoch,
        String toolVersion,
        boolean force,
        LockMode mode) {
      this(
          locations,
          trust,
          fetcher,
          depotOptions,
          sourceDateEpoch,
          toolVersion,
          force,
          mode,
          false);
    }
  }

  /** What a recipe build did. */
  public record Result(
      BuildResult build, Lockfile lock, boolean pinned, boolean lockWritten, List<Path> manifests) {
    public Result {
      manifests = List.copyOf(manifests);
    }
  }

  /** Resolves afresh, as a build without lock would, and the lock that would record it. */
  public static Lockfile resolveFresh(Recipe r, Options o, EventHandlers events)
      throws IOException, ProfileValidationException, BuildException, RecipeException {
    try (Catalog cat = open(r, o, events)) {
      Resolution res =
          BuildPipeline.resolve(cat, request(r, o, r.base(), "resolve").build(), events);
      return lockOf(
          cat,
          r,
          o,
          res.base(),
          res.baseReason(),
          Substitutions.apply(r.name(), res.base()),
          res.profile().acceptanceLevel(),
          res.profile().creationTime() == null ? Instant.EPOCH : res.profile().creationTime(),
          res.vibs(),
          res.components());
    }
  }

  /**
   * Opens the recipe's depots and its file adds into the one catalog that resolving, checking the
   * lock and building all use, so every depot is parsed once.
   */
  static Catalog open(Recipe r, Options o, EventHandlers events)
      throws IOException, BuildException {
    List<String> locations = BuildPipeline.locations(request(r, o, r.base(), "resolve").build());
    if (locations.isEmpty()) {
      throw new BuildException(
          BuildException.Setting.DEPOTS, null, "no depot given (a depot URL, bundle zip, folder)");
    }
    return o.fetcher() == null
        ? Depots.open(locations, o.depotOptions(), events)
        : Depots.open(locations, o.depotOptions(), events, o.fetcher());
  }

  /** Builds {@code r}; {@code lock} is the existing lock or null. */
  public static Result build(Recipe r, @Nullable Lockfile lock, Options o, EventHandlers events)
      throws IOException,
          ProfileValidationException,
          BuildException,
          RecipeException,
          LockMismatchException {
    try (Catalog cat = open(r, o, events)) {
      return build(cat, r, lock, o, events);
    }
  }

  private static Result build(
      Catalog cat, Recipe r, @Nullable Lockfile lock, Options o, EventHandlers events)
      throws IOException,
          ProfileValidationException,
          BuildException,
          RecipeException,
          LockMismatchException {
    Path lockPath = Lockfile.pathFor(r.file());
    boolean sameRecipe = lock != null && lock.recipeSha256().equals(RecipeInputs.sha256(r));
    if (o.mode() == LockMode.LOCKED) {
      List<String> diff = new ArrayList<>();
      if (lock == null) {
        throw new LockMismatchException(
            lockPath.toString(),
            List.of("no lock file"),
            "build once without " + UserSetting.LOCKED + " to write it");
      }
      if (!sameRecipe) {
        diff.add(
            "recipe inputs changed since the lock was written (depots, base, name, VIBs"
                + " or acceptance)");
      }
      diff.addAll(pinnedDifferences(cat, r, lock, o, events));
      if (!diff.isEmpty()) {
        throw new LockMismatchException(
            lockPath.toString(),
            diff,
            "rebuild with " + UserSetting.UPDATE_LOCK + " to accept them, or restore the depots");
      }
    }
    @Nullable Lockfile pinning =
        lock != null && o.mode() != LockMode.UPDATE && (sameRecipe || o.mode() == LockMode.LOCKED)
            ? lock
            : null;
    boolean pin = pinning != null;
    BuildRequest req;
    String reason;
    if (pinning != null) {
      if (o.mode() == LockMode.AUTO) {
        List<String> diff = pinnedDifferences(cat, r, pinning, o, events);
        if (!diff.isEmpty()) {
          throw new LockMismatchException(
              lockPath.toString(),
              diff,
              "the depots no longer hold what the lock pins; re-resolve with "
                  + UserSetting.UPDATE_LOCK);
        }
      }
      events.info(
          "pinned by "
              + lockPath.getFileName()
              + ": base "
              + pinning.base()
              + ", "
              + pinning.vibs().size()
              + " VIBs");
      req = pinned(r, pinning, o).buildTime(time(o, pinning)).build();
      reason = pinning.baseReason();
    } else {
      if (lock != null && o.mode() == LockMode.AUTO) {
        events.lifecycle(
            "the recipe changed since "
                + lockPath.getFileName()
                + " was written: resolving afresh");
      }
      Resolution res =
          BuildPipeline.resolve(cat, request(r, o, r.base(), "resolve").build(), events);
      reason = res.baseReason();
      req =
          request(r, o, res.base(), Substitutions.apply(r.name(), res.base()))
              .description(Substitutions.applyOrNull(r.description(), res.base()))
              .buildTime(time(o, null))
              .build();
    }
    BuildResult run = BuildPipeline.run(cat, req, events);
    // the run named its base explicitly; report why the recipe chose it
    BuildResult built =
        new BuildResult(
            run.base(),
            reason,
            run.profile(),
            run.changes(),
            run.notes(),
            run.problems(),
            run.outputs(),
            run.moduleCount(),
            run.bootCfg(),
            run.volumeId(),
            run.isoFiles(),
            run.vibs(),
            run.model(),
            run.hardware());
    Lockfile now =
        lockOf(
            cat,
            r,
            o,
            built.base(),
            reason,
            built.profile().name(),
            built.profile().acceptanceLevel(),
            built.profile().creationTime(),
            built.vibs(),
            built.model().componentVersions());
    if (o.dryRun()) {
      return new Result(built, pinning != null ? pinning : now, pin, false, List.of());
    }
    boolean write = !pin;
    if (write) {
      now.write(lockPath);
    }
    Lockfile recorded = pinning != null ? pinning : now; // written when not pinned
    List<Path> manifests = BuildManifests.write(r, recorded, built);
    return new Result(built, recorded, pin, write, manifests);
  }

  /** What differs when the lock's base and VIBs are resolved against the depots now. */
  static List<String> pinnedDifferences(
      Catalog cat, Recipe r, Lockfile lock, Options o, EventHandlers events)
      throws IOException, RecipeException {
    List<String> diff = new ArrayList<>();
    Resolution res;
    try {
      res = BuildPipeline.resolve(cat, pinned(r, lock, o).build(), events);
    } catch (BuildException e) {
      diff.add("base profile " + lock.base() + ": " + e.getMessage());
      return diff;
    } catch (ProfileValidationException e) {
      // the edit (an unknown locked id) or the member check (a descriptor without bytes)
      for (Problem p : e.problems()) {
        VibId id = p.vibId();
        if (id == null) {
          id =
              lock.vibs().keySet().stream()
                  .filter(v -> p.toString().contains(v.value()))
                  .findFirst()
                  .orElse(null);
        }
        diff.add(
            id != null && lock.vibs().containsKey(id)
                ? id + ": locked, but no depot holds it any more"
                : p.toString());
      }
      return diff;
    }
    Map<VibId, ResolvedVib> now = new TreeMap<>();
    res.vibs().forEach(v -> now.put(v.id(), v));
    Set<VibId> ids = new TreeSet<>(now.keySet());
    ids.addAll(lock.vibs().keySet());
    for (VibId id : ids) {
      Lockfile.Entry was = lock.vibs().get(id);
      ResolvedVib is = now.get(id);
      if (was == null) {
        diff.add(id + ": not in the lock, but resolved now");
      } else if (is == null) {
        diff.add(id + ": locked, but no depot holds it any more");
      } else if (!was.sha256().equals(is.sha256())) {
        diff.add(
            id
                + ": SHA-256 changed from "
                + was.sha256().hex()
                + " (locked) to "
                + is.sha256().hex()
                + " (in "
                + String.join(", ", spell(cat, r, o, is.depots()))
                + ")");
      }
    }
    if (res.profile().acceptanceLevel() != lock.acceptance()) {
      diff.add(
          "acceptance level: locked "
              + lock.acceptance().xmlValue()
              + ", now "
              + res.profile().acceptanceLevel().xmlValue());
    }
    return diff;
  }

  private static BuildRequest.Builder pinned(Recipe r, Lockfile lock, Options o)
      throws RecipeException, IOException {
    BuildRequest.Builder b =
        common(r, o)
            .base(lock.base())
            .spec(r.spec() == null ? null : pinnedSpec(r.spec(), lock.base()))
            .name(Substitutions.apply(r.name(), lock.base()))
            .description(Substitutions.applyOrNull(r.description(), lock.base()))
            .acceptance(lock.acceptance())
            .vibList(lock.vibs().keySet().stream().map(VibId::value).toList());
    for (String a : r.adds()) {
      if (AddSpec.parse(a) instanceof AddSpec.Location pkg && Files.exists(pkg.path())) {
        b.depot(a);
      }
    }
    return b;
  }

  /**
   * A recipe's spec pinned to the locked base image ({@code ESXi:<version>}, what a spec build
   * records as its base); the lock's VIB list pins the rest.
   */
  private static org.esxforge.model.SoftwareSpec pinnedSpec(
      org.esxforge.model.SoftwareSpec s, String lockedBase) {
    return new org.esxforge.model.SoftwareSpec(
        lockedBase, s.addOn(), s.components(), s.removedComponents());
  }

  private static BuildRequest.Builder request(Recipe r, Options o, String base, String name)
      throws IOException {
    // base is the recipe's own selector while resolving, the resolved base image afterwards
    boolean resolving = base.equals(r.base());
    BuildRequest.Builder b =
        common(r, o)
            .base(base)
            .name(name)
            .description(r.description())
            .spec(r.spec() == null ? null : resolving ? r.spec() : pinnedSpec(r.spec(), base))
            .acceptance(r.acceptance());
    r.adds().forEach(b::add);
    r.removes().forEach(b::remove);
    return b;
  }

  private static BuildRequest.Builder common(Recipe r, Options o) throws IOException {
    BuildRequest.Builder b =
        BuildRequest.builder()
            .depots(o.locations().stream().map(Location::open).toList())
            .vendor(r.vendor())
            .iso(r.iso())
            .bundle(r.bundle())
            .pxe(r.pxe())
            .dryRun(o.dryRun())
            .kickstart(r.kickstart())
            .isoWriter(r.isoWriter())
            .signatureCheck(r.signatureCheck())
            .trustStore(o.trust())
            .force(o.force())
            .depotOptions(o.depotOptions());
    r.kernelOptions().forEach(b::kernelOpt);
    if (r.hardware() != null) {
      b.hardware(devices(r.hardware()));
    }
    return b;
  }

  /** The recipe's device list; unreadable or unknown lists are one line naming the file. */
  private static List<org.esxforge.model.PciDevice> devices(Path file) throws IOException {
    try {
      return DeviceLists.read(file).devices();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new FormatException(file.toString(), "hardware: no such device list file");
    }
  }

  private static @Nullable Instant time(Options o, @Nullable Lockfile lock) {
    return o.sourceDateEpoch() != null
        ? o.sourceDateEpoch()
        : lock != null ? lock.buildTime() : null;
  }

  private static Lockfile lockOf(
      Catalog cat,
      Recipe r,
      Options o,
      String base,
      String reason,
      String name,
      org.esxforge.model.AcceptanceLevel level,
      @Nullable Instant time,
      List<ResolvedVib> vibs,
      java.util.SortedMap<String, String> components) {
    SortedMap<VibId, Lockfile.Entry> m = new TreeMap<>();
    for (ResolvedVib v : vibs) {
      m.put(v.id(), new Lockfile.Entry(v.sha256(), spell(cat, r, o, v.depots())));
    }
    return new Lockfile(
        Parents.nameOf(r.file()),
        RecipeInputs.sha256(r),
        r.base(),
        base,
        reason,
        name,
        level,
        time == null ? Instant.EPOCH : time,
        o.toolVersion(),
        m,
        components);
  }

  /**
   * Depot locations as the recipe spells them, sorted. {@code held} are the catalog's names of the
   * depots that hold a VIB ({@link org.esxforge.depot.DepotInfo#location()}, secrets masked); the
   * catalog opened the recipe's locations in order, one depot each, then the file adds, so its i-th
   * depot is the i-th location. The masked name is only looked up in the catalog that made it,
   * never compared with a location's own text.
   */
  static List<String> spell(Catalog cat, Recipe r, Options o, List<String> held) {
    Map<String, List<String>> spelled = new HashMap<>();
    List<org.esxforge.depot.DepotInfo> depots = cat.depots();
    for (int i = 0; i < depots.size(); i++) {
      String name = depots.get(i).location();
      String s =
          i < o.locations().size() ? o.locations().get(i).spelled() : RecipeInputs.spell(r, name);
      spelled.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }
    TreeSet<String> out = new TreeSet<>();
    for (String d : held) {
      out.addAll(spelled.getOrDefault(d, List.of(RecipeInputs.spell(r, d))));
    }
    return List.copyOf(out);
  }
}
