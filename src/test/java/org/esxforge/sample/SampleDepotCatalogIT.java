package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.ImageProfile;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.TestSessions;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibMetadata;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample depot read back by the project's depot reader in all three forms a user meets (the
 * folder, the offline zip and the folder served over HTTP on loopback): the same catalog each time,
 * and every VIB verifies against the metadata with zero problems, signatures trusted.
 */
class SampleDepotCatalogIT {
  @TempDir Path tmp;

  @Test
  void open_folderZipAndHttp_sameCatalogAndEveryVibVerifies() throws Exception {
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    SampleDepotResult r =
        SampleDepot.write(
            tmp.resolve("sample-7.0"),
            SampleVersion.V7_0,
            EventHandlers.none(),
            SampleDepotIT.FAKE_KERNEL);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        ex -> {
          Path f = r.folder().resolve(ex.getRequestURI().getPath().substring(1)).normalize();
          if (!f.startsWith(r.folder()) || !Files.isRegularFile(f)) {
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
      List<String> forms = List.of(r.folder().toString(), r.offlineZip().toString(), url);
      String expected = null;
      var trust = Signatures.readCertificates(Files.readAllBytes(r.caPem()), "sample-ca.pem");
      for (String form : forms) {
        DepotOptions options = DepotOptions.defaults().withTempDir(tmp);
        try (DepotFetcher fetcher =
                TestSessions.fetcher(Duration.ofSeconds(30), Duration.ofSeconds(60));
            Catalog c = Depots.open(List.of(form), options, EventHandlers.none(), fetcher)) {
          String summary =
              c.vibs().keySet()
                  + " "
                  + c.profiles().stream().map(ImageProfile::name).sorted().toList()
                  + " "
                  + c.bulletins().size()
                  + " "
                  + c.baseImages().size();
          if (expected == null) {
            expected = summary;
          }
          assertEquals(expected, summary, form);
          assertEquals(r.vibCount(), c.vibs().size(), form);
          assertEquals(4, c.profiles().size(), form);
          assertEquals(2, c.baseImages().size(), form);
          for (CatalogVib v : c.vibs().values()) {
            Path file = v.source().materialize(tmp.resolve("vibs"));
            VibVerification ver =
                VibVerifier.verify(
                    file,
                    new VibMetadata(v.descriptor(), v.relativePath(), v.packedSize(), v.sha256()),
                    new VibVerifier.Options(true, trust));
            assertEquals(List.of(), ver.problems(), form + " " + v.id());
            assertEquals(Signatures.Status.SIGNED_TRUSTED, ver.signature().status());
          }
          ImageProfile std = c.profile("ESXi-7.0.0-15843807-standard").orElseThrow();
          ImageProfile noTools = c.profile("ESXi-7.0.0-15843807-no-tools").orElseThrow();
          assertEquals(72, std.vibIds().size());
          assertEquals(71, noTools.vibIds().size());
          assertTrue(
              std.vibIds().stream()
                  .anyMatch(
                      id ->
                          id.value().equals("VMware_locker_tools-light_11.0.5.15389592-15843807")));
        }
      }
    } finally {
      http.stop(0);
    }
  }
}
