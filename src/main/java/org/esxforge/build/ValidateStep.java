package org.esxforge.build;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.profile.ProfileValidator;
import org.esxforge.profile.ValidationContext;

/**
 * Collects every problem — corrupt VIBs, untrusted signatures, then the profile rules
 * (dependencies, conflicts, platform, acceptance) — sorted. Without {@code force} any problem stops
 * the build; with it each is reported as a warning and kept for the result.
 *
 * <p>Stateless and thread-safe.
 */
final class ValidateStep implements BuildStep {
  @Override
  public String name() {
    return "validate";
  }

  @Override
  public void run(BuildContext c)
      throws ProfileValidationException, org.esxforge.io.FormatException {
    BuildRequest req = c.request;
    List<Problem> problems = new ArrayList<>();
    for (LocalVibs.Local l : c.local().all().values()) {
      for (String p : l.verification().problems()) {
        problems.add(
            new Problem(
                Problem.Code.CORRUPT_VIB,
                l.vib().id(),
                l.vib().source().describe() + ": " + p,
                "get an intact copy of " + l.vib().descriptor().name()));
      }
    }
    if (req.signatureCheck()) {
      problems.addAll(c.local().untrusted());
      c.local().signatureWarnings().forEach(c.events::warn);
    }
    ValidationContext ctx =
        new ValidationContext(c.local().signatures(), req.signatureCheck(), req.iso() != null)
            .withCatalog(c.platforms().asMap(), c.catalog.descriptors());
    // the signed descriptors judge the VIBs (their platform wins over the depot metadata's and
    // the component's)
    problems.addAll(
        ProfileValidator.validate(c.profile(), c.local().signedDescriptors(c.descriptors()), ctx));
    problems.addAll(HardwareDrivers.problems(c));
    problems.sort(Problem.ORDER);
    if (!problems.isEmpty() && !req.force()) {
      throw new ProfileValidationException(problems);
    }
    for (Problem p : problems) {
      c.events.warn(p.toString());
    }
    c.problems.addAll(problems);
  }
}
