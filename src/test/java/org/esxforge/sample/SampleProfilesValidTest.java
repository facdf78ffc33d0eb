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
      c.vibs().forEach(x -> {
        descriptors.put(x.descriptor().id(), x.descriptor());
        signatures.put(x.descriptor().id(), SignatureStatus.VALID);
      });
      for (ImageProfile p : c.profiles()) {
        List<Problem> problems = ProfileValidator.validate(p, descriptors,
            ValidationContext.forIso().withSignatures(signatures));
        assertEquals(List.of(), problems, p.name());
      }
    }
  }
}
