package org.esxforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftwareVersionTest {

  private static SoftwareVersion v(String s) {
    return new SoftwareVersion(s);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    // release is compared before platform digits (v-front's example, esxi-formats §4.8)
    "1.0-2vmw.600.0.0.2494585, 1.0-3vmw.550.0.0.1331820",
    "1.14-1vmw.803.0.0.75399077, 1.15-1vmw.800.1.0.20613240",
    "7.0.0-1.0.15843807, 7.0.0-1.25.16324942",
    "7.0.0-1.0.15843807, 7.0.1-0.0.16850804",
    "9.011.00-10, 9.012.00-1",
    "8.045a-napi, 8.045b-napi",
    "1.9-1, 1.10-1",
    "1.0, 1.0-1",
    "1.0-1, 1.0.1-1",
    "2.0.0.22-1vmw.700.1.0.15843807, 2.0.0.30-1vmw.700.1.0.15843807",
    "12.0.1200.0-2vmw.700.1.0.15843807, 12.0.1250.0-5vmw.700.1.0.15843807",
    // a digit run sorts before a letter run at the same position
    "1.0.1-1, 1.0.a-1",
  })
  void compareTo_orderedPairs_followVmwareRules(String lower, String higher) {
    assertTrue(v(lower).compareTo(v(higher)) < 0, lower + " < " + higher);
    assertTrue(v(higher).compareTo(v(lower)) > 0, higher + " > " + lower);
  }

  @Test
  void compareSemantically_leadingZeros_areEqualButTotalOrderStaysConsistent() {
    assertEquals(0, v("9.011.00-10").compareSemantically(v("9.11.0-10")));
    assertTrue(v("9.011.00-10").compareTo(v("9.11.0-10")) != 0);
  }

  @Test
  void sort_shuffledVersions_givesTheSameOrderEveryTime() {
    List<SoftwareVersion> expected =
        List.of(
            v("0.1-1vmw.700.1.0.15843807"),
            v("1.0-1"),
            v("1.2.2.13-1vmw.700.1.0.15843807"),
            v("1.10-1"),
            v("7.0.0-1.0.15843807"),
            v("7.0.0-1.25.16324942"),
            v("11.0.5.15389592-15843807"));
    Random r = new Random(42);
    for (int i = 0; i < 20; i++) {
      List<SoftwareVersion> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, r);
      Collections.sort(shuffled);
      assertEquals(expected, shuffled);
    }
  }

  @Test
  void parse_blank_throwsWithInput() {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> SoftwareVersion.parse("  "));
    assertEquals("invalid version '  ': empty", e.getMessage());
  }

  @Test
  void relation_test_usesSemanticComparison() throws Exception {
    assertTrue(Relation.parse(">=").test(v("7.0.0-1.0.15843807"), v("7.0.0")));
    assertTrue(Relation.parse("<<").test(v("6.7.0-3.0"), v("7.0.0")));
    assertTrue(Relation.parse("=").test(v("9.011.00-10"), v("9.11.0-10")));
  }

  @Test
  void softwarePlatform_admits_prefixAtDotBoundaryAndGlobs() {
    assertTrue(new SoftwarePlatform("7.0", "", "embeddedEsx").admits("7.0.3"));
    assertTrue(new SoftwarePlatform("5.*", "", "embeddedEsx").admits("5.5.0"));
    assertTrue(new SoftwarePlatform("", "", "embeddedEsx").admits("8.0.3"));
    assertTrue(!new SoftwarePlatform("7.0", "", "embeddedEsx").admits("7.01"));
    assertTrue(!new SoftwarePlatform("8.0", "", "embeddedEsx").admits("7.0.0"));
  }

  @Test
  void acceptanceLevel_allows_onlyEqualOrHigherTrust() throws Exception {
    assertTrue(AcceptanceLevel.PARTNER.allows(AcceptanceLevel.CERTIFIED));
    assertTrue(!AcceptanceLevel.PARTNER.allows(AcceptanceLevel.COMMUNITY));
    assertEquals(AcceptanceLevel.COMMUNITY, AcceptanceLevel.parse("CommunitySupported"));
  }
}
