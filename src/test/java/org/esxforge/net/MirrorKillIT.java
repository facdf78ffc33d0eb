package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.esxforge.bundle.DepotContent;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror re-run killed with SIGKILL at every step (a real child JVM) always leaves a folder that
 * is a consistent depot, the old one or the new one: every VIB its metadata names is there with the
 * declared SHA-256. The update changes one VIB's bytes under the same id, adds one and drops one. A
 * re-run then completes it. Files are readable by others (umask, like cp).
 */
class MirrorKillIT {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void rerunKilledAtEveryStep_folderIsAlwaysAConsistentDepot() throws Exception {
    Path usb = RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb"));
    Path r8168 = RealDepots.unpack(RealDepots.R8168, tmp.resolve("r8168"));
    Path r8125 = Fixtures.real("net-r8125-9.011.00-10.vib");
    Path srcA = tmp.resolve("srcA");
    Path srcB = tmp.resolve("srcB");
    mirrorLocal(List.of(usb.toString(), r8168.toString()), srcA);
    mirrorLocal(List.of(usb.toString(), r8125.toString()), srcB);
    Set<Sha256> shasA = declared(srcA);
    changeVibs(srcB, shasA);
    Set<Sha256> shasB = declared(srcB);
    assertEquals(2, shasA.size());
    assertEquals(2, shasB.size());
    assertEquals(0, intersection(shasA, shasB), "the update must change every VIB's bytes or set");

    try (FaultServer server = new FaultServer()) {
      RealDepots.serve(server, srcA, "/a/");
      RealDepots.serve(server, srcB, "/b/");
      Path old = tmp.resolve("old");
      assertEquals(0, child(old, server.uri("/a/index.xml").toString(), Integer.MAX_VALUE).exit);
      assertEquals(shasA, consistent(old));

      Path full = copy(old, tmp.resolve("full"));
      Run complete = child(full, server.uri("/b/index.xml").toString(), Integer.MAX_VALUE);
      assertEquals(0, complete.exit);
      assertEquals(shasB, consistent(full));
      List<String> steps = complete.steps;
      assertTrue(steps.size() >= 8, steps.toString());
      for (int k = 0; k < steps.size(); k++) {
        Path target = copy(old, tmp.resolve("kill" + k));
        Run r = child(target, server.uri("/b/index.xml").toString(), k);
        assertEquals(137, r.exit, "killed at " + steps.get(k));
        Set<Sha256> now = consistent(target);
        assertTrue(
            now.equals(shasA) || now.equals(shasB),
            "killed at '"
                + steps.get(k)
                + "': the folder is neither the old nor the new depot: "
                + now);
        mirrorLocal(
            List.of(server.uri("/b/index.xml").toString()),
            target,
            Instant.parse("2026-02-01T00:00:00Z"));
        assertEquals(shasB, consistent(target), "re-run after a kill at " + steps.get(k));
        assertEquals(listing(full), listing(target), "re-run after a kill at " + steps.get(k));
      }
      // like cp: the umask's mode (what a plain new file gets here), not Files.createTempFile's
      // 0600
      Set<PosixFilePermission> umask =
          Files.getPosixFilePermissions(Files.createFile(tmp.resolve("as-cp")));
      for (Path f : files(full)) {
        assertEquals(umask, Files.getPosixFilePermissions(f), f + " does not follow the umask");
      }
    }
  }

  private record Run(int exit, List<String> steps) {}

  /** Runs the child; SIGKILLs it when it reaches step {@code killAt} (0-based). */
  private Run child(Path target, String url, int killAt) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            MirrorStepMain.class.getName(),
            target.toString(),
            url);
    pb.redirectError(tmp.resolve("child.err").toFile());
    Process p = pb.start();
    List<String> steps = new ArrayList<>();
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = p.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith(Mirror.STEP)) {
          continue;
        }
        if (steps.size() == killAt) {
          steps.add(line);
          p.destroyForcibly(); // SIGKILL
          break;
        }
        steps.add(line);
        in.write('\n');
        in.flush();
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child hung");
    if (p.exitValue() != 0 && p.exitValue() != 137) {
      throw new AssertionError("child failed: " + Files.readString(tmp.resolve("child.err")));
    }
    return new Run(p.exitValue(), steps);
  }

  /** The SHA-256s the folder's metadata declares, after checking every named VIB file matches. */
  private Set<Sha256> consistent(Path folder) throws IOException {
    Set<Sha256> out = new TreeSet<>();
    try (Catalog c =
        Depots.open(
            List.of(folder.toString()),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      for (CatalogVib v : c.vibs().values()) {
        assertEquals(
            v.sha256(),
            FetchDepotMain.hash(v),
            folder + ": " + v.id() + " contradicts the metadata");
        out.add(v.sha256());
      }
    }
    return out;
  }

  private void mirrorLocal(List<String> depots, Path target) throws IOException {
    mirrorLocal(depots, target, T);
  }

  private void mirrorLocal(List<String> depots, Path target, Instant timestamp) throws IOException {
    try (CachingFetcher f =
        Fetchers.create(
            NetworkSettings.defaults()
                .withRedactor(new Redactor())
                .withRetry(
                    new RetryPolicy(
                        1, Duration.ofMillis(1), Duration.ofMillis(1), d -> {}, new Random(1))),
            null,
            false,
            EventHandlers.none())) {
      Mirror.run(
          new Mirror.Request(depots, target, List.of(), timestamp),
          f,
          DepotOptions.defaults().withTempDir(tmp),
          EventHandlers.none());
    }
  }

  /**
   * Rewrites the VIBs of {@code folder} whose digest is in {@code old} with other bytes (same id).
   */
  private void changeVibs(Path folder, Set<Sha256> old) throws IOException {
    try (Catalog c =
        Depots.open(
            List.of(folder.toString()),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      List<DepotContent.Vib> vibs = new ArrayList<>();
      for (CatalogVib v : c.vibs().values()) {
        Path file = folder.resolve(DepotContent.Vib.layoutPath(v.descriptor()));
        if (old.contains(v.sha256())) {
          Files.write(
              file, new byte[] {'\n'}, java.nio.file.StandardOpenOption.APPEND); // an ar pad byte
        }
        byte[] b = Files.readAllBytes(file);
        vibs.add(
            new DepotContent.Vib(
                v.descriptor(), VibWriter.Source.of(file), b.length, Sha256.of(b)));
      }
      Mirror.writeMetadata(
          new DepotContent(
              DepotIndex.Vendor.offline("VMware", "VMW"),
              List.of("*"),
              c.bulletins(),
              c.profiles(),
              List.of(),
              vibs,
              T),
          folder,
          EventHandlers.none());
    }
  }

  private static Set<Sha256> declared(Path folder) throws IOException {
    Set<Sha256> out = new TreeSet<>();
    try (Catalog c =
        Depots.open(List.of(folder.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      c.vibs().values().forEach(v -> out.add(v.sha256()));
    }
    return out;
  }

  private static int intersection(Set<Sha256> a, Set<Sha256> b) {
    Set<Sha256> i = new TreeSet<>(a);
    i.retainAll(b);
    return i.size();
  }

  private static Path copy(Path from, Path to) throws IOException {
    for (Path f : files(from)) {
      Path t = to.resolve(from.relativize(f).toString());
      Files.createDirectories(t.getParent());
      Files.copy(f, t);
    }
    return to;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files(dir)) {
      out.add(dir.relativize(f) + " " + Sha256.of(Files.readAllBytes(f)).hex());
    }
    return out;
  }
}
