package org.esxforge.build;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.ComponentAgreement;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.Bulletin;
import org.esxforge.model.VibId;
import org.esxforge.profile.EditNote;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileEditor;
import org.esxforge.profile.ProfileValidationException;

/**
 * Chooses where the image starts ({@link BaseStep}: a base profile, or a software spec composed
 * from base image, add-on and components), applies the edit to a clone, stamps the build time,
 * finds every VIB of the new profile in the catalog and works out the image's 7.0+ model ({@link
 * ImageModel}), warning where a component disagrees with its VIBs.
 *
 * <p>The new profile is created at build time (the request's, else the base's creation time): never
 * "now", so the same inputs give the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
final class ResolveStep implements BuildStep {
  @Override
  public String name() {
    return "resolve";
  }

  @Override
  public void run(BuildContext c) throws IOException, ProfileValidationException, BuildException {
    c.base = BaseStep.run(c.catalog, c.request, c.events);
    c.edit = edit(c.catalog, c.base(), c.request, c.events, c.platforms());
    if (!c.request.hardware().isEmpty()) {
      c.edit = HardwareDrivers.addNeeded(c, c.edit());
    }
    c.time =
        c.request.buildTime() != null
            ? c.request.buildTime()
            : c.base().base().creationTime() != null
                ? c.base().base().creationTime()
                : Instant.EPOCH;
    c.profile =
        c.edit().profile().toBuilder().creationTime(c.time()).modifiedTime(c.time()).build();
    c.descriptors = new TreeMap<>(c.edit().descriptors());
    report(c.edit().notes(), c.events);
    c.members = members(c.catalog, c.profile().vibIds());
    c.model = ImageModel.of(c.catalog, c.profile(), c.base().composition(), c.base().base());
    for (Bulletin b : c.model().components()) {
      ComponentAgreement.check(c.catalog, b).forEach(c.events::warn);
    }
  }

  /**
   * Reports the edit's notes, one message each, except that after {@link #PLAIN_NOTES_SHOWN} plain
   * additions and removals the rest are counted in one message: a 20,000-VIB list made as many
   * lines, each one a VIB the user listed. The build's result keeps every note ({@link
   * BuildResult#notes()}) and lists the changes against the base ({@link BuildResult#changes()}).
   * Every other note (replacements, platform choices, acceptance level) is always reported.
   */
  static void report(List<EditNote> notes, EventHandlers events) {
    int plain = 0;
    int added = 0;
    int removed = 0;
    for (EditNote n : notes) {
      if (n.plainChange() && ++plain > PLAIN_NOTES_SHOWN) {
        if (n.kind() == EditNote.Kind.ADDED) {
          added++;
        } else {
          removed++;
        }
        continue;
      }
      events.info(n.text());
    }
    if (added + removed > 0) {
      String more =
          added == 0
              ? removed + " more " + vibs(removed) + " removed"
              : added
                  + " more "
                  + vibs(added)
                  + " added"
                  + (removed > 0 ? ", " + removed + " more removed" : "");
      events.info("... and " + more + ", not reported one by one");
    }
  }

  private static String vibs(int n) {
    return n == 1 ? "VIB" : "VIBs";
  }

  /** Plain "added X" / "removed X" notes reported one by one before the rest are counted. */
  static final int PLAIN_NOTES_SHOWN = 20;

  /** Applies the request's edit (adds, removes, VIB list) to a clone of where the build starts. */
  static ProfileEditor.Result edit(
      Catalog cat, BaseStep.Start base, BuildRequest req, EventHandlers events)
      throws IOException, EditRefusedException, BuildException {
    return edit(cat, base, req, events, ComponentPlatforms.of(cat));
  }

  /**
   * {@link #edit(Catalog, BaseStep.Start, BuildRequest, EventHandlers)} with the catalog's
   * platforms.
   */
  static ProfileEditor.Result edit(
      Catalog cat,
      BaseStep.Start base,
      BuildRequest req,
      EventHandlers events,
      ComponentPlatforms platforms)
      throws IOException, EditRefusedException, BuildException {
    try {
      return AddSpecs.edit(cat, base.profile(), req, events, platforms);
    } catch (ProfileValidationException e) {
      throw new EditRefusedException(e.problems());
    }
  }

  /**
   * The catalog entries of {@code ids}, in their order.
   *
   * @throws ProfileValidationException naming every id no depot holds
   */
  static List<CatalogVib> members(Catalog cat, Collection<VibId> ids)
      throws ProfileValidationException {
    List<CatalogVib> members = new ArrayList<>();
    List<Problem> missing = new ArrayList<>();
    for (VibId id : ids) {
      Optional<CatalogVib> v = cat.vib(id);
      if (v.isPresent()) {
        members.add(v.get());
      } else {
        missing.add(
            new Problem(
                Problem.Code.MISSING_DESCRIPTOR,
                id,
                "is in the profile but no depot given holds it",
                "add the depot that has it with -d"));
      }
    }
    if (!missing.isEmpty()) {
      throw new ProfileValidationException(missing);
    }
    return members;
  }
}
