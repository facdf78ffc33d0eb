package org.esxforge.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.model.VibId;
import org.esxforge.profile.EditNote;
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
    for (Map.Entry<VibId, LocalVibs.Local> e : c.local().all().entrySet()) {
      VibId id = e.getKey(); // the VIB's id (derived from its descriptor on each call of id())
      if (!c.profile().vibIds().contains(id)) {
        continue; // a reserved VIB: exported in the bundle, but not part of the image
      }
      LocalVibs.Local l = e.getValue();
      resolved.add(new ResolvedVib(id, l.sha256(), List.copyOf(l.vib().depots())));
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

  private static List<EditNote> notes(BuildContext c) {
    List<EditNote> notes = new ArrayList<>(c.hardwareNotes);
    notes.addAll(c.edit().notes());
    return notes;
  }
}
