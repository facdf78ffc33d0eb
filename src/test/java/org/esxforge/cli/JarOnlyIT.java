package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Fixtures;
import org.esxforge.testing.Processes;
import org.esxforge.testing.Processes.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar alone, copied into an empty directory with no checkout beside it, run with
 * {@code java -jar} (no bash, no ESXFORGE_HOME): every command family works, including the
 * signature paths (signing the sample depot, verifying against its CA) whose BouncyCastle classes
 * the shaded jar must keep.
 */
class JarOnlyIT {
  @TempDir Path dir;

  private Run java(String... args) throws IOException, InterruptedException {
    return javaWith(List.of(), args);
  }

  private Run javaWith(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", "esxforge.jar"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("ESXFORGE_HOME");
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return Processes.run(pb, dir);
  }

  private void copyJar() throws IOException {
    Path jar = Path.of(System.getProperty("esxforge.jar", "target/esxforge.jar"));
    ExternalTools.requireThat(
        Files.isRegularFile(jar), "the packaged jar " + jar + " (run with mvn verify)");
    Files.copy(jar, dir.resolve("esxforge.jar"));
  }

  @Test
  void outOfMemory_fullSizeSampleInA48MiBHeap_oneLineWithTheRemedyAndNothingLeft()
      throws Exception {
    copyJar();
    // the full-size esx-base alone needs a 117 MB payload in memory
    Run r = javaWith(List.of("-Xmx48m"), "sample-depot", "--full-size", "full");

    assertEquals(1, r.code(), r.toString());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("esxforge: ")).toList();
    assertEquals(1, errors.size(), r.toString());
    assertTrue(errors.get(0).startsWith("esxforge: out of memory (Java heap limit "), r.toString());
    assertTrue(errors.get(0).contains("ESXFORGE_JAVA_OPTS=-Xmx"), r.toString());
    assertFalse(r.err().contains("OutOfMemoryError"), r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
    try (var left = Files.list(dir)) {
      assertEquals(
          List.of("esxforge.jar", "stderr.txt", "stdout.txt"),
          left.map(p -> p.getFileName().toString())
              .filter(n -> !n.equals("cache"))
              .sorted()
              .toList(),
          "no partial depot or work directory is left");
    }
  }

  @Test
  void jarAlone_everyCommandFamily_works() throws Exception {
    copyJar();

    Run version = java("--version");
    assertEquals(0, version.code(), version.toString());
    assertTrue(version.out().startsWith("esxforge "), version.toString());

    Run help = java("help", "build");
    assertEquals(0, help.code(), help.toString());

    Path component = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Run inspect = java("inspect", component.toString());
    assertEquals(0, inspect.code(), inspect.toString());
    assertTrue(inspect.out().contains("vmkusb-nic-fling"), inspect.toString());

    // signing (the sample CA signs its certified VIBs) and signature verification from the jar
    Run sample = java("sample-depot", "--version", "7.0", "sample");
    assertEquals(0, sample.code(), sample.toString());
    Run verify = java("verify", "-d", "sample", "--trust", "sample/sample-ca.pem", "--no-cache");
    assertEquals(0, verify.code(), verify.toString());
    assertFalse(verify.out().contains("FAIL"), verify.toString());
    assertTrue(
        verify.out().lines().filter(l -> l.startsWith("OK")).count() > 50, verify.toString());

    Path bundle = dir.resolve("out/x.zip");
    Run build =
        java(
            "build",
            "-d",
            "sample",
            "--base",
            "latest",
            "--name",
            "ESXi-jar-only",
            "--bundle",
            bundle.toString(),
            "--trust",
            "sample/sample-ca.pem",
            "--no-cache");
    assertEquals(0, build.code(), build.toString());
    assertTrue(Files.size(bundle) > 0);

    Run notADepot = java("vibs", "-d", "stdout.txt", "--json");
    assertEquals(2, notADepot.code(), notADepot.toString());
    assertTrue(notADepot.out().contains("\"error\" : \"usage\""), notADepot.toString());
  }
}
