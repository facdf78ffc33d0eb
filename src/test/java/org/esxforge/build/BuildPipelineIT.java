package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Sha256;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.model.ImageProfile;
import org.esxforge.profile.EditNote;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.TestSessions;
import org.esxforge.vib.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BuildPipeline} as a library: result contents, bundle round trip, build time, trust. */
class BuildPipelineIT {
  @TempDir Path tmp;

  private static BuildRequest.Builder request(SampleDepotResult d) {
    return BuildRequest.builder()
        .depot(d.folder().toString())
        .trustStore(Samples.trust(d))
        .base("latest:7.0")
        .name("ESXi-7.0b-lib")
        .add(Samples.emulex())
        .description("built by a test");
  }

  @Test
  void run_bundleReimported_equalProfile() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path bundle = tmp.resolve("b.zip");
    BuildResult r = BuildPipeline.run(request(d).bundle(bundle).build(), EventHandlers.none());
    assertEquals("ESXi-7.0b-16324942-standard", r.base());
    assertEquals(
        List.of(BuildResult.OutputKind.BUNDLE),
        r.outputs().stream().map(BuildResult.Output::kind).toList());
    assertEquals(Files.size(bundle), r.outputs().get(0).size());
    assertEquals(0, r.moduleCount());
    assertTrue(
        r.notes().stream()
            .anyMatch(
                n -> n.kind() == EditNote.Kind.REPLACED && n.text().contains("replaces lpfc")),
        r.notes().toString());
    try (Catalog c =
        Depots.open(List.of(bundle.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      ImageProfile back = c.profiles().get(0);
      assertEquals(r.profile(), back);
      assertEquals("built by a test", back.description());
      // the components whose VIBs are all in the profile travel with it
      assertTrue(
          c.bulletins().stream().anyMatch(b -> b.id().contains("lpfc820")),
          c.bulletins().toString());
    }
  }

  @Test
  void run_buildTimeGiven_everyIsoDateFollowsIt() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    Path a = tmp.resolve("a.iso");
    Path b = tmp.resolve("b.iso");
    BuildResult ra = BuildPipeline.run(request(d).iso(a).build(), EventHandlers.none());
    BuildResult rb =
        BuildPipeline.run(
            request(d).iso(b).buildTime(Instant.parse("2030-01-02T03:04:05Z")).build(),
            EventHandlers.none());
    assertNotEquals(ra.outputs().get(0).sha256(), rb.outputs().get(0).sha256());
    assertEquals(Instant.parse("2030-01-02T03:04:05Z"), rb.profile().creationTime());
    assertEquals(Instant.parse("2030-01-02T03:04:05Z"), rb.profile().modifiedTime());
    try (IsoFileSystem fa = IsoFileSystem.open(a);
        IsoFileSystem fb = IsoFileSystem.open(b)) {
      assertEquals(fa.entries().keySet(), fb.entries().keySet());
    }
    assertTrue(ra.bootCfg().contains("kernel=/b.b00"), ra.bootCfg());
  }

  @Test
  void run_trustAnchorGiven_vmwareSignedVibStillAnchoredInBuiltInStore() throws Exception {
    // --trust goes beside the VMware certificates: it never makes VMware's VIBs "unanchored"
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    List<String> info = new ArrayList<>();
    BuildRequest req =
        BuildRequest.builder()
            .depot(d.folder().toString())
            .name("X")
            .add(Samples.nvme70())
            .bundle(tmp.resolve("x.zip"))
            .trust(Signatures.readCertificates(Files.readAllBytes(d.caPem()), d.caPem().toString()))
            .build();
    BuildResult r =
        BuildPipeline.run(
            req,
            EventHandlers.of(
                e -> {
                  if (e instanceof org.esxforge.event.LogEvent l) {
                    info.add(l.message());
                  }
                }));
    assertEquals(List.of(), r.problems());
    String sig = info.stream().filter(l -> l.startsWith("signatures: ")).findFirst().orElseThrow();
    assertTrue(
        sig.contains(
            "1 signed by 'VMware Certified VIB Signing', anchored in esxforge's"
                + " built-in VMware store"),
        sig);
    assertTrue(
        sig.contains(
            "signed by 'esxforge Sample Certified VIB Signing', anchored in" + " {setting:trust}"),
        sig);
  }

