package org.esxforge.build;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.image.BootOptions;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.IsoPlan;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.io.UserSetting;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.profile.Problem;

/**
 * Picks the bulletins the outputs carry and, for an ISO or a PXE tree, plans the installer image
 * (modules, 8.3 names, {@code BOOT.CFG}). An ISO or PXE tree needs intact payloads even with {@code
 * force}: a corrupt VIB fails here with a {@link FormatException}.
 *
 * <p>Stateless and thread-safe.
 */
final class PlanStep implements BuildStep {
  @Override
  public String name() {
    return "plan";
  }

  @Override
  public void run(BuildContext c) throws FormatException, BuildException {
    c.bulletins = c.model().components();
    if (!c.request.writesImage()) {
      return;
    }
    for (Problem p : c.problems) {
      if (p.code() == Problem.Code.CORRUPT_VIB) {
        throw new FormatException(
            String.valueOf(p.vibId()), // a corrupt-VIB problem always names its VIB
            p.message()
                + " ("
                + (c.request.iso() != null ? "an ISO" : "a PXE tree")
                + " needs intact payloads even with "
                + UserSetting.FORCE
                + ")");
      }
    }
    try {
      c.plan =
          IsoPlan.of(
              c.profile(),
              c.descriptors(),
              new BootOptions(c.request.kickstart() != null, c.request.kernelOpts()));
    } catch (ImagePlanException e) {
      throw new BuildException(Messages.of(e), e);
    }
  }

  /** Bulletins/components all of whose VIBs are in the profile, sorted by id. */
  static List<Bulletin> bulletinsOf(Catalog cat, ImageProfile profile) {
    List<Bulletin> out = new ArrayList<>();
    for (Bulletin b : cat.bulletins()) {
      if (!b.vibIds().isEmpty() && profile.vibIds().containsAll(b.vibIds())) {
        out.add(b);
      }
    }
    return out;
  }
}
