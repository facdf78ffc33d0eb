package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.ModulePlan;
import org.esxforge.iso.IsoSource;
import org.esxforge.vib.VibVerifier;

/**
 * Writes the ISO and the offline bundle, each to a hidden temp file beside its target; {@link
 * CommitStep} moves them into place.
 *
 * <p>Stateless and thread-safe.
 */
final class WriteStep implements BuildStep {
  @Override
  public String name() {
    return "write";
  }

  @Override
  public void run(BuildContext c) throws IOException, BuildException {
    BuildRequest req = c.request;
    if (req.iso() != null) {
      IsoSource ks = req.kickstart() == null ? null : IsoSource.file(req.kickstart());
      // the base image's VIBs (BASEMISC.TGZ) and the base VIBs the build replaced (RESVIBS.TGZ,
      // IMGDB reservedComponents/), docs/formats.md §8.4
      BaseImageFiles base = BaseImageFiles.of(c.catalog, c.base.profile(), c.profile,
          ModulePlan.hasBaseMisc(c.plan.modules().release()),
          new VibVerifier.Options(req.signatureCheck(), req.trust(), java.util.Set.of()), c.temp,
          c.events);
      InstallerIsoExporter.Inputs in = new InstallerIsoExporter.Inputs(c.profile, c.descriptors,
          c.local.databaseFiles(), c.bulletins, base.reservedComponents(), c.local.payloads(), ks,
          c.time, base.baseVibs(), base.reservedVibs());
      Path tmp = c.outputs.temp(req.iso());
      c.events.lifecycle("writing ISO " + req.iso() + " (" + c.plan.files().size() + " files)");
      try {
        InstallerIsoExporter.export(c.plan, in, c.writer, tmp);
      } catch (ImagePlanException e) {
        throw new BuildException(e.getMessage(), e);
      }
    }
    if (req.bundle() != null) {
      c.events.lifecycle("writing offline bundle " + req.bundle());
      BundleExport.write(c.profile, c.local, c.bulletins, c.time, c.outputs.temp(req.bundle()));
    }
  }
}
