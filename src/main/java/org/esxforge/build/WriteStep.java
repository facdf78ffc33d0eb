package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.ModulePlan;
import org.esxforge.image.PxeTree;
import org.esxforge.io.Messages;
import org.esxforge.iso.IsoSource;
import org.esxforge.vib.VibVerifier;

/**
 * Writes the ISO, the offline bundle and the PXE tree, each to a hidden temp file or folder beside
 * its target; {@link CommitStep} moves them into place. The ISO and the PXE tree share one
 * installer image, whose generated archives (IMGPAYLD.TGZ, and BASEMISC.TGZ/RESVIBS.TGZ where the
 * release has them) are written once into the build's temp directory. In a dry run no output is
 * written: {@link DryRun} measures what would be.
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
    if (c.plan != null) {
      IsoSource ks = req.kickstart() == null ? null : IsoSource.file(req.kickstart());
      // the base image's VIBs (BASEMISC.TGZ) and the base VIBs the build replaced (RESVIBS.TGZ,
      // IMGDB reservedComponents/), docs/formats.md §8.4
      // (the base is the base profile, or the base image alone for a spec build: what an add-on
      // replaced is reserved too)
      BaseImageFiles base =
          BaseImageFiles.of(
              c.catalog,
              c.base().base(),
              c.profile(),
              c.model(),
              ModulePlan.hasBaseMisc(c.plan().modules().release()),
              new VibVerifier.Options(req.signatureCheck(), req.trust(), java.util.Set.of()),
              c.temp,
              c.events);
      InstallerIsoExporter.Inputs in =
          new InstallerIsoExporter.Inputs(
              c.profile(),
              c.descriptors(),
              c.local().databaseFiles(),
              c.bulletins(),
              base.reservedComponents(),
              c.local().payloads(),
              ks,
              c.time(),
              base.baseVibs(),
              base.reservedVibs(),
              c.model().releaseUnits());
      Path archives = Files.createDirectories(c.temp.resolve("image"));
      try {
        c.image = InstallerIsoExporter.writtenImage(c.plan(), in, archives);
      } catch (ImagePlanException e) {
        throw new BuildException(Messages.of(e), e);
      }
    }
    if (req.dryRun()) {
      c.planned =
          DryRun.outputs(
              req, c.image(), c.plan(), c.profile(), c.local(), c.model(), c.time(), c.temp);
      return;
    }
    if (req.iso() != null) {
      c.events.lifecycle("writing ISO " + req.iso() + " (" + c.plan().files().size() + " files)");
      c.outputs.written(req.iso(), c.writer().write(c.image(), c.outputs.temp(req.iso())).sha256());
    }
    if (req.bundle() != null) {
      c.events.lifecycle("writing offline bundle " + req.bundle());
      c.outputs.written(
          req.bundle(),
          BundleExport.write(
              c.profile(), c.local(), c.model(), c.time(), c.outputs.temp(req.bundle())));
    }
    if (req.pxe() != null) {
      c.events.lifecycle("writing PXE tree " + req.pxe());
      PxeTree.write(
          PxeTree.files(c.image(), c.plan().bootCfg(), c.profile().name()),
          c.outputs.tempDir(req.pxe()),
          c.time());
    }
    c.model().writeSpecFiles(req, c.outputs);
  }
}
