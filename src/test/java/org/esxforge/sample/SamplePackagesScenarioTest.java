package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.bundle.DepotContent;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidator;
import org.esxforge.profile.SignatureStatus;
import org.esxforge.profile.ValidationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples/ relationships behave as samples/README.md says, on the 7.0b sample base. */
class SamplePackagesScenarioTest {
  @TempDir Path tmp;

  @Test
  void validate_samplesOnThe70bBase_hpnmiMissingVmkapiCommunityNeedsLowerLevel() throws Exception {
    DepotContent base =
        SampleContent.of(SampleVersion.V7_0, BootImages.placeholders("test"), EventHandlers.none());
    Map<VibId, VibDescriptor> d = new HashMap<>();
    Map<VibId, SignatureStatus> sig = new HashMap<>();
    base.vibs().forEach(v -> d.put(v.descriptor().id(), v.descriptor()));
    Map<String, VibId> byName = new HashMap<>();
    try (Catalog c =
        Depots.open(
            List.of(
                "samples/" + SamplePackages.HP_BUNDLE,
                "samples/" + SamplePackages.EMULEX_BUNDLE,
                "samples/" + SamplePackages.LOOSE_VIB),
            DepotOptions.defaults().withTempDir(tmp),
            EventHandlers.none())) {
      c.vibs()
          .values()
          .forEach(
              v -> {
                d.put(v.id(), v.descriptor());
                byName.put(v.descriptor().name(), v.id());
              });
    }
    d.forEach(
        (id, x) ->
            sig.put(
                id,
                x.acceptanceLevel() == AcceptanceLevel.COMMUNITY
                    ? SignatureStatus.UNSIGNED
                    : SignatureStatus.VALID));
    ValidationContext ctx = ValidationContext.forIso().withSignatures(sig);
    ImageProfile std =
        base.profiles().stream()
            .filter(p -> p.name().equals("ESXi-7.0b-16324942-standard"))
            .findFirst()
            .orElseThrow();
    VibId inboxLpfc =
        std.vibIds().stream()
            .filter(id -> d.get(id).name().equals("lpfc"))
            .findFirst()
            .orElseThrow();

    ImageProfile.Builder custom = std.toBuilder().name("custom").removeVib(inboxLpfc);
    for (String n : List.of("be2net", "be2iscsi", "lpfc820", "char-hpilo", "hp-ams")) {
      custom.addVib(byName.get(n));
    }
    assertEquals(List.of(), ProfileValidator.validate(custom.build(), d, ctx));

    List<Problem> withHpnmi =
        ProfileValidator.validate(custom.addVib(byName.get("hpnmi")).build(), d, ctx);
    assertEquals(1, withHpnmi.size(), withHpnmi.toString());
    assertEquals(Problem.Code.PLATFORM_MISMATCH, withHpnmi.get(0).code());
    assertTrue(withHpnmi.get(0).message().contains("vmkapi_2_9_0_0"), withHpnmi.toString());

    ImageProfile community =
        custom.removeVib(byName.get("hpnmi")).addVib(byName.get("net-r8168-sample")).build();
    assertEquals(
        List.of(Problem.Code.ACCEPTANCE_LEVEL),
        ProfileValidator.validate(community, d, ctx).stream().map(Problem::code).toList());
    assertEquals(
        List.of(),
        ProfileValidator.validate(
            community.toBuilder().acceptanceLevel(AcceptanceLevel.COMMUNITY).build(), d, ctx));
  }
}
