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