  @Test
  void run_sameDepotAsFolderZipAndHttp_identicalIsoBytes() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        ex -> {
          Path f = d.folder().resolve(ex.getRequestURI().getPath().substring(1)).normalize();
          if (!f.startsWith(d.folder()) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    http.start();
    try {
      String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/index.xml";
      List<Sha256> shas = new ArrayList<>();
      for (String form : List.of(d.folder().toString(), d.offlineZip().toString(), url)) {
        Path iso = tmp.resolve(shas.size() + ".iso");
        BuildRequest req =
            BuildRequest.builder()
                .depot(form)
                .base("latest")
                .name("ESXi-7.0b-x")
                .add(Samples.emulex())
                .iso(iso)
                .trust(
                    Signatures.readCertificates(
                        Files.readAllBytes(d.caPem()), d.caPem().toString()))
                .depotOptions(DepotOptions.defaults().withTempDir(tmp))
                .build();
        try (DepotFetcher fetcher =
            TestSessions.fetcher(Duration.ofSeconds(5), Duration.ofSeconds(30))) {
          shas.add(BuildPipeline.run(req, EventHandlers.none(), fetcher).outputs().get(0).sha256());
        }
      }
      assertEquals(1, new java.util.HashSet<>(shas).size(), shas.toString());
      try (var s = Files.list(tmp)) {
        assertEquals(
            List.of(),
            s.filter(p -> p.getFileName().toString().startsWith("esxforge-build-")).toList(),
            "build temp dirs left");
      }
    } finally {
      http.stop(0);
    }
  }

  @Test
  void cli_vibListOfNoToolsProfile_exactlyThoseVibs() throws Exception {
    SampleDepotResult d = Samples.depot(SampleVersion.V7_0);
    ImageProfile noTools;
    try (Catalog c =
        Depots.open(
            List.of(d.folder().toString()), DepotOptions.defaults(), EventHandlers.none())) {
      noTools = c.profile("ESXi-7.0b-16324942-no-tools").orElseThrow();
    }
    Path list = tmp.resolve("vibs.txt");
    List<String> lines = new ArrayList<>(List.of("# the 7.0b no-tools VIBs, by id"));
    noTools.vibIds().forEach(id -> lines.add(id.value()));
    Files.write(list, lines);
    Path bundle = tmp.resolve("list.zip");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            d.folder().toString(),
            "--base",
            "latest",
            "--name",
            "ESXi-7.0b-from-list",
            "--vib-list",
            list.toString(),
            "--bundle",
            bundle.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().lines().anyMatch(l -> l.startsWith("  removed") && l.contains("tools-light")),
        r.out());
    // every listed VIB is an "added" note: the first ones are reported, the rest counted
    List<String> added = r.err().lines().filter(l -> l.startsWith("added ")).toList();
    assertEquals(ResolveStep.PLAIN_NOTES_SHOWN, added.size(), r.err());
    assertEquals("added " + noTools.vibIds().get(0), added.get(0));
    int rest = noTools.vibIds().size() - ResolveStep.PLAIN_NOTES_SHOWN;
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l -> l.equals("... and " + rest + " more VIBs added, not reported one by one")),
        r.err());
    try (Catalog c =
        Depots.open(List.of(bundle.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      assertEquals(noTools.vibIds(), c.profiles().get(0).vibIds());
    }
  }

  @Test
  void run_noOutputs_buildExceptionOneLine() {
    BuildException e =
        assertThrows(
            BuildException.class,
            () ->
                BuildPipeline.run(
                    BuildRequest.builder().depot("x").name("X").build(), EventHandlers.none()));
    assertEquals(BuildException.Setting.OUTPUTS, e.setting());
    assertEquals(
        "outputs: nothing to write: give an ISO, an offline bundle and/or a PXE folder to write",
        e.getMessage());
  }
}
