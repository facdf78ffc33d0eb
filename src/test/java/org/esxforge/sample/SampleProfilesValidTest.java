package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.bundle.DepotContent;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidator;
import org.esxforge.profile.SignatureStatus;
import org.esxforge.profile.ValidationContext;
import org.junit.jupiter.api.Test;

/**
 * Every sample profile is valid by the project's validator (dependencies incl. virtual provides,
 * conflicts, one version per name, platform, acceptance, signatures, ISO bootability): the
 * patch-level rewrites and the 8.0 re-versioning keep the relationships consistent.
 */
class SampleProfilesValidTest {
  @Test
  void validate_everySampleProfile_noProblems() throws Exception {
    for (SampleVersion v : SampleVersion.values()) {
      DepotContent c = SampleContent.of(v, BootImages.placeholders("test"), EventHandlers.none());
      Map<VibId, VibDescriptor> descriptors = new HashMap<>();
      Map<VibId, SignatureStatus> signatures = new HashMap<>();
      c.vibs()
          .forEach(
              x -> {
                descriptors.put(x.descriptor().id(), x.descriptor());
                signatures.put(x.descriptor().id(), SignatureStatus.VALID);
              });
      for (ImageProfile p : c.profiles()) {
        List<Problem> problems =
            ProfileValidator.validate(
                p, descriptors, ValidationContext.forIso().withSignatures(signatures));
        assertEquals(List.of(), problems, p.name());
      }
    }
  }

  @Test
  void validate_80GaToU2DriversOnU3Sample_vmkapiLevelsProvided() throws Exception {
    DepotContent c =
        SampleContent.of(SampleVersion.V8_0, BootImages.placeholders("test"), EventHandlers.none());
    Map<VibId, VibDescriptor> descriptors = new HashMap<>();
    c.vibs().forEach(x -> descriptors.put(x.descriptor().id(), x.descriptor()));
    ImageProfile u3 =
        c.profiles().stream()
            .filter(p -> p.name().equals("ESXi-8.0U3-24022510-standard"))
            .findFirst()
            .orElseThrow();
    VibDescriptor esxBase =
        descriptors.values().stream()
            .filter(d -> d.name().equals("esx-base") && u3.vibIds().contains(d.id()))
            .findFirst()
            .orElseThrow();
    // docs/formats.md §8.6: 2_13 with its incompat twin, and 2_10 (GA) to 2_12 (U2)
    assertEquals(
        List.of(
            "vmkapi_2_13_0_0",
            "vmkapi_2_12_0_0",
            "vmkapi_2_11_0_0",
            "vmkapi_2_10_0_0",
            "vmkapi_incompat_2_13_0_0"),
        esxBase.relationships().provides().stream()
            .map(p -> p.name())
            .filter(n -> n.startsWith("vmkapi_"))
            .toList());
    // a driver of each level (the current one also needs the incompat twin, as VMware's 8.0U3
    // fling does), and the real 8.0 GA-level lsi-mr3 (depends on vmkapi_2_10_0_0)
    List<VibDescriptor> drivers = new java.util.ArrayList<>();
    for (String level : List.of("2_10", "2_11", "2_12", "2_13")) {
      org.esxforge.profile.TestVibs b =
          org.esxforge.profile.TestVibs.vib("drv" + level, "1")
              .depends("vmkapi_" + level + "_0_0")
              .platform("8.0");
      drivers.add((level.equals("2_13") ? b.depends("vmkapi_incompat_2_13_0_0") : b).build());
    }
    try (org.esxforge.vib.VibFile f =
        org.esxforge.vib.VibFile.open(org.esxforge.testing.Fixtures.real("lsimr3-mod-8x.vib"))) {
      drivers.add(org.esxforge.vib.DescriptorXml.parse(f.descriptorBytes(), "lsimr3-mod-8x.vib"));
    }
    for (VibDescriptor driver : drivers) {
      String level = driver.name();
      Map<VibId, VibDescriptor> m = new HashMap<>(descriptors);
      m.put(driver.id(), driver);
      ImageProfile.Builder b = u3.toBuilder().addVib(driver.id());
      for (VibId id : u3.vibIds()) { // the driver replaces the in-box one of the same name
        if (descriptors.get(id).name().equals(driver.name())) {
          b.removeVib(id);
        }
      }
      ImageProfile p = b.build();
      assertEquals(
          List.of(),
          ProfileValidator.validate(p, m, new ValidationContext(Map.of(), false, false)),
          level);
    }
  }
}
