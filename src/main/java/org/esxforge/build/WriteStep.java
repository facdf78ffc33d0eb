package org.esxforge.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.ImgDb;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.PxeTree;
import org.esxforge.iso.IsoSource;

/**
 * Writes the ISO, the offline bundle and the PXE tree, each to a hidden temp file or folder
 * beside its target; {@link CommitStep} moves them into place. The ISO and the PXE tree share one
 * installer image (IMGPAYLD.TGZ is written once, into the build's temp directory). In a dry run
 * nothing is written: {@link DryRun} measures what would be.
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
    try {
      if (c.plan != null) {
        IsoSource ks = req.kickstart() == null ? null : IsoSource.file(req.kickstart());
        InstallerIsoExporter.Inputs in = new InstallerIsoExporter.Inputs(c.profile,
            c.descriptors, c.local.databaseFiles(), c.bulletins, List.of(), c.local.payloads(),
            ks, c.time);
        c.image = req.dryRun() ? InstallerIsoExporter.plannedImage(c.plan, in)
            : InstallerIsoExporter.image(c.plan, in, imgPayld(c, in));
      }
    } catch (ImagePlanException e) {
      throw new BuildException(e.getMessage(), e);
    }
    if (req.dryRun()) {
      c.planned = DryRun.outputs(req, c.image, c.plan, c.profile, c.local, c.bulletins, c.time,
          c.temp);
      return;
    }
    if (req.iso() != null) {
      c.events.lifecycle("writing ISO " + req.iso() + " (" + c.plan.files().size() + " files)");
      c.writer.write(c.image, c.outputs.temp(req.iso()));
    }
    if (req.bundle() != null) {
      c.events.lifecycle("writing offline bundle " + req.bundle());
      BundleExport.write(c.profile, c.local, c.bulletins, c.time, c.outputs.temp(req.bundle()));
    }
    if (req.pxe() != null) {
      c.events.lifecycle("writing PXE tree " + req.pxe());
      PxeTree.write(PxeTree.files(c.image, c.plan.bootCfg(), c.profile.name()),
          c.outputs.tempDir(req.pxe()), c.time);
    }
  }

  /** Writes IMGPAYLD.TGZ into the build's temp directory. */
  private static Path imgPayld(BuildContext c, InstallerIsoExporter.Inputs in)
      throws IOException {
    Path payld = c.temp.resolve("imgpayld.tgz");
    try (OutputStream out = Files.newOutputStream(payld)) {
      ImgDb.writeImgPayld(c.plan.modules(), in.descriptors(), in.payloads(), in.buildTime(), out);
    }
    return payld;
  }
}
