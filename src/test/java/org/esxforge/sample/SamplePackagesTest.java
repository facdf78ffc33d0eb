package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed {@code samples/} are exactly what {@link SamplePackages} makes, and sound. */
class SamplePackagesTest {
  private static final Path COMMITTED = Path.of("samples");
  @TempDir Path tmp;

  @Test
  void write_regenerated_equalsCommittedSamples() throws Exception {
    List<Path> made = SamplePackages.write(tmp);
    if (Boolean.getBoolean("esxforge.regenerate")) {
      for (Path p : made) {
        Files.copy(
            p,
            COMMITTED.resolve(p.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path p : made) {
      assertArrayEquals(
          Files.readAllBytes(COMMITTED.resolve(p.getFileName())),
          Files.readAllBytes(p),
          p.getFileName()
              + " differs from samples/; regenerate with"
              + " -Desxforge.regenerate=true");
    }
  }

  @Test
  void vibs_allVerify_relationshipsAsTheScenarioNeeds() throws Exception {
    SamplePackages.write(tmp);
    var trust = Signatures.readCertificates(SampleCa.get().rootPem(), "sample-ca.pem");
    Map<String, VibDescriptor> byName = new HashMap<>();
    List<Path> vibs = new ArrayList<>(List.of(tmp.resolve(SamplePackages.LOOSE_VIB)));
    for (String bundle : List.of(SamplePackages.HP_BUNDLE, SamplePackages.EMULEX_BUNDLE)) {
      try (ZipFile z = ZipFile.builder().setPath(tmp.resolve(bundle)).get()) {
        List<String> names =
            Collections.list(z.getEntriesInPhysicalOrder()).stream()
                .map(ZipArchiveEntry::getName)
                .toList();
        assertEquals(List.of("index.xml", "vendor-index.xml", "metadata.zip"), names.subList(0, 3));
        for (String n : names.subList(3, names.size())) {
          Path out = tmp.resolve(n.substring(n.lastIndexOf('/') + 1));
          try (var in = z.getInputStream(z.getEntry(n))) {
            Files.write(out, in.readAllBytes());
          }
          vibs.add(out);
        }
      }
    }
    for (Path vib : vibs) {
      VibVerification v = VibVerifier.verify(vib, null, new VibVerifier.Options(true, trust));
      assertEquals(List.of(), v.problems(), vib.getFileName().toString());
      try (VibFile f = VibFile.open(vib)) {
        VibDescriptor d = f.descriptor();
        byName.put(d.name(), d);
        assertEquals(
            d.acceptanceLevel() == AcceptanceLevel.COMMUNITY
                ? Signatures.Status.UNSIGNED
                : Signatures.Status.SIGNED_TRUSTED,
            v.signature().status(),
            d.id().value());
      }
    }
    assertEquals(
        Set.of(
            "char-hpilo", "hpnmi", "hp-ams", "be2net", "be2iscsi", "lpfc820", "net-r8168-sample"),
        byName.keySet());
    Set<String> baseProvides =
        SampleModel.load(SampleModel.ESXI_70_GA).vib("esx-base").provides().stream()
            .map(SampleModel.ProvideSpec::name)
            .collect(Collectors.toSet());
    assertTrue(baseProvides.contains(firstDepend(byName.get("char-hpilo"))));
    assertEquals("vmkapi_2_9_0_0", firstDepend(byName.get("hpnmi")));
    assertFalse(baseProvides.contains("vmkapi_2_9_0_0"));
    assertEquals("lpfc", byName.get("lpfc820").relationships().replaces().get(0).name());
    assertTrue(SampleModel.load(SampleModel.ESXI_70_GA).vib("lpfc") != null);
    assertEquals(AcceptanceLevel.COMMUNITY, byName.get("net-r8168-sample").acceptanceLevel());
  }

  private static String firstDepend(VibDescriptor d) {
    return d.relationships().depends().get(0).name();
  }
}
