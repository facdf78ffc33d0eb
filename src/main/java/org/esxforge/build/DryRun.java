package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.esxforge.image.BootCfg;
import org.esxforge.image.IsoPlan;
import org.esxforge.image.PxeTree;
import org.esxforge.io.TempDirectories;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.ImageProfile;
import org.jspecify.annotations.Nullable;

/**
 * The outputs {@code build --dry-run} reports instead of writing them. Nothing is written at any
 * output path, and no output directory is created:
 *
 * <ul>
 *   <li>ISO: its exact size with the built-in writer, from the layout of the image (its generated
 *       archives are in the build's temp directory, every file's size is known). No SHA-256 (the
 *       image is not written).
 *   <li>PXE tree: the sum of its files' sizes.
 *   <li>Bundle: written to the build's own temp directory (deleted at once) to measure its exact
 *       size: a bundle is mostly the {@code .vib} files copied as they are, so this is cheap.
 * </ul>
 *
 * Every planned output has a null SHA-256 (nothing at the output path to hash).
 *
 * <p>Stateless and thread-safe.
 */
final class DryRun {
  private DryRun() {}

  /**
   * The outputs {@code req} asks for, measured.
   *
   * @param image the installer image; set whenever {@code req} asks for an ISO or a PXE tree (a
   *     bundle-only build has none)
   * @param plan the image's plan, set with {@code image}
   */
  static List<BuildResult.Output> outputs(
      BuildRequest req,
      @Nullable IsoImage image,
      @Nullable IsoPlan plan,
      ImageProfile profile,
      LocalVibs local,
      ImageModel bulletins,
      Instant time,
      Path temp)
      throws IOException {
    List<BuildResult.Output> out = new ArrayList<>();
    if (req.iso() != null) {
      out.add(
          new BuildResult.Output(
              BuildResult.OutputKind.ISO,
              req.iso().toAbsolutePath(),
              IsoWriters.plannedSize(Objects.requireNonNull(image, "image")),
              null));
    }
    if (req.bundle() != null) {
      Path tmp = temp.resolve("dry-run-bundle.zip");
      try {
        BundleExport.write(profile, local, bulletins, time, tmp);
        out.add(
            new BuildResult.Output(
                BuildResult.OutputKind.BUNDLE,
                req.bundle().toAbsolutePath(),
                java.nio.file.Files.size(tmp),
                null));
      } finally {
        TempDirectories.deleteTree(tmp);
      }
    }
    if (req.pxe() != null) {
      long size = 0;
      IsoImage pxeImage = Objects.requireNonNull(image, "image");
      BootCfg bootCfg = Objects.requireNonNull(plan, "plan").bootCfg();
      for (IsoSource s : PxeTree.files(pxeImage, bootCfg, profile.name()).values()) {
        size += s.size();
      }
      out.add(
          new BuildResult.Output(
              BuildResult.OutputKind.PXE, req.pxe().toAbsolutePath(), size, null));
    }
    return out;
  }
}
