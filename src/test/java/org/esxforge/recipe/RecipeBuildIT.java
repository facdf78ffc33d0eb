package org.esxforge.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Cli;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipes end to end through the CLI: reproducible bytes across cache states and depot order,
 * {@code --locked} against a changed depot, a re-spin from the sample's older patch level to its
 * newer one, and every recipe shipped in {@code profiles/}.
 */
class RecipeBuildIT {
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final String HP =
      REPO.resolve("samples/HP-drivers-7.0-offline-bundle.zip").toString();
  private static final String EMULEX =
      REPO.resolve("samples/Emulex-drivers-7.0-offline-bundle.zip").toString();
  private static final Path R8168 = REPO.resolve("samples/net-r8168-sample-8.045a-1community.vib");

  @TempDir static Path shared;
  static Path depot;
  static HttpServer server;
  static final AtomicInteger requests = new AtomicInteger();
  static final AtomicInteger vibRequests = new AtomicInteger();

  @BeforeAll
  static void depotAndServer() throws IOException {
    depot = shared.resolve("sample-7.0");
    SampleDepot.write(depot, SampleVersion.parse("7.0"), EventHandlers.none());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          if (ex.getRequestURI().getPath().endsWith(".vib")) {
            vibRequests.incrementAndGet();
          }
          Path f = depot.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
          if (!f.startsWith(depot) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          ex.sendResponseHeaders(200, Files.size(f));
          try (OutputStream o = ex.getResponseBody()) {
            Files.copy(f, o);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/index.xml";
  }

  private static String ca() {
    return depot.resolve(SampleDepot.CA_PEM).toString();
  }

  private static Path recipe(Path dir, List<String> depots, String base, String adds, String extra)
      throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve("golden.yaml");
    StringBuilder sb = new StringBuilder("apiVersion: esxforge/v1\nkind: ImageRecipe\ndepots:\n");
    depots.forEach(d -> sb.append("  - '").append(d).append("'\n"));
    sb.append("base: ")
        .append(base)
        .append('\n')
        .append("profile: {name: 'ESXi-${base.version}-golden', description: 'from ${base}'}\n")
        .append("vibs: {add: [")
        .append(adds)
        .append("]}\n")
        .append("signatures: {trust: ['")
        .append(ca())
        .append("']}\n")
        .append(extra);
    Files.writeString(f, sb.toString());
    return f;
  }

  private static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.all());
    return r;
  }

  private static String sha(Path f) throws IOException {
    return org.esxforge.io.Sha256.of(Files.readAllBytes(f)).hex();
  }

  private static void sha256sumCheck(Path dir) throws Exception {
    boolean found = ExternalTools.find("sha256sum").isPresent();
    ExternalTools.requireThat(found, "sha256sum (GNU coreutils) is needed");
    Process p =
        new ProcessBuilder("sha256sum", "--strict", "-c", BuildManifests.SUMS)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertFalse(out.contains("FAILED"), out);
    assertTrue(out.contains(": OK"), out);
  }

  @Test
  void build_coldWarmCacheAndShuffledDepots_identicalIsoAndBundle(@TempDir Path tmp)
      throws Exception {
    String outputs = "outputs: {iso: out/golden.iso, bundle: out/golden.zip}\n";
    String adds = "char-hpilo, hp-ams, be2net, be2iscsi, lpfc820";
    Path a = recipe(tmp.resolve("a"), List.of(url(), HP, EMULEX), "latest:standard", adds, outputs);
    int before = requests.get();
    Cli.Result first = ok("build", a.toString(), "--cache", tmp.resolve("cache-a").toString());
    assertTrue(requests.get() > before, "the depot was read over HTTP");
    Path isoA = tmp.resolve("a/out/golden.iso");
    Path zipA = tmp.resolve("a/out/golden.zip");
    String iso1 = sha(isoA);
    String zip1 = sha(zipA);
    Lockfile lockA = Lockfile.read(Lockfile.pathFor(a));
    assertEquals("ESXi-7.0b-16324942-standard", lockA.base());
    assertEquals("ESXi-7.0b-golden", lockA.profile());
    assertTrue(lockA.vibs().keySet().stream().anyMatch(id -> id.value().contains("lpfc820")));
    assertTrue(first.out().contains("(written)"), first.out());

    // warm cache, pinned by the lock
    Files.delete(isoA);
    Files.delete(zipA);
    int vibsBefore = vibRequests.get();
    Cli.Result warm = ok("build", a.toString(), "--cache", tmp.resolve("cache-a").toString());
    assertEquals(vibsBefore, vibRequests.get(), "warm cache: no VIB downloaded again");
    assertTrue(warm.out().contains("(pinned build)"), warm.out());
    assertEquals(iso1, sha(isoA));
    assertEquals(zip1, sha(zipA));

    // another machine: shuffled depots, a cold cache of its own, no lock yet
    Path b = recipe(tmp.resolve("b"), List.of(EMULEX, HP, url()), "latest:standard", adds, outputs);
    vibsBefore = vibRequests.get();
    ok("build", b.toString(), "--cache", tmp.resolve("cache-b").toString());
    assertTrue(vibRequests.get() > vibsBefore, "cold cache: VIBs downloaded");
    assertEquals(iso1, sha(tmp.resolve("b/out/golden.iso")));
    assertEquals(zip1, sha(tmp.resolve("b/out/golden.zip")));
    Lockfile lockB = Lockfile.read(Lockfile.pathFor(b));
    assertEquals(lockA.vibs(), lockB.vibs(), "same VIBs, SHA-256s and (sorted) depots");
    assertEquals(lockA.buildTime(), lockB.buildTime());

    // manifests next to each output, and SHA256SUMS that GNU sha256sum accepts
    JsonNode m =
        new ObjectMapper().readTree(tmp.resolve("a/out/golden.iso.manifest.json").toFile());
    assertEquals(iso1, m.path("output").path("sha256").asText());
    assertEquals("ESXi-7.0b-16324942-standard", m.path("base").path("profile").asText());
    assertEquals(lockA.vibs().size(), m.path("vibs").size());
    assertEquals("partner", m.path("profile").path("acceptance").asText());
    assertFalse(m.toString().contains(tmp.toString()), "no absolute paths in the manifest");
    String sums = Files.readString(tmp.resolve("a/out/SHA256SUMS"));
    assertTrue(sums.contains(iso1 + "  golden.iso\n"), sums);
    sha256sumCheck(tmp.resolve("a/out"));
  }

  @Test
  void build_literalSecretsInDepotUrls_appearInNoOutput(@TempDir Path tmp) throws Exception {
    String token = "Zq7LmN2pXr9TkV4sWb8YcD3e";
    String password = "Pw9xKq2LmZ7vBn4T";
    String port = Integer.toString(server.getAddress().getPort());
    List<String> depots =
        List.of(
            "http://127.0.0.1:" + port + "/index.xml?token=" + token,
            "http://mirror:" + password + "@127.0.0.1:" + port + "/index.xml");
    Path r =
        recipe(tmp.resolve("r"), depots, "latest:standard", "", "outputs: {bundle: out/b.zip}\n");
    Path cache = tmp.resolve("cache");
    Cli.Result build = ok("build", r.toString(), "--cache", cache.toString(), "--json");
    Cli.Result respin = Cli.run("respin", r.toString(), "--json", "--cache", cache.toString());
    Cli.Result markdown =
        Cli.run("respin", r.toString(), "--markdown", "--cache", cache.toString());
    List<String> leaks = new java.util.ArrayList<>();
    for (String secret : List.of(token, password)) {
      for (Cli.Result c : List.of(build, respin, markdown)) {
        if (c.all().contains(secret)) {
          leaks.add("output of a command");
        }
      }
      try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          if (f.startsWith(tmp.resolve("r/golden.yaml")) || f.startsWith(cache.resolve("blobs"))) {
            continue; // the recipe is the user's; blobs are the depot's bytes
          }
          if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
              .contains(secret)) {
            leaks.add(tmp.relativize(f).toString());
          }
        }
      }
    }
    assertEquals(List.of(), leaks, "files or outputs holding a secret");
    assertTrue(
        Files.readString(tmp.resolve("r/out/b.zip.manifest.json")).contains("token=<redacted>"));
  }

  @Test
  void buildLocked_depotChanged_failsListingDifferences(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("r");
    Files.createDirectories(dir);
    Path vib = dir.resolve("nic.vib");
    Files.copy(R8168, vib);
    Path r =
        recipe(
            dir,
            List.of(depot.toString()),
            "latest:standard",
            "nic.vib",
            "outputs: {bundle: out/b.zip}\n");
    Files.writeString(
        r,
        Files.readString(r)
            .replace(
                "description: 'from ${base}'",
                "description: 'from ${base}', acceptance: community"));

    Cli.Result noLock = Cli.run("build", r.toString(), "--locked");
    assertEquals(6, noLock.exitCode(), noLock.all());
    assertTrue(noLock.err().contains("no lock file"), noLock.err());

    ok("build", r.toString());
    String bundle = sha(dir.resolve("out/b.zip"));
    ok("build", r.toString(), "--locked");
    assertEquals(bundle, sha(dir.resolve("out/b.zip")));

    // a locked SHA-256 that the depot's bytes no longer have
    Path lockFile = Lockfile.pathFor(r);
    String good = Files.readString(lockFile);
    Lockfile l = Lockfile.read(lockFile);
    var esxBase =
        l.vibs().keySet().stream()
            .filter(id -> id.value().contains("_esx-base_"))
            .findFirst()
            .orElseThrow();
    String realSha = l.vibs().get(esxBase).sha256().hex();
    String fakeSha = "0".repeat(64);
    Files.writeString(lockFile, good.replace(realSha, fakeSha));
    Cli.Result sha = Cli.run("build", r.toString(), "--locked");
    assertEquals(6, sha.exitCode(), sha.all());
    assertTrue(
        sha.err()
            .contains(esxBase + ": SHA-256 changed from " + fakeSha + " (locked) to " + realSha),
        sha.err());
    // without --locked the pinned build refuses too, pointing at --update-lock
    Cli.Result auto = Cli.run("build", r.toString());
    assertEquals(6, auto.exitCode(), auto.all());
    assertTrue(auto.err().contains("--update-lock"), auto.err());
    Files.writeString(lockFile, good);

    // the loose VIB the lock pins is replaced by another driver
    Files.copy(
        Fixtures.real("net-r8125-9.011.00-10.vib"), vib, StandardCopyOption.REPLACE_EXISTING);
    Cli.Result changed = Cli.run("build", r.toString(), "--locked");
    assertEquals(6, changed.exitCode(), changed.all());
    assertTrue(
        changed
            .err()
            .contains(
                "lock: VFrontDe_bootbank_net-r8168-sample_8.045a-1community: locked, but no depot holds"
                    + " it any more"),
        changed.all());
    assertTrue(changed.err().contains("1 difference from the lock"), changed.err());
    assertEquals(bundle, sha(dir.resolve("out/b.zip")), "nothing rewritten");

    // a recipe edit is a difference too
    Files.writeString(r, Files.readString(r).replace("nic.vib", "nic.vib, ne1000"));
    Files.copy(R8168, vib, StandardCopyOption.REPLACE_EXISTING);
    Cli.Result edited = Cli.run("build", r.toString(), "--locked");
    assertEquals(6, edited.exitCode(), edited.all());
    assertTrue(edited.err().contains("recipe inputs changed"), edited.err());
  }

  @Test
  void respin_olderPatchLevelLock_changelogThenApply(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("r");
    Path r =
        recipe(
            dir,
            List.of(depot.toString()),
            "ESXi-7.0.0-15843807-standard",
            "",
            "outputs: {bundle: out/b.zip}\n");
    ok("build", r.toString());
    Path oldLock = tmp.resolve("old.lock.json");
    Files.copy(Lockfile.pathFor(r), oldLock);
    String oldBundle = sha(dir.resolve("out/b.zip"));
    Files.writeString(
        r,
        Files.readString(r).replace("base: ESXi-7.0.0-15843807-standard", "base: latest:standard"));

    String text = ok("respin", r.toString()).out();
    List<String> expected =
        List.of(
            "base: ESXi-7.0.0-15843807-standard -> ESXi-7.0b-16324942-standard",
            "added      VMW_bootbank_ionic-en_12.0.0.1-1vmw.700.1.25.16324942",
            "upgraded   esx-base: 7.0.0-1.0.15843807 -> 7.0.0-1.25.16324942",
            "upgraded   ne1000: 0.8.4-10vmw.700.1.0.15843807 -> 0.8.4-11vmw.700.1.25.16324942",
            "upgraded   vmkusb: 0.1-1vmw.700.1.0.15843807 -> 0.1-2vmw.700.1.25.16324942",
            "1 added, 0 removed, 13 upgraded, 0 downgraded, 0 changed, 59 unchanged");
    for (String line : expected) {
      assertTrue(text.lines().anyMatch(line::equals), line + "\nin\n" + text);
    }
    assertFalse(text.contains("acceptance:"), text);
    assertEquals(
        oldLock.toFile().length(),
        Lockfile.pathFor(r).toFile().length(),
        "without --apply the lock stays");

    JsonNode j = new ObjectMapper().readTree(ok("respin", "--json", r.toString()).out());
    assertTrue(j.path("base").path("changed").asBoolean());
    assertEquals(13, j.path("vibs").path("upgraded").size());
    assertEquals(1, j.path("vibs").path("added").size());
    Cli.Result pending = Cli.run("respin", "--exit-code", r.toString());
    assertEquals(7, pending.exitCode(), "changes pending: " + pending.err());
    String md = ok("respin", "--markdown", r.toString()).out();
    assertTrue(
        md.contains("| upgraded | esx-base | `7.0.0-1.0.15843807` | `7.0.0-1.25.16324942` |"), md);

    ok("respin", "--apply", r.toString());
    Lockfile now = Lockfile.read(Lockfile.pathFor(r));
    assertEquals("ESXi-7.0b-16324942-standard", now.base());
    assertEquals("ESXi-7.0b-golden", now.profile());
    assertNotEquals(oldBundle, sha(dir.resolve("out/b.zip")));
    sha256sumCheck(dir.resolve("out"));
    ok("build", r.toString(), "--locked");
    Cli.Result again = ok("respin", r.toString());
    assertTrue(
        again.out().contains("(unchanged)") && again.out().contains("0 upgraded"), again.out());
    assertEquals(0, Cli.run("respin", "--exit-code", r.toString()).exitCode(), "up to date");

    // diff of the two locks says the same
    String d = ok("diff", oldLock.toString(), Lockfile.pathFor(r).toString()).out();
    for (String line : expected) {
      assertTrue(d.lines().anyMatch(line::equals), line + "\nin\n" + d);
    }
    // a lock against a profile of the depot
    String lp =
        ok("diff", "-d", depot.toString(), oldLock.toString(), "ESXi-7.0b-16324942-standard").out();
    assertTrue(lp.contains("upgraded   esx-base"), lp);
  }

  /** Paths with sizes below {@code dir}; empty when it does not exist. */
  private static List<String> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new java.util.ArrayList<>();
      for (Path p : s.sorted().toList()) {
        out.add(dir.relativize(p) + " " + (Files.isDirectory(p) ? "dir" : Files.size(p)));
      }
      return out;
    }
  }

  @Test
  void build_everyRecipeInProfiles_buildsAndVerifies(@TempDir Path tmp) throws Exception {
    Path profiles = tmp.resolve("profiles");
    Files.createDirectories(profiles);
    Files.createSymbolicLink(tmp.resolve("samples"), REPO.resolve("samples"));
    List<Path> recipes;
    try (Stream<Path> s = Files.list(REPO.resolve("profiles"))) {
      recipes =
          s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
              .filter(p -> !p.toString().endsWith(".lock.json"))
              .sorted()
              .toList();
    }
    assertTrue(recipes.size() >= 2, recipes.toString());
    try (Stream<Path> s = Files.list(REPO.resolve("profiles"))) {
      for (Path f : s.filter(x -> !x.toString().endsWith(".lock.json")).toList()) {
        Files.copy(f, profiles.resolve(f.getFileName()));
      }
    }
    for (Path p : recipes) {
      Path copy = profiles.resolve(p.getFileName());
      // a dry run first: it plans everything and writes no output, lock or manifest
      List<String> outBefore = listing(tmp.resolve("out"));
      Cli.Result dry = ok("build", copy.toString(), "--dry-run");
      assertTrue(dry.out().startsWith("dry run: nothing written"), dry.all());
      assertFalse(Files.exists(Lockfile.pathFor(copy)), dry.all());
      assertEquals(outBefore, listing(tmp.resolve("out")), dry.all());
      Cli.Result r = ok("build", copy.toString());
      assertTrue(Files.isRegularFile(Lockfile.pathFor(copy)), r.all());
      Recipe parsed = RecipeParser.parse(copy);
      if (parsed.pxe() != null) {
        String cfg = Files.readString(parsed.pxe().resolve("boot.cfg"));
        assertTrue(cfg.contains("\nprefix=esxi\nkernel=b.b00\n"), cfg);
        assertTrue(Files.isRegularFile(parsed.pxe().resolve("mboot.efi")));
      }
      for (Path out :
          Stream.of(parsed.iso(), parsed.bundle(), parsed.pxe()).filter(x -> x != null).toList()) {
        assertTrue(Files.size(out) > 0, out.toString());
        assertTrue(Files.isRegularFile(out.resolveSibling(out.getFileName() + ".manifest.json")));
      }
      if (parsed.iso() != null && parsed.kickstart() != null) {
        try (org.esxforge.iso.IsoFileSystem iso =
            org.esxforge.iso.IsoFileSystem.open(parsed.iso())) {
          var ks = iso.entry("/KS.CFG");
          assertTrue(ks != null, "KS.CFG on " + parsed.iso());
          assertEquals(
              Files.readString(parsed.kickstart()),
              new String(iso.read(ks, 1 << 16), StandardCharsets.UTF_8));
          String bootCfg =
              new String(iso.read(iso.entry("/BOOT.CFG"), 1 << 16), StandardCharsets.UTF_8);
          assertTrue(
              bootCfg.contains("ks=cdrom:/KS.CFG") && bootCfg.contains("netdevice=vmnic0"),
              bootCfg);
        }
      }
    }
    sha256sumCheck(tmp.resolve("out"));
  }

  @Test
  void build_secretInDepotUrl_lockKeepsTheReference(@TempDir Path tmp) throws Exception {
    Path pw = tmp.resolve("depot-password");
    Files.writeString(pw, "s3cr3t-recipe-pw\n");
    String templated =
        "http://127.0.0.1:" + server.getAddress().getPort() + "/index.xml?token=${file:" + pw + "}";
    Path r =
        recipe(
            tmp.resolve("r"),
            List.of(templated),
            "latest:7.0",
            "",
            "outputs: {bundle: out/b.zip}\n");
    Cli.Result res = ok("build", r.toString());
    assertFalse(res.all().contains("s3cr3t-recipe-pw"), res.all());
    String lock = Files.readString(Lockfile.pathFor(r));
    assertFalse(lock.contains("s3cr3t"), lock);
    assertTrue(lock.contains("/index.xml?token=${file:" + pw + "}"), lock);
    String manifest = Files.readString(tmp.resolve("r/out/b.zip.manifest.json"));
    assertFalse(manifest.contains("s3cr3t"), manifest);
  }
}
