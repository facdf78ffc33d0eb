package org.esxforge.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.profile.ProfileDiff;

/**
 * Moves the finished outputs into place (ISO first, then bundle, then PXE tree; each move atomic;
 * nothing in a dry run) and assembles the result: what changed against the base, and every VIB's
 * SHA-256 and depots.
 *
 * <p>Stateless and thread-safe.
 */
final class CommitStep implements BuildStep {
  @Override
  public String name() {
    return "commit";
  }

  @Override
  public void run(BuildContext c) throws IOException {
    List<BuildResult.Output> written =
        c.request.dryRun() ? c.planned() : c.outputs.commit(c.request);
    ProfileDiff diff = ProfileDiff.diff(c.base().base(), c.profile(), c.catalog.descriptors());
    List<ResolvedVib> resolved = new ArrayList<>();
    for (LocalVibs.Local l : c.local().all().values()) {
      if (!c.profile().vibIds().contains(l.vib().id())) {
        continue; // a reserved VIB: exported in the bundle, but not part of the image
      }
      resolved.add(new ResolvedVib(l.vib().id(), l.sha256(), List.copyOf(l.vib().depots())));
    }
    int modules = c.plan == null ? 0 : c.plan().bootCfg().modules().size() + 1;
    c.result =
        new BuildResult(
            c.base().baseName(),
            c.base().reason(),
            c.profile(),
            diff,
            notes(c),
            c.problems,
            written,
            modules,
            c.plan == null ? "" : c.plan().bootCfg().text(),
            c.plan == null ? "" : c.plan().volumeId(),
            c.plan == null ? 0 : c.plan().files().size(),
            resolved,
            c.model(),
            c.hardware);
  }

  private static List<String> notes(BuildContext c) {
    List<String> notes = new ArrayList<>(c.hardwareNotes);
    notes.addAll(c.edit().notes());
    return notes;
  }
}
