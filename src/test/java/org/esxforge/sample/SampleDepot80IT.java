package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.VibDescriptor;
import org.esxforge.testing.ExternalTools;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 8.0-shaped sample: 8.0 versions and conventions, verified VIB by VIB. */
class SampleDepot80IT {
  @TempDir Path tmp;

  @Test
  void write_v80_eightShapedAndEveryVibVerifies() throws Exception {
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    SampleDepotResult r =
        SampleDepot.write(
            tmp.resolve("sample-8.0"),
            SampleVersion.V8_0,
            EventHandlers.none(),
            SampleDepotIT.FAKE_KERNEL);
    assertEquals(
        List.of(
            "ESXi-8.0U3-24022510-no-tools",
            "ESXi-8.0U3-24022510-standard",
            "ESXi-8.0U3b-24280767-no-tools",
            "ESXi-8.0U3b-24280767-standard"),
        r.profiles());
    var trust = Signatures.readCertificates(Files.readAllBytes(r.caPem()), "sample-ca.pem");
    List<Path> vibs;
    try (Stream<Path> s = Files.walk(r.folder().resolve("vib20"))) {
      vibs = s.filter(Files::isRegularFile).sorted().toList();
    }
    boolean sawGc = false;
    for (Path vib : vibs) {
      VibVerification v = VibVerifier.verify(vib, null, new VibVerifier.Options(true, trust));
      assertEquals(List.of(), v.problems(), vib.getFileName().toString());
      byte[] head = new byte[68];
      try (var in = Files.newInputStream(vib)) {
        assertEquals(68, in.readNBytes(head, 0, 68));
      }
      // ar mode field of the first member: "0o0" as 8.0's Python 3 tooling writes it
      assertEquals("0o0     ", new String(head, 8 + 40, 8, StandardCharsets.US_ASCII));
      try (VibFile f = VibFile.open(vib)) {
        VibDescriptor d = f.descriptor();
        assertEquals("8.0", d.softwarePlatforms().get(0).version(), d.id().value());
        d.payloads().stream()
            .filter(p -> p.type().equals("vgz"))
            .forEach(p -> assertTrue(p.uncompressedSize() > 0, d.id() + " " + p.name()));
        if (d.name().equals("gc")) {
          sawGc = d.overlay();
        }
        if (d.id().value().equals("VMware_bootbank_esx-base_8.0.3-0.0.24022510")) {
          assertEquals("boot_loader_efi", d.payload("crypto64.efi").type());
          assertTrue(
              d.relationships().provides().stream()
                  .anyMatch(p -> p.name().equals("vmkapi_2_13_0_0")));
        }
      }
    }
    assertTrue(sawGc, "overlay VIB gc");
  }
}
