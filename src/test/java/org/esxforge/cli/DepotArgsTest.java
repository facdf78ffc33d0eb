package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleCa;
import org.esxforge.vib.TrustAnchor;
import org.esxforge.vib.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust store of {@code -d}/{@code --trust}: a function of the options alone. */
class DepotArgsTest {
  @TempDir Path tmp;

  @Test
  void trustStore_sampleNamed_sampleCaBesideVmwareScopedToTheSample() throws IOException {
    DepotArgs a = new DepotArgs();
    a.depots = List.of("sample:8.0", "/elsewhere/bundle.zip");
    TrustStore s = a.trustStore(System.getenv());
    assertEquals(4, s.anchors().size());
    assertEquals(TrustStore.builtIn().anchors(), s.anchors().subList(0, 3));
    TrustAnchor sample = s.anchors().get(3);
    assertEquals(SampleCa.rootCertificate(), sample.certificate());
    assertEquals(2, sample.scope().size());
    assertTrue(sample.scope().get(0).endsWith(Path.of("depots/sample-8.0")), sample.toString());
    assertTrue(sample.scope().get(1).endsWith(Path.of("samples")), sample.toString());
    assertEquals(
        4,
        s.anchorsFor(
                List.of(
                    DepotArgs.home(System.getenv())
                        .resolve("samples/HP-drivers-7.0-offline-bundle.zip")
                        .toString()))
            .size());
    assertEquals(3, s.anchorsFor(List.of("/elsewhere/bundle.zip")).size());
    // the same answer however often and whenever it is asked
    assertEquals(s.anchors(), a.trustStore(System.getenv()).anchors());
  }

  /** {@code sample:7.0-full} is its own folder, trusted like the sample; a bad name is one line. */
  @Test
  void sampleFull_ownFolderTrustedAsTheSample_unknownNameUsageLine() throws Exception {
    DepotArgs a = new DepotArgs();
    a.depots = List.of("sample:7.0-full");
    TrustAnchor sample = a.trustStore(System.getenv()).anchors().get(3);
    assertTrue(
        sample.scope().get(0).endsWith(Path.of("depots/sample-7.0-full")), sample.toString());
    assertEquals(
        new DepotArgs.Sample(
            org.esxforge.sample.SampleVersion.V8_0, org.esxforge.sample.SampleSize.FULL),
        DepotArgs.Sample.parse("8.0-full"));
    assertEquals(
        new DepotArgs.Sample(
            org.esxforge.sample.SampleVersion.V7_0, org.esxforge.sample.SampleSize.STANDARD),
        DepotArgs.Sample.parse(null));
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> DepotArgs.resolve("sample:9.0-full", EventHandlers.none(), System.getenv()));
    assertEquals(
        "unknown sample '9.0-full': expected 7.0, 8.0, 7.0-full or 8.0-full (sample:7.0-full is"
            + " every payload at its real size)",
        e.getMessage());
  }

  @Test
  void trustStore_trustFile_besideVmwareUnscoped_missingFileOneLine() throws IOException {
    Path pem = tmp.resolve("ca.pem");
    Files.write(pem, SampleCa.pem(SampleCa.rootCertificate()));
    DepotArgs a = new DepotArgs();
    a.depots = List.of("/x/bundle.zip");
    a.trust = List.of(pem.toString());
    TrustStore s = a.trustStore(System.getenv());
    assertEquals(4, s.anchors().size());
    assertEquals("--trust " + pem, s.anchors().get(3).store());
    assertEquals(4, s.anchorsFor(List.of("/anywhere.vib")).size());
    a.trust = List.of(tmp.resolve("missing.pem").toString());
    IOException e = assertThrows(IOException.class, () -> a.trustStore(System.getenv()));
    assertEquals(tmp.resolve("missing.pem") + ": trust anchor file not found", e.getMessage());
  }

  @Test
  void trustStore_noSampleNoTrust_justVmware() throws IOException {
    DepotArgs a = new DepotArgs();
    a.depots = List.of("https://depot.example/index.xml");
    assertEquals(TrustStore.builtIn().anchors(), a.trustStore(System.getenv()).anchors());
  }
}
