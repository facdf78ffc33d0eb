package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Fixtures;
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

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Run java(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "esxforge.jar"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("ESXFORGE_HOME");
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + cmd);
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void jarAlone_everyCommandFamily_works() throws Exception {
    Path jar = Path.of(System.getProperty("esxforge.jar", "target/esxforge.jar"));
    ExternalTools.requireThat(
        Files.isRegularFile(jar), "the packaged jar " + jar + " (run with mvn verify)");
    Files.copy(jar, dir.resolve("esxforge.jar"));

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
