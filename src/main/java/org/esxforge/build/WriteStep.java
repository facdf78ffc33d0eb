package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.iso.IsoSource;

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
      InstallerIsoExporter.Inputs in = new InstallerIsoExporter.Inputs(c.profile, c.descriptors,
          c.local.databaseFiles(), c.bulletins, List.of(), c.local.payloads(), ks, c.time);
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
