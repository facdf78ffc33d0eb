package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.InstallerIsoExporter;
import org.esxforge.image.ModulePlan;
import org.esxforge.image.PxeTree;
import org.esxforge.io.Messages;
import org.esxforge.io.Sha256;
import org.esxforge.io.ThreadFailures;
import org.esxforge.iso.IsoSource;
import org.esxforge.vib.VibVerifier;
import org.jspecify.annotations.Nullable;

/**
 * Writes the ISO, the offline bundle and the PXE tree, each to a hidden temp file or folder beside
 * its target; {@link CommitStep} moves them into place. The ISO and the PXE tree share one
 * installer image, whose generated archives (IMGPAYLD.TGZ, and BASEMISC.TGZ/RESVIBS.TGZ where the
 * release has them) are written once into the build's temp directory. In a dry run no output is
 * written: {@link DryRun} measures what would be.
 *
 * <p>Thread-safe: its state is the bundle writer it was made with.
 */
final class WriteStep implements BuildStep {
  /** Writes the offline bundle of a build to a temp file; returns the SHA-256 of its bytes. */
  @FunctionalInterface
  interface BundleWriter {
    Sha256 write(BuildContext c, Path temp) throws IOException;
  }

  private final BundleWriter bundles;

  WriteStep() {
    this(WriteStep::bundle);
  }

  /** A write step whose bundles {@code bundles} writes (tests inject failures with it). */
  WriteStep(BundleWriter bundles) {
    this.bundles = bundles;
  }

  @Override
  public String name() {
    return "write";
  }

  @Override
  public void run(BuildContext c) throws IOException, BuildException {
    BuildRequest req = c.request;
    InstallerIsoExporter.Inputs in = null;
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
      in =
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
    }
    if (!req.dryRun() && req.iso() != null && req.bundle() != null) {
      writeBoth(c, req.iso(), req.bundle(), java.util.Objects.requireNonNull(in, "planned"));
    } else {
      if (in != null) {
        image(c, in);
      }
      if (req.dryRun()) {
        // a bundle-only build has no installer image (the plan step makes one only for an ISO or
        // a PXE tree): the image and its plan are passed only when set
        c.planned =
            DryRun.outputs(
                req, c.image, c.plan, c.profile(), c.local(), c.model(), c.time(), c.temp);
        return;
      }
      if (req.iso() != null) {
        c.events.lifecycle("writing ISO " + req.iso() + " (" + c.plan().files().size() + " files)");
        c.outputs.written(
            req.iso(), c.writer().write(c.image(), c.outputs.temp(req.iso())).sha256());
      } else if (req.bundle() != null) {
        c.events.lifecycle("writing offline bundle " + req.bundle());
        c.outputs.written(req.bundle(), bundles.write(c, c.outputs.temp(req.bundle())));
      }
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

  /**
   * Makes the installer image of the plan: its generated archives (IMGDB.TGZ, IMGPAYLD.TGZ, …) are
   * written into the build's temp directory.
   */
  private static void image(BuildContext c, InstallerIsoExporter.Inputs in)
      throws IOException, BuildException {
    Path archives = Files.createDirectories(c.temp.resolve("image"));
    try {
      c.image = InstallerIsoExporter.writtenImage(c.plan(), in, archives);
    } catch (ImagePlanException e) {
      throw new BuildException(Messages.of(e), e);
    }
  }

  /**
   * Writes the offline bundle on a second thread while this one makes the installer image (its
   * gzip'd archives: 0.16 s of the full-size build on one core, before the ISO could start) and
   * then writes the ISO: each copies and hashes its own bytes. Measured on 2 cores
   * (bench/README.md), writing the two at the same time neither gained nor cost anything, since
   * each writer already keeps a second thread busy (the ISO's hashing, the bundle's entries); it is
   * kept for machines with more cores, where the two overlap. Both read the same verified local
   * VIBs; each writes only its own temp file. Whatever happens, this returns only when both writers
   * have stopped, so the caller's cleanup never races a writer still at work. When the image or the
   * ISO fails, the bundle writer is interrupted (its output is discarded anyway) and that failure
   * is thrown; when only the bundle fails, its failure is thrown after the ISO is done. The bytes
   * of each output do not depend on the other.
   */
  private void writeBoth(BuildContext c, Path iso, Path bundle, InstallerIsoExporter.Inputs in)
      throws IOException, BuildException {
    Path isoTemp = c.outputs.temp(iso);
    Path bundleTemp = c.outputs.temp(bundle);
    c.events.lifecycle("writing ISO " + iso + " (" + c.plan().files().size() + " files)");
    c.events.lifecycle("writing offline bundle " + bundle + " (at the same time)");
    BundleTask task = new BundleTask(bundles, c, bundleTemp);
    Thread thread = new Thread(task, "write-bundle");
    thread.setDaemon(true); // never keeps a failing JVM alive: every path below joins it first
    thread.start();
    Sha256 isoSha;
    try {
      image(c, in);
      isoSha = c.writer().write(c.image(), isoTemp).sha256();
    } catch (IOException | BuildException | RuntimeException | Error e) {
      thread.interrupt();
      ThreadFailures.joinUninterruptibly(thread);
      throw e;
    }
    ThreadFailures.joinUninterruptibly(thread);
    c.outputs.written(iso, isoSha);
    c.outputs.written(bundle, task.result());
  }

  private static Sha256 bundle(BuildContext c, Path temp) throws IOException {
    return BundleExport.write(c.profile(), c.local(), c.model(), c.time(), temp);
  }

  /** The bundle writer's run on its own thread: its digest, or what it threw. */
  private static final class BundleTask implements Runnable {
    private final BundleWriter writer;
    private final BuildContext c;
    private final Path temp;
    private volatile @Nullable Sha256 sha;
    private volatile @Nullable Throwable failure;

    BundleTask(BundleWriter writer, BuildContext c, Path temp) {
      this.writer = writer;
      this.c = c;
      this.temp = temp;
    }

    @Override
    public void run() {
      try {
        sha = writer.write(c, temp);
      } catch (Throwable t) { // handed to the writing thread, which rethrows it
        failure = t;
      }
    }

    /** The digest, once the thread has ended; rethrows the bundle writer's failure. */
    Sha256 result() throws IOException {
      Throwable t = failure;
      if (t != null) {
        throw ThreadFailures.toThrow(t);
      }
      return java.util.Objects.requireNonNull(sha, "bundle digest");
    }
  }
}
