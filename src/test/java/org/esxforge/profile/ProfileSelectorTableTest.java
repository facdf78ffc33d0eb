package org.esxforge.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.InvalidModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code latest…} selectors on a depot of real-world VMware profile names (security-only {@code
 * …s…} patches, {@code -no-tools}, GA / update / patch letters, 9.x four-part versions). A string
 * sort (ESXi-Customizer-PS) would pick {@code ESXi-8.0sb-…} or {@code ESXi-7.0U3si-…}; the resolver
 * orders by version and build.
 */
class ProfileSelectorTableTest {
  private static final List<String> NAMES =
      List.of(
          "ESXi-7.0.0-15843807-standard",
          "ESXi-7.0bs-16321839-standard",
          "ESXi-7.0b-16324942-standard",
          "ESXi-7.0U2a-17867351-standard",
          "ESXi-7.0U2sc-18295176-standard",
          "ESXi-7.0U3si-20841705-standard",
          "ESXi-7.0U3i-20842708-standard",
          "ESXi-7.0U3i-20842708-no-tools",
          "ESXi-7.0U3sq-23794019-standard",
          "ESXi-7.0U3q-23794027-standard",
          "ESXi-8.0-20513097-standard",
          "ESXi-8.0a-20842819-standard",
          "ESXi-8.0sb-21203431-standard",
          "ESXi-8.0c-21493926-standard",
          "ESXi-8.0U2-22380479-standard",
          "ESXi-8.0U3-24022510-standard",
          "ESXi-8.0U3sb-24262298-standard",
          "ESXi-8.0U3b-24280767-standard",
          "ESXi-8.0U3b-24280767-no-tools",
          "ESXi-8.0U3se-24659227-standard",
          "ESXi-8.0U3e-24674464-standard",
          "ESXi-9.0.0.0100-24813472-standard",
          "ESXi-9.0.0.0100-24813472-no-tools",
          "ESXi-9.1.0.0100-25433460-no-tools");

  private static List<ImageProfile> depot(List<String> names) {
    List<ImageProfile> ps = new ArrayList<>();
    for (String n : names) {
      ps.add(ImageProfile.builder(n, AcceptanceLevel.PARTNER).build());
    }
    return ps;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "latest, ESXi-9.0.0.0100-24813472-standard",
    "latest:standard, ESXi-9.0.0.0100-24813472-standard",
    "latest:9, ESXi-9.0.0.0100-24813472-standard",
    "latest:9.1, ",
    "latest:8.0, ESXi-8.0U3e-24674464-standard",
    "latest:8.0U3, ESXi-8.0U3e-24674464-standard",
    "latest:8.0U2, ESXi-8.0U2-22380479-standard",
    "latest:7.0, ESXi-7.0U3q-23794027-standard",
    "latest:7.0U3, ESXi-7.0U3q-23794027-standard",
    "latest:7.0U2, ESXi-7.0U2a-17867351-standard",
    "latest:7.0U2:security, ESXi-7.0U2sc-18295176-standard",
    "latest:security:7.0U2, ESXi-7.0U2sc-18295176-standard",
    "latest:6.7, ",
    "latest:no-tools, ESXi-9.1.0.0100-25433460-no-tools",
    "latest:7.0:no-tools, ESXi-7.0U3i-20842708-no-tools",
    "latest:8.0U3:no-tools, ESXi-8.0U3b-24280767-no-tools",
    "latest:any-tools, ESXi-9.1.0.0100-25433460-no-tools",
    "latest:9.0:any-tools, ESXi-9.0.0.0100-24813472-standard",
  })
  void latest_realWorldNames_picksByVersionAndBuild(String selector, String expected)
      throws Exception {
    var c = ProfileNames.latest(depot(NAMES), ProfileNames.selection(selector));
    assertEquals(expected, c.map(x -> x.profile().name()).orElse(null), selector);
  }

  @Test
  void latest_onlyGaEraEight_neverStringSortsToSecurityPatch() throws Exception {
    List<String> eight =
        List.of(
            "ESXi-8.0-20513097-standard",
            "ESXi-8.0a-20842819-standard",
            "ESXi-8.0sb-21203431-standard",
            "ESXi-8.0c-21493926-standard");
    // as strings, "ESXi-8.0sb-…" sorts last and would be picked
    assertEquals(
        "ESXi-8.0sb-21203431-standard", eight.stream().sorted().reduce((a, b) -> b).orElseThrow());
    var c = ProfileNames.latest(depot(eight), ProfileNames.selection("latest:8.0")).orElseThrow();
    assertEquals("ESXi-8.0c-21493926-standard", c.profile().name());
    assertTrue(c.reason().contains("skipped 1 security-only"), c.reason());
    List<String> seven = List.of("ESXi-7.0U3i-20842708-standard", "ESXi-7.0U3si-20841705-standard");
    assertEquals(
        "ESXi-7.0U3i-20842708-standard",
        ProfileNames.latest(depot(seven), ProfileNames.selection("latest"))
            .orElseThrow()
            .profile()
            .name());
  }

  @Test
  void selection_malformed_throws() {
    for (String bad : List.of("newest", "latest:8.0U", "latest:7.0:8.0", "latest:gold")) {
      assertThrows(InvalidModelException.class, () -> ProfileNames.selection(bad), bad);
    }
  }
}
