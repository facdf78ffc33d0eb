package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.image.BootOptions;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.IsoPlan;
import org.esxforge.io.TempDirectories;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.iso.ExternalIsoTool;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriter;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileDiff;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.profile.ProfileValidator;
import org.esxforge.profile.ValidationContext;
import org.esxforge.vib.VibVerifier;

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
 * missing or a checksum wrong): such bytes cannot be put on an ISO faithfully, so that fails with
 * a {@link FormatException}; the bundle, which copies the {@code .vib} unchanged, may be forced.
 *
 * <p>Stateless and thread-safe; each run uses its own temp directory.
 */
public final class BuildPipeline {
  private BuildPipeline() {}

  /**
   * Runs the build.
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
   * Runs the build, fetching online depot files through {@code fetcher} (e.g. the download cache);
   * null = the default fetcher.
   */
  public static BuildResult run(BuildRequest req, EventHandlers events, DepotFetcher fetcher)
      throws IOException, ProfileValidationException, BuildException {
    if (req.iso() == null && req.bundle() == null) {
      throw new BuildException("nothing to write: give --iso OUT.iso and/or --bundle OUT.zip");
    }
    if (req.iso() != null && req.bundle() != null
        && req.iso().toAbsolutePath().normalize().equals(req.bundle().toAbsolutePath().normalize())) {
      throw new BuildException("--iso and --bundle name the same file " + req.iso());
    }
    IsoWriter writer = req.iso() == null ? null : writer(req, events);
    Path temp = Files.createTempDirectory(req.depotOptions().tempDir(), "esxforge-build-");
    try (Catalog cat = open(req, events, fetcher)) {
      BaseSelector.Chosen base = BaseSelector.choose(cat, req.base());
      events.info("base profile: " + base.profile().name() + " (" + base.reason() + ")");
      ProfileEditor.Result edit = edit(cat, base, req, events);
      Instant time = req.buildTime() != null ? req.buildTime()
          : base.profile().creationTime() != null ? base.profile().creationTime() : Instant.EPOCH;
      // the new profile is created at build time (= the base's creation time unless the caller
      // gave one, e.g. SOURCE_DATE_EPOCH): never "now", so the same inputs give the same bytes
      ImageProfile profile = edit.profile().toBuilder().creationTime(time).modifiedTime(time)
          .build();
      Map<VibId, VibDescriptor> descriptors = new TreeMap<>(edit.descriptors());
      for (String n : edit.notes()) {
        events.info(n);
      }

      List<CatalogVib> members = new ArrayList<>();
      List<Problem> missing = new ArrayList<>();
      for (VibId id : profile.vibIds()) {
        Optional<CatalogVib> v = cat.vib(id);
        if (v.isPresent()) {
          members.add(v.get());
        } else {
          missing.add(new Problem(Problem.Code.MISSING_DESCRIPTOR, id,
              "is in the profile but no depot given holds it",
              "add the depot that has it with -d"));
        }
      }
      if (!missing.isEmpty()) {
        throw new ProfileValidationException(missing);
      }
      events.lifecycle("verifying " + members.size() + " VIBs");
      LocalVibs local = LocalVibs.of(members,
          new VibVerifier.Options(req.signatureCheck(), req.trust(), java.util.Set.of()), temp,
          events);
      if (req.signatureCheck()) {
        events.info("signatures: " + local.signatureSummary());
      }

      List<Problem> problems = new ArrayList<>();
      for (LocalVibs.Local l : local.all().values()) {
        for (String p : l.verification().problems()) {
          problems.add(new Problem(Problem.Code.CORRUPT_VIB, l.vib().id(),
              l.vib().source().describe() + ": " + p,
              "get an intact copy of " + l.vib().descriptor().name()));
        }
      }
      if (req.signatureCheck()) {
        problems.addAll(local.untrusted());
        local.signatureWarnings().forEach(events::warn);
      }
      ValidationContext ctx = new ValidationContext(
          local.signatures(), req.signatureCheck(), req.iso() != null)
          .withCatalog(ComponentPlatforms.of(cat).asMap(), cat.descriptors());
      // the signed descriptors judge the VIBs (their platform wins over the depot metadata's
      // and the component's)
      problems.addAll(ProfileValidator.validate(profile, local.signedDescriptors(descriptors),
          ctx));
      problems.sort(Problem.ORDER);
      if (!problems.isEmpty() && !req.force()) {
        throw new ProfileValidationException(problems);
      }
      for (Problem p : problems) {
        events.warn(p.toString());
      }

      List<Bulletin> bulletins = bulletinsOf(cat, profile);
      Outputs outputs = new Outputs();
      try {
        int modules = 0;
        String bootCfg = "";
        String volumeId = "";
        int isoFiles = 0;
        if (req.iso() != null) {
          for (Problem p : problems) {
            if (p.code() == Problem.Code.CORRUPT_VIB) {
              throw new FormatException(p.vibId().toString(), p.message()
                  + " (an ISO needs intact payloads even with --force)");
            }
          }
          IsoPlan plan;
          try {
            plan = IsoPlan.of(profile, descriptors,
                new BootOptions(req.kickstart() != null, req.kernelOpts()));
          } catch (ImagePlanException e) {
            throw new BuildException(e.getMessage(), e);
          }
          IsoSource ks = req.kickstart() == null ? null : IsoSource.file(req.kickstart());
          InstallerIsoExporter.Inputs in = new InstallerIsoExporter.Inputs(profile, descriptors,
              local.databaseFiles(), bulletins, List.of(), local.payloads(), ks, time);
          Path tmp = outputs.temp(req.iso());
          events.lifecycle("writing ISO " + req.iso() + " (" + plan.files().size() + " files)");
          try {
            InstallerIsoExporter.export(plan, in, writer, tmp);
          } catch (ImagePlanException e) {
            throw new BuildException(e.getMessage(), e);
          }
          modules = plan.bootCfg().modules().size() + 1;
          bootCfg = plan.bootCfg().text();
          volumeId = plan.volumeId();
          isoFiles = plan.files().size();
        }
        if (req.bundle() != null) {
          events.lifecycle("writing offline bundle " + req.bundle());
          BundleExport.write(profile, local, bulletins, time, outputs.temp(req.bundle()));
        }
        List<BuildResult.Output> written = outputs.commit(req);
        ProfileDiff diff = ProfileDiff.diff(base.profile(), profile, cat.descriptors());
        List<ResolvedVib> resolved = new ArrayList<>();
        for (LocalVibs.Local l : local.all().values()) {
          resolved.add(new ResolvedVib(l.vib().id(), l.sha256(), List.copyOf(l.vib().depots())));
        }
        return new BuildResult(base.profile().name(), base.reason(), profile, diff, edit.notes(),
            problems, written, modules, bootCfg, volumeId, isoFiles, resolved);
      } finally {
        outputs.cleanup();
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
      BaseSelector.Chosen base = BaseSelector.choose(cat, req.base());
      ProfileEditor.Result edit = edit(cat, base, req, events);
      List<ResolvedVib> vibs = new ArrayList<>();
      List<Problem> missing = new ArrayList<>();
      for (VibId id : new java.util.TreeSet<>(edit.profile().vibIds())) {
        Optional<CatalogVib> v = cat.vib(id);
        if (v.isEmpty()) {
          missing.add(new Problem(Problem.Code.MISSING_DESCRIPTOR, id,
              "is in the profile but no depot given holds it", "add the depot that has it with -d"));
          continue;
        }
        Sha256 sha = v.get().sha256();
        if (sha == null) {
          java.security.MessageDigest md = Sha256.newDigest();
          try (java.io.InputStream in = new java.security.DigestInputStream(
              v.get().source().open(), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
          }
          sha = Sha256.fromDigest(md.digest());
        }
        vibs.add(new ResolvedVib(id, sha, List.copyOf(v.get().depots())));
      }
      if (!missing.isEmpty()) {
        throw new ProfileValidationException(missing);
      }
      return new Resolution(base.profile().name(), base.reason(), edit.profile(), vibs);
    }
  }

  private static Catalog open(BuildRequest req, EventHandlers events, DepotFetcher fetcher)
      throws IOException, BuildException {
    List<String> locations = new ArrayList<>(req.depots());
    List<String> specs = new ArrayList<>(req.adds());
    if (req.vibList() != null) {
      specs.addAll(req.vibList());
    }
    for (String a : specs) {
      if (AddSpecs.isPath(a) && Files.exists(Path.of(a)) && !locations.contains(a)) {
        locations.add(a);
      }
    }
    if (locations.isEmpty()) {
      throw new BuildException("no depot given; add -d DEPOT (a depot URL, bundle zip, folder)");
    }
    return fetcher == null ? Depots.open(locations, req.depotOptions(), events)
        : Depots.open(locations, req.depotOptions(), events, fetcher);
  }

  private static ProfileEditor.Result edit(Catalog cat, BaseSelector.Chosen base, BuildRequest req,
      EventHandlers events) throws IOException, EditRefusedException {
    try {
      return AddSpecs.edit(cat, base.profile(), req, events);
    } catch (ProfileValidationException e) {
      throw new EditRefusedException(e.problems());
    }
  }

  private static IsoWriter writer(BuildRequest req, EventHandlers events) throws BuildException {
    if (req.isoWriter().equalsIgnoreCase("builtin")) {
      return IsoWriters.builtin(events);
    }
    try {
      return IsoWriters.external(ExternalIsoTool.parse(req.isoWriter()), events);
    } catch (IllegalArgumentException e) {
      throw new BuildException("--iso-writer: " + e.getMessage() + " (or builtin)");
    }
  }

  /** Bulletins/components all of whose VIBs are in the profile, sorted by id. */
  static List<Bulletin> bulletinsOf(Catalog cat, ImageProfile profile) {
    List<Bulletin> out = new ArrayList<>();
    for (Bulletin b : cat.bulletins()) {
      if (!b.vibIds().isEmpty() && profile.vibIds().containsAll(b.vibIds())) {
        out.add(b);
      }
    }
    return out;
  }


}
