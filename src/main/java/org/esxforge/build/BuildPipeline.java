package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.image.PxeTree;
import org.esxforge.io.FormatException;
import org.esxforge.io.HashingInputStream;
import org.esxforge.io.Sha256;
import org.esxforge.io.TempDirectories;
import org.esxforge.iso.ExternalIsoTool;
import org.esxforge.iso.IsoWriter;
import org.esxforge.iso.IsoWriters;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge build}: open the depots, pick the base profile, edit a clone, verify every VIB of
 * the new profile, validate, then write the installer ISO and/or the offline bundle.
 *
 * <p>Nothing is written before validation passed (or {@code --force} was given). Outputs are
 * all-or-nothing: the ISO and the bundle are each written to a hidden temp file beside their
 * target, and only when both are complete are they moved into place (ISO first, then bundle; each
 * move is atomic). If anything fails before the moves, no output exists and no temp file is left;
 * an older file at a target stays untouched.
 *
 * <p>{@code --force} covers validation problems (dependencies, conflicts, platform, acceptance,
 * signatures): each is returned in {@link BuildResult#problems()} for the caller to print as a
 * WARNING. It does not cover an ISO from a VIB whose bytes do not match its descriptor (a payload
 * missing or a checksum wrong): such bytes cannot be put on an ISO faithfully, so that fails with a
 * {@link FormatException}; the bundle, which copies the {@code .vib} unchanged, may be forced.
 *
 * <p>The build is a list of named {@linkplain #steps steps} sharing one {@link BuildContext}:
 * resolve → verify → validate → plan → write → commit. A caller holding an open catalog (a recipe
 * build, which also resolves and checks its lock) runs them on it with {@link #run(Catalog,
 * BuildRequest, EventHandlers)}, so every depot is parsed once.
 *
 * <p>Stateless and thread-safe; each run uses its own temp directory.
 */
public final class BuildPipeline {
  private static final List<BuildStep> STEPS =
      List.of(
          new ResolveStep(),
          new VerifyStep(),
          new ValidateStep(),
          new PlanStep(),
          new WriteStep(),
          new CommitStep());

  private BuildPipeline() {}

  /** The steps of a build, in order. */
  static List<BuildStep> steps() {
    return STEPS;
  }

  /**
   * Runs the build, opening local depots only (online ones need a fetcher: see {@link
   * #run(BuildRequest, EventHandlers, DepotFetcher)}).
   *
   * @throws EditRefusedException the edit was refused (unknown VIB, acceptance level); {@code
   *     force} does not apply
   * @throws ProfileValidationException the new profile is invalid (without {@code force}); every
   *     problem is one line
   * @throws BuildException the build cannot be done (message is one line)
   * @throws FormatException corrupt input (a VIB that does not match its descriptor, for an ISO)
   */
  public static BuildResult run(BuildRequest req, EventHandlers events)
      throws IOException, ProfileValidationException, BuildException {
    return run(req, events, null);
  }

  /**
   * Opens {@link #locations the request's depots} into one catalog, fetching online depot files
   * through {@code fetcher} (the session's caching, proxy-aware fetcher; null = local depots only),
   * and runs the build on it.
   */
  public static BuildResult run(
      BuildRequest req, EventHandlers events, @Nullable DepotFetcher fetcher)
      throws IOException, ProfileValidationException, BuildException {
    checkOutputs(req);
    IsoWriter writer = writer(req, events); // a bad --iso-writer fails before any depot is read
    long start = System.nanoTime();
    try (Catalog cat = open(req, events, fetcher)) {
      debugTime(events, "open depots", start);
      return run(cat, req, events, writer);
    }
  }

  /**
   * Runs the build on an open catalog, which must hold {@link #locations the request's depots}; the
   * catalog stays open.
   */
  public static BuildResult run(Catalog cat, BuildRequest req, EventHandlers events)
      throws IOException, ProfileValidationException, BuildException {
    checkOutputs(req);
    return run(cat, req, events, writer(req, events));
  }

  private static BuildResult run(
      Catalog cat, BuildRequest req, EventHandlers events, @Nullable IsoWriter writer)
      throws IOException, ProfileValidationException, BuildException {
    Path temp = Outputs.workDirectory(req.depotOptions().tempDir());
    try {
      BuildContext c = new BuildContext(req, cat, events, temp, writer);
      try {
        for (BuildStep step : STEPS) {
          long start = System.nanoTime();
          step.run(c);
          debugTime(events, "step " + step.name(), start);
        }
        return c.result();
      } finally {
        c.outputs.cleanup();
      }
    } finally {
      TempDirectories.deleteTree(temp);
    }
  }

  /**
   * Opens the depots, chooses the base and applies the edit, as {@link #run} would, but verifies
   * and writes nothing: the profile that would be built and every VIB's SHA-256 (from the depot
   * metadata; computed from the bytes for a VIB whose depot gives none, e.g. a loose {@code .vib})
   * and depots. Needs neither {@code iso} nor {@code bundle}.
   *
   * @throws EditRefusedException the edit was refused
   * @throws ProfileValidationException a VIB of the profile is in no depot
   */
  public static Resolution resolve(BuildRequest req, EventHandlers events, DepotFetcher fetcher)
      throws IOException, ProfileValidationException, BuildException {
    try (Catalog cat = open(req, events, fetcher)) {
      return resolve(cat, req, events);
    }
  }

  /** {@link #resolve(BuildRequest, EventHandlers, DepotFetcher)} on an open catalog. */
  public static Resolution resolve(Catalog cat, BuildRequest req, EventHandlers events)
      throws IOException, ProfileValidationException, BuildException {
    BaseStep.Start base = BaseStep.run(cat, req, events);
    ProfileEditor.Result edit = ResolveStep.edit(cat, base, req, events);
    List<ResolvedVib> vibs = new ArrayList<>();
    for (CatalogVib v : ResolveStep.members(cat, new TreeSet<>(edit.profile().vibIds()))) {
      vibs.add(new ResolvedVib(v.id(), sha256(v), List.copyOf(v.depots())));
    }
    return new Resolution(
        base.baseName(),
        base.reason(),
        edit.profile(),
        vibs,
        ImageModel.of(cat, edit.profile(), base.composition(), base.base()).componentVersions());
  }

  /**
   * The locations a catalog for {@code req} opens: its depots, then every {@code --add} or VIB list
   * entry that is an existing file or folder (a bundle, component zip or {@code .vib}).
   */
  public static List<String> locations(BuildRequest req) {
    List<String> locations = new ArrayList<>(req.depots());
    List<AddSpec> specs = new ArrayList<>(req.adds());
    if (req.vibList() != null) {
      specs.addAll(req.vibList());
    }
    for (AddSpec a : specs) {
      if (a instanceof AddSpec.Location p && Files.exists(p.path())) {
        String location = p.path().toString();
        if (!locations.contains(location)) {
          locations.add(location);
        }
      }
    }
    return locations;
  }

  /** With {@code --debug}: how long a part of the build took (where a slow build spends it). */
  private static void debugTime(EventHandlers events, String what, long startNanos) {
    events.debug(
        String.format(Locale.ROOT, "%s: %.3f s", what, (System.nanoTime() - startNanos) / 1e9));
  }

  /** The VIB's SHA-256 from its depot's metadata, else computed from its bytes. */
  private static Sha256 sha256(CatalogVib v) throws IOException {
    if (v.sha256() != null) {
      return v.sha256();
    }
    try (HashingInputStream in = HashingInputStream.of(v.source().open())) {
      return in.drain();
    }
  }

  private static void checkOutputs(BuildRequest req) throws BuildException, IOException {
    if (req.iso() == null && req.bundle() == null && req.pxe() == null) {
      throw new BuildException(
          BuildException.Setting.OUTPUTS,
          null,
          "nothing to write: give an ISO, an offline bundle and/or a PXE folder to write");
    }
    if (req.pxe() != null && !req.dryRun()) {
      Outputs.checkTreeTarget(req.pxe().toAbsolutePath(), PxeTree.README_START);
    }
    OutputPaths.check(req, List.of());
  }

  private static Catalog open(
      BuildRequest req, EventHandlers events, @Nullable DepotFetcher fetcher)
      throws IOException, BuildException {
    List<String> locations = locations(req);
    if (locations.isEmpty()) {
      throw new BuildException(
          BuildException.Setting.DEPOTS, null, "no depot given (a depot URL, bundle zip, folder)");
    }
    return fetcher == null
        ? Depots.open(locations, req.depotOptions(), events)
        : Depots.open(locations, req.depotOptions(), events, fetcher);
  }

  /** The ISO writer the request names, or null when it writes no ISO. */
  private static @Nullable IsoWriter writer(BuildRequest req, EventHandlers events)
      throws BuildException {
    if (req.iso() == null) {
      return null;
    }
    if (req.isoWriter().equalsIgnoreCase("builtin")) {
      return IsoWriters.builtin(events);
    }
    try {
      return IsoWriters.external(ExternalIsoTool.parse(req.isoWriter()), events);
    } catch (IllegalArgumentException e) {
      throw new BuildException(
          BuildException.Setting.ISO_WRITER, req.isoWriter(), e.getMessage() + " (or builtin)");
    }
  }
}
