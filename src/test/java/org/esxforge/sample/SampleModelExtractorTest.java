package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class SampleModelExtractorTest {
  private static final Path RESOURCE =
      Path.of("src/main/resources/org/esxforge/sample/" + SampleModel.ESXI_70_GA);

  @Test
  void extract_realImageDatabase_equalsCommittedResource() throws Exception {
    SampleModel derived = new SampleModelExtractor().extract(Fixtures.real("esximg-7.0-hpe-host"));
    String json = SampleModelExtractor.toJson(derived);
    if (Boolean.getBoolean("esxforge.regenerate")) {
      Files.writeString(RESOURCE, json, StandardCharsets.UTF_8);
    }
    assertEquals(
        json,
        Files.readString(RESOURCE, StandardCharsets.UTF_8),
        "committed sample model differs from the fixture; regenerate with"
            + " -Desxforge.regenerate=true");
    assertEquals(derived, SampleModel.load(SampleModel.ESXI_70_GA));
  }

  @Test
  void load_gaModel_hasTheGaVibSetAndEveryVibInAComponent() {
    SampleModel m = SampleModel.load(SampleModel.ESXI_70_GA);
    // 84 VIBs in the host database - 13 HPE add-ons - HPE's OEM lpfc/qlnativefc + VMware's
    // in-box lpfc/qlnativefc + tools-light
    assertEquals(84 - 15 + 3, m.vibs().size());
    Set<String> ids = new HashSet<>();
    m.vibs().forEach(v -> ids.add(v.id()));
    assertTrue(ids.contains("VMW_bootbank_lpfc_12.4.293.3-5vmw.700.1.0.15843807"));
    assertTrue(ids.contains("VMware_bootbank_qlnativefc_4.0.1.0-3vmw.700.1.0.15843807"));
    assertTrue(ids.contains(SampleModelExtractor.TOOLS_ID));
    assertFalse(m.vibs().stream().anyMatch(v -> v.vendor().equals("HPE")));
    Set<String> inComponents = new HashSet<>();
    m.bulletins().forEach(b -> inComponents.addAll(b.vibIds()));
    assertEquals(ids, inComponents);
    assertNotNull(m.vib("esx-base"));
  }
}
