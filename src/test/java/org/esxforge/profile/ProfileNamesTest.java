package org.esxforge.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.InvalidModelException;
import org.esxforge.profile.ProfileNames.ProfileName;
import org.esxforge.profile.ProfileNames.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileNamesTest {

  @ParameterizedTest
  @CsvSource({
    // name, version, update, patch, security, build, noTools
    "ESXi-8.0U3-24022510-standard, 8.0, 3, '', false, 24022510, false",
    "ESXi-8.0U3b-24280767-no-tools, 8.0, 3, b, false, 24280767, true",
    "ESXi-8.0sb-21203431-standard, 8.0, -1, b, true, 21203431, false",
    "ESXi-8.0c-21493926-standard, 8.0, -1, c, false, 21493926, false",
    "ESXi-7.0U3si-20841705-standard, 7.0, 3, i, true, 20841705, false",
    "ESXi-7.0U3i-20842708-standard, 7.0, 3, i, false, 20842708, false",
    "ESXi-7.0bs-16321839-standard, 7.0, -1, b, true, 16321839, false",
    "ESXi-7.0U1sc-17325020-no-tools, 7.0, 1, c, true, 17325020, true",
    "ESXi-7.0.0-15843807-standard, 7.0.0, -1, '', false, 15843807, false",
    "ESXi-6.7.0-20191204001s-standard, 6.7.0, -1, '', true, 20191204001, false",
    "ESXi-9.0.0.0100-24813472-standard, 9.0.0.0100, -1, '', false, 24813472, false",
    "ESXi-9.1.0.0100-25433460-no-tools, 9.1.0.0100, -1, '', false, 25433460, true",
    "ESXi-5.5U1-1623589-RollupISO-standard, 5.5, 1, '', false, 1623589, false",
  })
  void parse_realNames_fields(
      String text,
      String version,
      int update,
      String patch,
      boolean sec,
      long build,
      boolean noTools)
      throws Exception {
    ProfileName n = ProfileNames.parse(text);
    assertEquals(version, n.version());
    assertEquals(update, n.update());
    assertEquals(patch, n.patch());
    assertEquals(sec, n.securityOnly());
    assertEquals(build, n.build());
    assertEquals(noTools, n.noTools());
  }

  @Test
  void parse_notAProfileName_throwsWithInput() {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> ProfileNames.parse("my-custom-profile"));
    assertEquals(
        "invalid profile name 'my-custom-profile': expected"
            + " ESXi-<version>[U<n>][<letter>][s]-<build>-standard|no-tools",
        e.getMessage());
  }

  private static ImageProfile p(String name, String created) {
    return ImageProfile.builder(name, AcceptanceLevel.PARTNER)
        .creationTime(created == null ? null : Instant.parse(created))
        .build();
  }

  @Test
  void latest_mixedDepot_buildNumberNotStringOrder() {
    List<ImageProfile> ps =
        List.of(
            p("ESXi-7.0U3o-22348816-standard", null),
            p("ESXi-7.0U3i-20842708-standard", null),
            p("ESXi-7.0U3si-22348808-standard", null),
            p("ESXi-7.0U3o-22348816-no-tools", null),
            p("ESXi-8.0-20513097-standard", null),
            p("ESXi-8.0a-20842819-standard", null),
            p("ESXi-8.0sb-21203431-standard", null),
            p("ESXi-8.0U3-24022510-standard", null),
            p("ESXi-8.0U3sb-24262298-standard", null),
            p("ESXi-8.0U3b-24280767-standard", null),
            p("ESXi-8.0U3b-24280767-no-tools", null),
            p("not a vmware name", null));
    ProfileNames.Choice c = ProfileNames.latest(ps, Selection.standard()).orElseThrow();
    assertEquals("ESXi-8.0U3b-24280767-standard", c.profile().name());
    assertEquals(
        "ESXi-8.0U3b-24280767-standard: highest build 24280767 among 6 candidates (skipped 3"
            + " security-only, 2 no-tools, 0 other-version, 1 unrecognised)",
        c.reason());
    assertEquals(
        "ESXi-7.0U3o-22348816-standard",
        ProfileNames.latest(ps, new Selection("7.0", false, false)).orElseThrow().profile().name());
    // with security-only and no-tools admitted, equal builds fall back to the name: standard
    assertEquals(
        "ESXi-8.0U3b-24280767-standard",
        ProfileNames.latest(ps, new Selection("8.0U3", true, true)).orElseThrow().profile().name());
    assertTrue(ProfileNames.latest(ps, new Selection("6.7", false, false)).isEmpty());
    assertTrue(ProfileNames.latest(ps, new Selection("8.0U", false, false)).isEmpty());
    assertEquals(
        "ESXi-8.0a-20842819-standard",
        ProfileNames.latest(ps.subList(4, 7), new Selection("8", false, false))
            .orElseThrow()
            .profile()
            .name());
  }

  @Test
  void latest_sameBuild_laterCreationTimeWins() {
    List<ImageProfile> ps =
        List.of(
            p("ESXi-6.7.0-20191204001-standard", "2019-12-05T00:00:00Z"),
            p("ESXi-6.7.0-20191204001-standard", "2019-12-06T00:00:00Z"),
            p("ESXi-6.7.0-8169922-standard", "2018-04-17T00:00:00Z"));
    ProfileNames.Choice c = ProfileNames.latest(ps, Selection.standard()).orElseThrow();
    assertEquals(Instant.parse("2019-12-06T00:00:00Z"), c.profile().creationTime());
  }
}
