package org.esxforge.profile;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ReplacedVibsTest {
  @Test
  void of_sameNameReplacesConstraintAndPlainRemoval_onlyTheReplacedOnes() {
    VibDescriptor lpfc = vib("lpfc", "12.4-5vmw").build();
    VibDescriptor oemLpfc = vib("lpfc", "14.0-1OEM").vendor("EMU").build();
    VibDescriptor qla = vib("qlnativefc", "4.0-3vmw").build();
    VibDescriptor qlaOem =
        vib("qlnativefc-oem", "4.1-1OEM").vendor("QLC").replaces("qlnativefc").build();
    VibDescriptor hpnmi = vib("hpnmi", "1").build();
    VibDescriptor kept = vib("ne1000", "1").build();
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (VibDescriptor d : List.of(lpfc, oemLpfc, qla, qlaOem, hpnmi, kept)) {
      m.put(d.id(), d);
    }
    ImageProfile base =
        ImageProfile.builder("base", AcceptanceLevel.PARTNER)
            .vibIds(List.of(lpfc.id(), qla.id(), hpnmi.id(), kept.id()))
            .build();
    // hpnmi removed by the user with nothing in its place: not reserved
    ImageProfile built =
        base.toBuilder()
            .removeVib(lpfc.id())
            .addVib(oemLpfc.id())
            .removeVib(qla.id())
            .addVib(qlaOem.id())
            .removeVib(hpnmi.id())
            .build();
    assertEquals(List.of(lpfc.id(), qla.id()), ReplacedVibs.of(base, built, m));
    assertEquals(List.of(), ReplacedVibs.of(base, base, m));
  }
}
