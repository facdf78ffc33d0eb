package org.esxforge.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipe builds through the library: resolve, lock check and build share one catalog. */
class RecipeBuilderIT {
  @TempDir Path tmp;

  @Test
  void build_resolvesChecksLockAndBuilds_readingEachDepotOnce() throws Exception {
    Path depot = tmp.resolve("sample-7.0");
    SampleDepot.write(depot, SampleVersion.V7_0, EventHandlers.none());
    Path hp = Path.of("samples/HP-drivers-7.0-offline-bundle.zip").toAbsolutePath();
    Path recipe = tmp.resolve("r.yaml");
    Files.writeString(
        recipe,
        String.join(
            "\n",
            "apiVersion: esxforge/v1",
            "kind: ImageRecipe",
            "depots: [" + depot + "]",
            "base: latest:7.0",
            "profile:",
            "  name: ESXi-${base.version}-hp",
            "vibs:",
            "  add: [" + hp + "]",
            "  remove: [hpnmi]",
            "outputs:",
            "  bundle: out/hp.zip",
            ""));
    for (RecipeBuilder.LockMode mode :
        List.of(
            RecipeBuilder.LockMode.AUTO,
            RecipeBuilder.LockMode.AUTO,
            RecipeBuilder.LockMode.LOCKED)) {
      List<String> reads = new ArrayList<>();
      EventHandlers events =
          EventHandlers.of(
              e -> {
                if (e instanceof LogEvent l && l.message().startsWith("Reading depot ")) {
                  reads.add(l.message());
                }
              });
      Recipe r = RecipeParser.parse(recipe);
      Path lockPath = Lockfile.pathFor(r.file());
      Lockfile lock = Files.isRegularFile(lockPath) ? Lockfile.read(lockPath) : null;
      RecipeBuilder.Options o =
          new RecipeBuilder.Options(
              List.of(new RecipeBuilder.Location(depot.toString(), depot.toString())),
              org.esxforge.vib.TrustStore.builtIn()
                  .plus(
                      List.of(org.esxforge.sample.SampleCa.rootCertificate()),
                      "--trust sample-ca.pem"),
              null,
              null,
              null,
              "test",
              false,
              mode);
      RecipeBuilder.Result result = RecipeBuilder.build(r, lock, o, events);
      assertEquals(
          List.of("Reading depot " + depot, "Reading depot " + hp),
          reads,
          mode + ": every depot is parsed once per build");
      assertTrue(Files.isRegularFile(tmp.resolve("out/hp.zip")));
      assertEquals(lock != null, result.pinned(), mode.toString());
      assertFalse(result.build().profile().vibIds().isEmpty());
    }
    // files for people and pipelines are readable like the output itself, not owner-only
    List<Path> shared =
        new ArrayList<>(
            List.of(
                Lockfile.pathFor(recipe),
                tmp.resolve("out/SHA256SUMS"),
                tmp.resolve("out/hp.zip")));
    for (Path f : shared) {
      assertEquals(
          "rw-r--r--",
          java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
          f.toString());
    }
    try (var files = Files.list(tmp.resolve("out"))) {
      for (Path f : files.toList()) {
        assertEquals(
            "rw-r--r--",
            java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            f.toString());
      }
    }
  }
}
