package org.esxforge.profile;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

/** Validation on the real ESXi 7.0 host image database (fixtures/real/esximg-7.0-hpe-host). */
class RealProfileValidationTest {
  static final String NAME = "HPE-Custom-AddOn_700.0.0.10.5.0-108";

  static Map<VibId, VibDescriptor> hostDb() throws Exception {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-7.0-hpe-host/vibs"))) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.getFileName().toString());
      m.put(d.id(), d);
    }
    return m;
  }

  static ImageProfile profile(Map<VibId, VibDescriptor> m) {
    return ImageProfile.builder(NAME, AcceptanceLevel.PARTNER)
        .vibIds(new ArrayList<>(m.keySet()))
        .build();
  }

  private static List<String> validate(Map<VibId, VibDescriptor> m) {
    return ProfileValidator.validate(profile(m), m, ValidationContext.forIso()).stream()
        .map(Problem::toString)
        .toList();
  }

  @Test
  void validate_realHostDb_clean() throws Exception {
    assertEquals(List.of(), validate(hostDb()));
  }

  @Test
  void validate_realHostDbWithoutEsxBase_dependentsAndIsoProblems() throws Exception {
    Map<VibId, VibDescriptor> m = hostDb();
    m.remove(new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807"));
    List<String> got = validate(m);
    // profile-wide: no kernel and none of the five boot loaders
    assertEquals(
        6, got.stream().filter(s -> s.startsWith("cannot build an installer ISO")).count());
    // the driver API that only esx-base provides is now missing for every driver
    assertEquals(
        "VMW_bootbank_i40en_1.8.1.16-1vmw.700.1.0.15843807: depends on vmkapi_2_6_0_0, which no"
            + " VIB in "
            + NAME
            + " provides; add a VIB that provides it or remove i40en",
        got.stream().filter(s -> s.startsWith("VMW_bootbank_i40en_")).findFirst().orElseThrow());
    assertEquals(62, got.stream().filter(s -> s.contains("depends on vmkapi_2_6_0_0,")).count());
    assertEquals(
        List.of(
            "VMware_bootbank_esx-update_7.0.0-1.0.15843807: depends on esx-version << 7.0.0-1.1,"
                + " which no VIB in "
                + NAME
                + " provides; add a VIB that provides it or remove"
                + " esx-update",
            "VMware_bootbank_esx-update_7.0.0-1.0.15843807: depends on esx-version >= 7.0.0-1.0,"
                + " which no VIB in "
                + NAME
                + " provides; add a VIB that provides it or remove"
                + " esx-update"),
        got.stream().filter(s -> s.startsWith("VMware_bootbank_esx-update_")).toList());
    assertEquals(129, got.size());
  }

  @Test
  void validate_realHostDbPlusVmkapiDriver_exactOneLine() throws Exception {
    Map<VibId, VibDescriptor> m = hostDb();
    VibDescriptor r8168 =
        vib("net55-r8168", "8.045a-napi")
            .depends("vmkapi_2_2_0_0")
            .payload("net55-r8", "tgz")
            .build();
    m.put(r8168.id(), r8168);
    assertEquals(
        List.of(
            "VMW_bootbank_net55-r8168_8.045a-napi: net55-r8168 8.045a-napi does not fit the"
                + " image's base ESXi 7.0.0 (it needs vmkapi_2_2_0_0, which ESXi 7.0.0 does not"
                + " provide); compatible versions in the depots given: none; add a build of"
                + " net55-r8168 made for ESXi 7.0.0 or remove net55-r8168"),
        validate(m));
  }
}
