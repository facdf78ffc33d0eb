package org.esxforge.profile;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {

  @Test
  void diff_editedProfile_classifiesEveryVib() {
    Map<VibId, VibDescriptor> m = new HashMap<>();
    VibDescriptor a1 = vib("a", "1.9-1").build();
    VibDescriptor a2 = vib("a", "1.10-1").build();
    VibDescriptor b1 = vib("b", "2.0-1").build();
    VibDescriptor b0 = vib("b", "1.0-1").build();
    VibDescriptor c = vib("c", "1.0-1").build();
    VibDescriptor c2 = vib("c", "1.0-1").vendor("ACME").build();
    VibDescriptor gone = vib("gone", "1").build();
    VibDescriptor fresh = vib("fresh", "1").build();
    VibDescriptor same = vib("same", "1").build();
    for (VibDescriptor d : List.of(a1, a2, b1, b0, c, c2, gone, fresh, same)) {
      m.put(d.id(), d);
    }
    ImageProfile ref =
        ImageProfile.builder("ref", AcceptanceLevel.PARTNER)
            .vibIds(List.of(a1.id(), b1.id(), c.id(), gone.id(), same.id()))
            .build();
    ImageProfile comp =
        ImageProfile.builder("comp", AcceptanceLevel.COMMUNITY)
            .vibIds(List.of(a2.id(), b0.id(), c2.id(), fresh.id(), same.id()))
            .build();
    ProfileDiff d = ProfileDiff.diff(ref, comp, m);
    assertEquals(
        "--- ref\n+++ comp\nacceptance level: partner -> community\n"
            + "- VMW_bootbank_gone_1\n+ VMW_bootbank_fresh_1\n"
            + "~ a upgraded: VMW_bootbank_a_1.9-1 -> VMW_bootbank_a_1.10-1\n"
            + "~ b downgraded: VMW_bootbank_b_2.0-1 -> VMW_bootbank_b_1.0-1\n"
            + "~ c changed: VMW_bootbank_c_1.0-1 -> ACME_bootbank_c_1.0-1\n"
            + "1 unchanged\n",
        d.toText());
    assertEquals(
        "{reference=ref, compared=comp, added=[VMW_bootbank_fresh_1], removed=[VMW_bootbank_gone_1],"
            + " upgraded=[{name=a, from=VMW_bootbank_a_1.9-1, to=VMW_bootbank_a_1.10-1}],"
            + " downgraded=[{name=b, from=VMW_bootbank_b_2.0-1, to=VMW_bootbank_b_1.0-1}],"
            + " changed=[{name=c, from=VMW_bootbank_c_1.0-1, to=ACME_bootbank_c_1.0-1}],"
            + " unchanged=1, acceptanceLevel={reference=partner, compared=community}}",
        d.toJsonTree().toString());
    assertEquals(true, ProfileDiff.diff(ref, ref, Map.of()).isEmpty());
  }

  /**
   * Names with two versions on a side, names first or last in either profile, and names on one side
   * only, interleaved: each name is judged once, in name order.
   */
  @Test
  void diff_severalVersionsAndOneSidedNames_addedRemovedAndUnchangedPerName() {
    Map<VibId, VibDescriptor> m = new HashMap<>();
    VibDescriptor a = vib("a", "1").build();
    VibDescriptor m1 = vib("m", "1").build();
    VibDescriptor m2 = vib("m", "2").build();
    VibDescriptor m3 = vib("m", "3").build();
    VibDescriptor n = vib("n", "1").build();
    VibDescriptor p1 = vib("p", "1").build();
    VibDescriptor p2 = vib("p", "2").build();
    VibDescriptor z = vib("z", "1").build();
    for (VibDescriptor d : List.of(a, m1, m2, m3, n, p1, p2, z)) {
      m.put(d.id(), d);
    }
    ImageProfile ref =
        ImageProfile.builder("ref", AcceptanceLevel.PARTNER)
            .vibIds(List.of(a.id(), m1.id(), m2.id(), p1.id()))
            .build();
    ImageProfile comp =
        ImageProfile.builder("comp", AcceptanceLevel.PARTNER)
            .vibIds(List.of(m2.id(), m3.id(), n.id(), p1.id(), p2.id(), z.id()))
            .build();
    ProfileDiff d = ProfileDiff.diff(ref, comp, m);
    assertEquals(List.of(m3.id(), n.id(), p2.id(), z.id()), d.added());
    assertEquals(List.of(a.id(), m1.id()), d.removed());
    assertEquals(2, d.unchanged()); // m 2 and p 1
    assertEquals(List.of(), d.upgraded());
    ProfileDiff back = ProfileDiff.diff(comp, ref, m);
    assertEquals(d.removed(), back.added());
    assertEquals(d.added(), back.removed());
    assertEquals(2, back.unchanged());
  }
}
