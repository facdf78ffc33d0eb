/**
 * The {@code esxforge build} pipeline (issue 5): {@link org.esxforge.build.BuildPipeline#run}
 * takes a {@link org.esxforge.build.BuildRequest} (depots, base selector, edits, outputs) and
 * returns a {@link org.esxforge.build.BuildResult}; {@link org.esxforge.build.IsoVerifier} checks
 * a finished installer ISO. Steps: open the depots into one catalog, pick the base ({@link
 * org.esxforge.build.BaseSelector}), edit a clone (profile.ProfileEditor), verify every VIB of the
 * new profile (vib.VibVerifier, remote VIBs materialised first), validate
 * (profile.ProfileValidator), then write the ISO (image.InstallerIsoExporter, payloads as
 * zero-copy regions of the verified VIB files) and the offline bundle (bundle.DepotWriter, VIB
 * bytes unchanged), all-or-nothing.
 */
package org.esxforge.build;
