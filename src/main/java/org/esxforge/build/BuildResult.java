package org.esxforge.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.esxforge.hardware.HardwareCheck;
import org.esxforge.io.Sha256;
import org.esxforge.model.ImageProfile;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileDiff;
import org.jspecify.annotations.Nullable;

/**
 * What {@link BuildPipeline#run} did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param base the base profile's name
 * @param baseReason why that base (the selector's one-line reason, or "named explicitly")
 * @param profile the new profile
 * @param changes the new profile against its base (added, removed, upgraded, downgraded)
 * @param notes what the edit did, in edit order (replacements, removals by {@code replaces})
 * @param problems validation problems (non-empty only when {@code --force} exported anyway)
 * @param outputs the files written, ISO first
 * @param moduleCount BOOT.CFG kernel + modules of the ISO, 0 without ISO
 * @param bootCfg the ISO's BOOT.CFG text, "" without ISO
 * @param volumeId the ISO's volume id, "" without ISO
 * @param isoFiles files on the ISO (boot catalog excluded), 0 without ISO
 * @param vibs every VIB of the profile with the SHA-256 of the bytes exported and its depots,
 *     sorted by id (what a lockfile records)
 * @param model the image's release-unit model: components, reserved components, base image, add-on
 *     and the software spec it amounts to
 * @param hardware with a hardware list, which driver drives each device; else null
 */
public record BuildResult(
    String base,
    String baseReason,
    ImageProfile profile,
    ProfileDiff changes,
    List<String> notes,
    List<Problem> problems,
    List<Output> outputs,
    int moduleCount,
    String bootCfg,
    String volumeId,
    int isoFiles,
    List<ResolvedVib> vibs,
    ImageModel model,
    HardwareCheck.@Nullable Report hardware) {

  public BuildResult {
    Objects.requireNonNull(profile, "profile");
    notes = List.copyOf(notes);
    problems = List.copyOf(problems);
    outputs = List.copyOf(outputs);
    vibs = List.copyOf(vibs);
    Objects.requireNonNull(model, "model");
  }

  /** True when the outputs were written despite validation problems ({@code --force}). */
  public boolean forced() {
    return !problems.isEmpty();
  }

  /** True when nothing was written ({@code --dry-run}): the outputs are what a build writes. */
  public boolean dryRun() {
    return !outputs.isEmpty() && outputs.stream().allMatch(o -> o.sha256() == null);
  }

  /**
   * One output written (or, in a dry run, planned). {@code kind} is {@code iso}, {@code bundle} or
   * {@code pxe} (a directory: {@code size} is the sum of its files, {@code sha256} that of its
   * {@code SHA256SUMS}-style listing).
   *
   * @param sha256 null when the output was planned but not written (dry run of an ISO or tree)
   */
  public record Output(String kind, Path path, long size, @Nullable Sha256 sha256) {
    public Output {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(path, "path");
    }
  }
}
