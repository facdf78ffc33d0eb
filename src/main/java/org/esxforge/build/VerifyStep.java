package org.esxforge.build;

import java.io.IOException;
import org.esxforge.vib.VibVerifier;

/**
 * Verifies every VIB of the new profile (payload checksums, descriptor, signature), fetching remote
 * VIBs into the build's temp directory first.
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
    // the VIBs of the components the bundle carries beside the image's (reserved and removed
    // ones, so that it is a vLCM depot) are verified too
    java.util.List<org.esxforge.depot.CatalogVib> vibs = new java.util.ArrayList<>(c.members());
    if (c.request.bundle() != null) {
      vibs.addAll(c.model().carriedVibs(c.catalog, c.profile()));
    }
    c.events.lifecycle("verifying " + vibs.size() + " VIBs");
    c.local =
        LocalVibs.of(
            vibs,
            new VibVerifier.Options(
                c.request.signatureCheck(), c.request.trust(), java.util.Set.of()),
            c.temp,
            c.events,
            c.request.writesImage());
    if (c.request.signatureCheck()) {
      c.events.info("signatures: " + c.local().signatureSummary());
    }
  }
}
