/**
 * The {@code esxforge build} pipeline (issue 5): {@link org.esxforge.build.BuildPipeline#run} takes
 * a {@link org.esxforge.build.BuildRequest} (depots, base selector, edits, outputs) and returns a
 * {@link org.esxforge.build.BuildResult}; {@link org.esxforge.build.IsoVerifier} checks a finished
 * installer ISO.
 *
 * <p>A build is a list of named steps ({@code BuildStep}) sharing one {@code BuildContext}, run on
 * one open catalog:
 *
 * <ol>
 *   <li>{@code ResolveStep}: pick the base ({@link org.esxforge.build.BaseSelector}), edit a clone
 *       (profile.ProfileEditor), stamp the build time, find every VIB in the catalog;
 *   <li>{@code VerifyStep}: verify every VIB of the new profile (vib.VibVerifier, remote VIBs
 *       materialised first);
 *   <li>{@code ValidateStep}: collect corrupt-VIB, signature and profile problems
 *       (profile.ProfileValidator); stop unless {@code force};
 *   <li>{@code PlanStep}: bulletins, and the installer-image plan (image.IsoPlan);
 *   <li>{@code WriteStep}: the ISO (image.InstallerIsoExporter, payloads as zero-copy regions of
 *       the verified VIB files) and the offline bundle (bundle.DepotWriter, VIB bytes unchanged),
 *       each to a temp file beside its target;
 *   <li>{@code CommitStep}: move the outputs into place, all-or-nothing, and assemble the result.
 * </ol>
 */
package org.esxforge.build;
