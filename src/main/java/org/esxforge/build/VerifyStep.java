package org.esxforge.build;

import java.io.IOException;
import org.esxforge.vib.VibVerifier;

/**
 * Verifies every VIB of the new profile (payload checksums, descriptor, signature), fetching
 * remote VIBs into the build's temp directory first.
 *
 * <p>Stateless and thread-safe.
 */
final class VerifyStep implements BuildStep {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public void run(BuildContext c) throws IOException {
    c.events.lifecycle("verifying " + c.members.size() + " VIBs");
    c.local = LocalVibs.of(c.members,
        new VibVerifier.Options(c.request.signatureCheck(), c.request.trust(), java.util.Set.of()),
        c.temp, c.events);
    if (c.request.signatureCheck()) {
      c.events.info("signatures: " + c.local.signatureSummary());
    }
  }
}
