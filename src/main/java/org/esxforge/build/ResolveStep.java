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
    c.edit = edit(c.catalog, c.base(), c.request, c.events);
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
    for (String n : c.edit().notes()) {
      c.events.info(n);
    }
    c.members = members(c.catalog, c.profile().vibIds());
    c.model = ImageModel.of(c.catalog, c.profile(), c.base().composition(), c.base().base());
    for (Bulletin b : c.model().components()) {
      ComponentAgreement.check(c.catalog, b).forEach(c.events::warn);
    }
  }

  /** Applies the request's edit (adds, removes, VIB list) to a clone of where the build starts. */
  static ProfileEditor.Result edit(
      Catalog cat, BaseStep.Start base, BuildRequest req, EventHandlers events)
      throws IOException, EditRefusedException, BuildException {
    try {
      return AddSpecs.edit(cat, base.profile(), req, events);
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
