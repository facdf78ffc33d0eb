package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's steps one at a time, on one open catalog: what each adds to the context. */
class BuildStepsIT {
  @TempDir Path tmp;

  private BuildContext context(Catalog cat, BuildRequest req) {
    return new BuildContext(req, cat, EventHandlers.none(), tmp, null);
  }

  private static Catalog open(BuildRequest req) throws Exception {
    return Depots.open(BuildPipeline.locations(req), req.depotOptions(), EventHandlers.none());
  }

  @Test
  void steps_namedInOrder() {
    assertEquals(
        List.of("resolve", "verify", "validate", "plan", "write", "commit"),
        BuildPipeline.steps().stream().map(BuildStep::name).toList());
  }

  @Test
  void run_debugEventsTimeDepotOpeningAndEveryStep() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    List<LogEvent> debug = new ArrayList<>();
    BuildPipeline.run(
        isoAndBundle(d, null, tmp.resolve("timed/b.zip")),
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.level() == LogEvent.Level.DEBUG) {
                debug.add(l);
              }
            }));
    List<String> timed = new ArrayList<>();
    for (LogEvent l : debug) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(open depots|step \\w+): (\\d+\\.\\d{3}) s")
              .matcher(l.message());
      if (m.matches()) {
        timed.add(m.group(1));
      }
    }
    List<String> expected = new ArrayList<>(List.of("open depots"));
    BuildPipeline.steps().forEach(s -> expected.add("step " + s.name()));
    assertEquals(expected, timed, debug.toString());
  }

  @Test
  void steps_runOneByOne_eachFillsItsPartAndOnlyCommitWrites() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path bundle = tmp.resolve("out/b.zip");
    Files.createDirectories(bundle.getParent());
    BuildRequest req =
        BuildRequest.builder()
            .depot(d.folder().toString())
            .trustStore(Samples.trust(d))
            .base("latest:7.0")
            .name("steps")
            .add(Samples.emulex())
            .bundle(bundle)
            .build();
    try (Catalog cat = open(req)) {
      BuildContext c = context(cat, req);
      new ResolveStep().run(c);
      assertEquals(c.base.profile().creationTime(), c.profile.creationTime());
      assertEquals(c.profile.vibIds().size(), c.members.size());
      assertNull(c.local);
      new VerifyStep().run(c);
      // the profile's VIBs and the reserved in-box lpfc that lpfc820 replaced (the bundle keeps it)
      assertEquals(
          c.members.size() + c.model.carriedVibs(c.catalog, c.profile).size(),
          c.local.all().size());
      assertEquals(1, c.model.carriedVibs(c.catalog, c.profile).size());
      new ValidateStep().run(c);
      assertEquals(List.of(), c.problems);
      new PlanStep().run(c);
      assertNull(c.plan, "no ISO asked for, so no ISO plan");
      assertFalse(c.bulletins.isEmpty());
      new WriteStep().run(c);
      assertFalse(Files.exists(bundle), "write leaves only a temp file");
      new CommitStep().run(c);
      assertTrue(Files.isRegularFile(bundle));
      assertEquals(
          List.of(BuildResult.OutputKind.BUNDLE),
          c.result.outputs().stream().map(BuildResult.Output::kind).toList());
      c.outputs.cleanup();
    }
    try (var files = Files.list(bundle.getParent())) {
      assertEquals(
          List.of(bundle, bundle.resolveSibling("b.zip.spec.json")),
          files.sorted().toList(),
          "no temp file left beside the output and its spec");
    }
  }

  /** A request for the sample 7.0 + Emulex build, writing an ISO and/or a bundle. */
  private static BuildRequest isoAndBundle(
      SampleDepotResult d,
      @org.jspecify.annotations.Nullable Path iso,
      @org.jspecify.annotations.Nullable Path bundle) {
    BuildRequest.Builder b =
        BuildRequest.builder()
            .depot(d.folder().toString())
            .trustStore(Samples.trust(d))
            .base("latest:7.0")
            .name("both")
            .add(Samples.emulex());
    if (iso != null) {
      b.iso(iso);
    }
    if (bundle != null) {
      b.bundle(bundle);
    }
    return b.build();
  }

  /** Runs resolve → plan on {@code c}, leaving it ready for the write step. */
  private static void upToWrite(BuildContext c) throws Exception {
    new ResolveStep().run(c);
    new VerifyStep().run(c);
    new ValidateStep().run(c);
    new PlanStep().run(c);
  }

  /** Every output of the build, committed: target → SHA-256 of its bytes. */
  private BuildResult build(Catalog cat, BuildRequest req) throws Exception {
    BuildContext c =
        new BuildContext(
            req,
            cat,
            EventHandlers.none(),
            Files.createTempDirectory(tmp, "work"),
            org.esxforge.iso.IsoWriters.builtin());
    try {
      upToWrite(c);
      new WriteStep().run(c);
      new CommitStep().run(c);
      return c.result;
    } finally {
      c.outputs.cleanup();
    }
  }

  private static boolean bundleWriterAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("write-bundle") && t.isAlive());
  }

  @Test
  void writeStep_isoAndBundleAtOnce_sameBytesAsEachAlone() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path both = tmp.resolve("both");
    Path alone = tmp.resolve("alone");
    Files.createDirectories(both);
    Files.createDirectories(alone);
    BuildRequest req = isoAndBundle(d, both.resolve("x.iso"), both.resolve("x.zip"));
    try (Catalog cat = open(req)) {
      BuildResult r = build(cat, req);
      assertEquals(
          List.of(BuildResult.OutputKind.ISO, BuildResult.OutputKind.BUNDLE),
          r.outputs().stream().map(BuildResult.Output::kind).toList());
      build(cat, isoAndBundle(d, alone.resolve("x.iso"), null));
      build(cat, isoAndBundle(d, null, alone.resolve("x.zip")));
    }
    for (String name : List.of("x.iso", "x.zip")) {
      byte[] written = Files.readAllBytes(both.resolve(name));
      assertTrue(written.length > 1 << 20, name);
      assertTrue(
          java.util.Arrays.equals(Files.readAllBytes(alone.resolve(name)), written),
          name + ": written beside the other output, the same bytes as written alone");
    }
    assertFalse(bundleWriterAlive());
  }

  /** A context with resolve → plan done, ready for the write step, writing ISOs with {@code w}. */
  private BuildContext readyToWrite(Catalog cat, BuildRequest req, org.esxforge.iso.IsoWriter w)
      throws Exception {
    BuildContext c =
        new BuildContext(
            req, cat, EventHandlers.none(), Files.createDirectories(tmp.resolve("work")), w);
    upToWrite(c);
    return c;
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void writeStep_isoFails_bundleWriterStoppedFirstAndNoFileLeft() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path isoDir = Files.createDirectories(tmp.resolve("iso"));
    Path bundleDir = Files.createDirectories(tmp.resolve("bundle"));
    BuildRequest req = isoAndBundle(d, isoDir.resolve("x.iso"), bundleDir.resolve("x.zip"));
    java.util.concurrent.atomic.AtomicBoolean bundleRunning =
        new java.util.concurrent.atomic.AtomicBoolean();
    // an injected failure: the ISO writer fails while the real bundle writer is at work
    org.esxforge.iso.IsoWriter failing =
        (image, target) -> {
          assertTrue(Files.exists(target));
          long deadline = System.nanoTime() + 60_000_000_000L;
          while (!bundleRunning.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          throw new java.io.IOException(target + ": injected: no space left on device");
        };
    WriteStep step =
        new WriteStep(
            (c, temp) -> {
              bundleRunning.set(true);
              return BundleExport.write(c.profile(), c.local(), c.model(), c.time(), temp);
            });
    try (Catalog cat = open(req)) {
      BuildContext c = readyToWrite(cat, req, failing);
      java.io.IOException e = assertThrows(java.io.IOException.class, () -> step.run(c));
      assertTrue(e.getMessage().endsWith("injected: no space left on device"), e.toString());
      assertTrue(bundleRunning.get());
      assertFalse(bundleWriterAlive(), "the bundle writer ended before the failure was thrown");
      assertEquals(1, list(bundleDir).size(), "its temp file, until cleanup");
      c.outputs.cleanup();
    }
    assertEquals(List.of(), list(bundleDir), "no bundle temp file left");
    assertEquals(List.of(), list(isoDir), "no ISO temp file left");
  }

  @Test
  void writeStep_bundleFails_isoFinishedThenBundleFailureThrownAndNoFileLeft() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path isoDir = Files.createDirectories(tmp.resolve("iso"));
    Path bundleDir = Files.createDirectories(tmp.resolve("bundle"));
    BuildRequest req = isoAndBundle(d, isoDir.resolve("x.iso"), bundleDir.resolve("x.zip"));
    // an injected failure: the real bundle writer writes, then its disk fails
    WriteStep step =
        new WriteStep(
            (c, temp) -> {
              BundleExport.write(c.profile(), c.local(), c.model(), c.time(), temp);
              throw new java.io.IOException(temp + ": injected: input/output error");
            });
    try (Catalog cat = open(req)) {
      BuildContext c = readyToWrite(cat, req, org.esxforge.iso.IsoWriters.builtin());
      java.io.IOException e = assertThrows(java.io.IOException.class, () -> step.run(c));
      assertTrue(e.getMessage().endsWith("injected: input/output error"), e.toString());
      assertFalse(bundleWriterAlive());
      List<Path> isoTemps = list(isoDir);
      assertEquals(1, isoTemps.size());
      assertTrue(Files.size(isoTemps.get(0)) > 1 << 20, "the ISO writer finished before the throw");
      c.outputs.cleanup();
    }
    assertEquals(List.of(), list(isoDir), "no ISO temp file left, no ISO committed");
    assertEquals(List.of(), list(bundleDir), "no bundle temp file left");
  }

  @Test
  void validateStep_problemWithoutForce_throwsWithForce_warns() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    for (boolean force : new boolean[] {false, true}) {
      BuildRequest req =
          BuildRequest.builder()
              .depot(d.folder().toString())
              .trustStore(Samples.trust(d))
              .base("latest:7.0")
              .name("v")
              .bundle(tmp.resolve("x.zip"))
              .force(force)
              .build();
      List<String> warnings = new ArrayList<>();
      try (Catalog cat = open(req)) {
        BuildContext c =
            new BuildContext(
                req,
                cat,
                EventHandlers.of(
                    e -> {
                      if (e instanceof LogEvent l && l.level() == LogEvent.Level.WARN) {
                        warnings.add(l.message());
                      }
                    }),
                tmp,
                null);
        new ResolveStep().run(c);
        new VerifyStep().run(c);
        // drop a VIB the profile depends on: a dependency problem the validator must find
        c.profile =
            c.profile.toBuilder()
                .vibIds(
                    c.profile.vibIds().stream()
                        .filter(id -> !id.value().contains("esx-base"))
                        .toList())
                .build();
        if (!force) {
          ProfileValidationException e =
              assertThrows(ProfileValidationException.class, () -> new ValidateStep().run(c));
          assertFalse(e.problems().isEmpty());
          assertEquals(List.of(), warnings);
        } else {
          new ValidateStep().run(c);
          assertFalse(c.problems.isEmpty());
          assertEquals(c.problems.stream().map(Problem::toString).toList(), warnings);
        }
      }
    }
  }

  @Test
  void resolveStep_vibInNoDepot_namesIt() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    BuildRequest req =
        BuildRequest.builder()
            .depot(d.folder().toString())
            .trustStore(Samples.trust(d))
            .base("latest:7.0")
            .name("m")
            .bundle(tmp.resolve("m.zip"))
            .build();
    try (Catalog cat = open(req)) {
      ProfileValidationException e =
          assertThrows(
              ProfileValidationException.class,
              () ->
                  ResolveStep.members(
                      cat,
                      List.of(
                          org.esxforge.model.VibId.parse(
                              "VMW_bootbank_nosuch_1.0-1vmw.700.1.0.15843807"))));
      assertEquals(1, e.problems().size());
      assertEquals(Problem.Code.MISSING_DESCRIPTOR, e.problems().get(0).code());
      assertNotNull(e.problems().get(0).vibId());
    }
  }
}
