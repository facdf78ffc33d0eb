package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Processes;
import org.esxforge.testing.Processes.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/esxforge}, the launcher the README tells users to run, on a copy of the packaged jar
 * ({@code ESXFORGE_JAR}): its class-data archives are made beside the jar, the build (and mkiso)
 * archive only by a build (mkiso) that succeeds, it is then used by later builds without changing
 * their bytes, and a rebuilt jar retires both.
 */
class LauncherIT {
  @TempDir Path dir;

  private Run launcher(String javaOpts, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ExternalTools.require("bash").toString()));
    cmd.add(Path.of("bin", "esxforge").toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("ESXFORGE_JAR", dir.resolve("jar/esxforge.jar").toString());
    pb.environment().put("ESXFORGE_JAVA_OPTS", javaOpts);
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return Processes.run(pb, dir);
  }

  private List<String> build(SampleDepotResult depot, String out) {
    return List.of(
        "build",
        "-q",
        "-d",
        depot.folder().toString(),
        "--trust",
        depot.folder().resolve("sample-ca.pem").toString(),
        "--base",
        "latest",
        "--name",
        "ESXi-7.0b-HP-Emulex",
        "--add",
        Samples.hp(),
        "--remove",
        "hpnmi",
        "--add",
        Samples.emulex(),
        "--iso",
        dir.resolve(out + ".iso").toString(),
        "--bundle",
        dir.resolve(out + ".zip").toString());
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("jar"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  /** The lines of a {@code -Xlog:class+load} file about esxforge's classes (lambdas left out). */
  private static List<String> esxforgeClasses(Path classLog) throws IOException {
    return Files.readAllLines(classLog, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(" org.esxforge.") && !l.contains("$$Lambda"))
        .toList();
  }

  /** Copies the packaged jar to {@code dir/jar}, where {@link #launcher} runs it. */
  private void copyJar() throws IOException {
    Path jar = Path.of(System.getProperty("esxforge.jar", "target/esxforge.jar"));
    ExternalTools.requireThat(
        Files.isRegularFile(jar), "the packaged jar " + jar + " (run with mvn verify)");
    Files.createDirectories(dir.resolve("jar"));
    Files.copy(jar, dir.resolve("jar/esxforge.jar"));
  }

  @Test
  void launcher_archivesBesideTheJar_buildArchiveOnlyFromASucceedingBuildAndBytesUnchanged()
      throws Exception {
    copyJar();
    Path listingArchive = dir.resolve("jar/esxforge.jsa");
    Path buildArchive = dir.resolve("jar/esxforge-build.jsa");
    SampleDepotResult depot = Samples.depot(SampleVersion.V7_0);

    Run version = launcher("", "--version");
    assertEquals(0, version.code(), version.toString());
    assertTrue(version.out().startsWith("esxforge "), version.toString());
    assertTrue(Files.size(listingArchive) > 0, "the listing archive is trained on the first run");
    assertFalse(Files.exists(buildArchive));

    Run failed = launcher("", "build", "-d", dir.resolve("missing").toString(), "--iso", "x.iso");
    assertNotEquals(0, failed.code(), failed.toString());
    assertFalse(Files.exists(buildArchive), "a failed build must not leave a build archive");
    assertEquals(List.of(), leftovers());

    // a build's JVM loads the JIT directives beside the launcher, and the line the JVM prints
    // about them stays off stdout unless asked for; a help run trains no build archive
    Run help = launcher("", "build", "--help");
    assertEquals(0, help.code(), help.toString());
    assertTrue(help.out().startsWith("Usage: esxforge build"), help.toString());
    assertFalse(Files.exists(buildArchive), "a help run must not train the build archive");
    Run shown = launcher("-XX:+DisplayVMOutput", "build", "--help");
    assertEquals(0, shown.code(), shown.toString());
    assertTrue(shown.out().startsWith("2 compiler directives added\n"), shown.toString());
    // with those messages off, a JVM that cannot start still says why
    Run tooSmall = launcher("-Xmx1m", "build", "--help");
    assertEquals(1, tooSmall.code(), tooSmall.toString());
    assertEquals(
        List.of(
            "esxforge: the JVM does not start with these options (ESXFORGE_JAVA_OPTS=-Xmx1m):",
            "Error occurred during initialization of VM",
            "Too small maximum heap"),
        tooSmall.err().lines().toList(),
        tooSmall.toString());

    Run first = launcher("", build(depot, "first").toArray(String[]::new));
    assertEquals(0, first.code(), first.toString());
    assertTrue(Files.size(buildArchive) > 0, "the first good build trains the build archive");
    assertEquals(List.of(), leftovers());

    // a listing runs with C1 alone, except that of an installer ISO (*.iso): reading one verifies
    // every payload, so it gets the build's JIT with its directives (whose line shows it here)
    Run isoListing =
        launcher("-XX:+DisplayVMOutput", "vibs", "-d", dir.resolve("first.iso").toString());
    assertEquals(0, isoListing.code(), isoListing.toString());
    assertTrue(isoListing.out().startsWith("2 compiler directives added\n"), isoListing.toString());
    assertTrue(isoListing.out().contains("esx-base"), isoListing.toString());
    Run zipListing =
        launcher(
            "-XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutput",
            "vibs",
            "-d",
            dir.resolve("first.zip").toString());
    assertEquals(0, zipListing.code(), zipListing.toString());
    assertFalse(zipListing.out().contains("compiler directives"), zipListing.toString());
    assertEquals(
        isoListing.out().lines().skip(1).filter(l -> l.contains("esx-base")).toList(),
        zipListing.out().lines().filter(l -> l.contains("esx-base")).toList());

    Path classes = dir.resolve("classes.txt");
    Run second =
        launcher(
            "-Xlog:class+load=info:file=" + classes, build(depot, "second").toArray(String[]::new));
    assertEquals(0, second.code(), second.toString());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("first.iso")),
        Files.readAllBytes(dir.resolve("second.iso")));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("first.zip")),
        Files.readAllBytes(dir.resolve("second.zip")));
    // the ISO writer's classes come from the build archive (a listing never loads them)
    List<String> log = Files.readAllLines(classes, StandardCharsets.UTF_8);
    assertTrue(
        log.stream()
            .anyMatch(
                l ->
                    l.contains("org.esxforge.iso.BuiltinIsoWriter ")
                        && l.contains("shared objects file (top)")),
        "BuiltinIsoWriter not loaded from the build archive:\n"
            + String.join("\n", log.stream().filter(l -> l.contains("org.esxforge.iso")).toList()));

    // a rebuilt jar (newer than its archives) retires both; the next run trains the listing one
    FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(listingArchive, anHourAgo);
    Files.setLastModifiedTime(buildArchive, anHourAgo);
    Run again = launcher("", "--version");
    assertEquals(0, again.code(), again.toString());
    assertFalse(Files.exists(buildArchive), "a stale build archive is removed");
    assertTrue(
        Files.getLastModifiedTime(listingArchive)
                .compareTo(Files.getLastModifiedTime(dir.resolve("jar/esxforge.jar")))
            >= 0,
        "the listing archive is trained again");
  }

  /**
   * The build archive is trained by the first good build, but serves every kind of build: trained
   * by a bundle-only build (which writes no ISO), it still holds the classes an ISO build loads,
   * since the training build loads those of every kind before it exits ({@code build-classes.txt}).
   * Every esxforge class that the later ISO + bundle build loads comes from the archive; one that
   * does not is missing from that list (run {@code bench/cds-class-list.sh}).
   */
  @Test
  void launcher_buildArchiveTrainedByABundleOnlyBuild_servesAnIsoBuild() throws Exception {
    copyJar();
    SampleDepotResult depot = Samples.depot(SampleVersion.V7_0);
    List<String> bundleOnly = new ArrayList<>(build(depot, "first"));
    int iso = bundleOnly.indexOf("--iso");
    bundleOnly.subList(iso, iso + 2).clear();
    Run first = launcher("", bundleOnly.toArray(String[]::new));
    assertEquals(0, first.code(), first.toString());
    assertFalse(Files.exists(dir.resolve("first.iso")));
    assertTrue(Files.size(dir.resolve("jar/esxforge-build.jsa")) > 0, first.toString());

    Path classes = dir.resolve("classes.txt");
    Run second =
        launcher(
            "-Xlog:class+load=info:file=" + classes, build(depot, "second").toArray(String[]::new));
    assertEquals(0, second.code(), second.toString());
    List<String> ours = esxforgeClasses(classes);
    assertTrue(
        ours.stream().anyMatch(l -> l.contains("org.esxforge.iso.BuiltinIsoWriter ")),
        "the ISO build loads the ISO writer");
    List<String> fromTheJar =
        ours.stream().filter(l -> !l.contains("source: shared objects file")).toList();
    assertEquals(
        List.of(),
        fromTheJar,
        "classes not in the build archive: add them to build-classes.txt with"
            + " bench/cds-class-list.sh");
  }

  /**
   * {@code mkiso} trains an archive of its own ({@code esxforge-mkiso.jsa}), smaller than the build
   * archive that the JVM would relocate whole at every start: only a run that succeeds leaves it, a
   * later run loads every esxforge class from it and writes the same bytes, and a rebuilt jar
   * retires it.
   */
  @Test
  void launcher_mkisoTrainsItsOwnArchive_servesLaterRunsWithTheSameBytes() throws Exception {
    copyJar();
    Path mkisoArchive = dir.resolve("jar/esxforge-mkiso.jsa");
    Path tree = Files.createDirectories(dir.resolve("tree/EFI/BOOT"));
    Files.writeString(tree.resolve("BOOTX64.EFI"), "not really an EFI binary\n");
    Files.writeString(dir.resolve("tree/BOOT.CFG"), "kernel=/b.b00\n");

    Run help = launcher("", "mkiso", "--help");
    assertEquals(0, help.code(), help.toString());
    assertFalse(Files.exists(mkisoArchive), "a help run must not train the mkiso archive");
    Run failed = launcher("", "mkiso", dir.resolve("missing").toString(), "x.iso");
    assertNotEquals(0, failed.code(), failed.toString());
    assertFalse(Files.exists(mkisoArchive), "a failed mkiso must not leave an archive");
    assertEquals(List.of(), leftovers());

    String[] first = {"mkiso", dir.resolve("tree").toString(), dir.resolve("first.iso").toString()};
    Run trained = launcher("", first);
    assertEquals(0, trained.code(), trained.toString());
    assertTrue(Files.size(mkisoArchive) > 0, "the first good mkiso trains its archive");
    assertFalse(Files.exists(dir.resolve("jar/esxforge-build.jsa")), "nor the build archive");
    assertEquals(List.of(), leftovers());

    Path classes = dir.resolve("classes.txt");
    Run second =
        launcher(
            "-Xlog:class+load=info:file=" + classes,
            "mkiso",
            dir.resolve("tree").toString(),
            dir.resolve("second.iso").toString());
    assertEquals(0, second.code(), second.toString());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("first.iso")),
        Files.readAllBytes(dir.resolve("second.iso")));
    List<String> ours = esxforgeClasses(classes);
    assertTrue(
        ours.stream().anyMatch(l -> l.contains("org.esxforge.iso.BuiltinIsoWriter ")),
        ours.toString());
    assertEquals(
        List.of(),
        ours.stream().filter(l -> !l.contains("source: shared objects file (top)")).toList(),
        "esxforge classes not loaded from the mkiso archive");

    FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(mkisoArchive, anHourAgo);
    Files.setLastModifiedTime(dir.resolve("jar/esxforge.jsa"), anHourAgo);
    Run again = launcher("", "--version");
    assertEquals(0, again.code(), again.toString());
    assertFalse(Files.exists(mkisoArchive), "a stale mkiso archive is removed");
  }

  /**
   * With {@code ESXFORGE_JAVA_OPTS} the launcher waits for the JVM instead of becoming it (to say
   * why a JVM did not start): a TERM sent to the launcher, as a pipeline's timeout sends it, must
   * still stop the JVM, which then leaves no output. The JVM is caught fetching a depot from a
   * loopback server that accepts and never answers (its read timeout is a minute).
   */
  @Test
  void launcher_withJavaOptions_stoppingTheLauncherStopsTheJvm() throws Exception {
    copyJar();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      silent.setSoTimeout(120_000);
      List<String> cmd =
          List.of(
              ExternalTools.require("bash").toString(),
              Path.of("bin", "esxforge").toAbsolutePath().toString(),
              "build",
              "-q",
              "-d",
              "http://127.0.0.1:" + silent.getLocalPort() + "/index.xml",
              "--base",
              "latest",
              "--name",
              "stopped",
              "--bundle",
              dir.resolve("stopped.zip").toString());
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().put("ESXFORGE_JAR", dir.resolve("jar/esxforge.jar").toString());
      pb.environment().put("ESXFORGE_JAVA_OPTS", "-Xmx256m");
      pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
      pb.redirectOutput(dir.resolve("stdout.txt").toFile());
      pb.redirectError(dir.resolve("stderr.txt").toFile());
      Process p = pb.start();
      try (Socket fetching = silent.accept()) { // the JVM runs and waits for the depot
        List<ProcessHandle> jvm = p.descendants().toList();
        assertFalse(jvm.isEmpty(), "the launcher runs the JVM as its child");
        p.destroy(); // SIGTERM to the launcher's shell
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not end");
        assertEquals(143, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        for (ProcessHandle h : jvm) {
          h.onExit().get(30, TimeUnit.SECONDS); // throws TimeoutException while it still runs
          assertFalse(h.isAlive(), "the JVM still runs: " + h.info());
        }
      } finally {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    assertFalse(Files.exists(dir.resolve("stopped.zip")));
  }
}
