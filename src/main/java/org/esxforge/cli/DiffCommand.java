package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.build.BaseSelector;
import org.esxforge.build.BuildException;
import org.esxforge.depot.Catalog;
import org.esxforge.io.Messages;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileDiff;

/**
 * {@code esxforge diff -d … REF COMP [--json]}: VIBs added, removed, upgraded, downgraded and
 * changed from profile REF to profile COMP, and the acceptance level change (PowerCLI {@code
 * Compare-EsxImageProfile}). Either name may be a {@code latest…} selector as in {@code build
 * --base}.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Compare two image profiles: added, removed, upgraded,"
            + " downgraded VIBs and acceptance level")
final class DiffCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(
      description =
          "REF COMP (profile names, latest… selectors, or *.lock.json files; -d is not needed when both are lock files)")
  List<String> names = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (names.size() != 2) {
      throw new UsageException("expected two profile names, REF and COMP; got " + names.size());
    }
    boolean lockA = isLock(names.get(0));
    boolean lockB = isLock(names.get(1));
    if (lockA && lockB) {
      print(console, org.esxforge.recipe.Changelog.of(lock(names.get(0)), lock(names.get(1))));
      return ExitCode.OK;
    }
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog cat = session.catalog();
      if (lockA || lockB) {
        org.esxforge.recipe.Lockfile l = lock(names.get(lockA ? 0 : 1));
        org.esxforge.model.ImageProfile p;
        try {
          p = BaseSelector.choose(cat, names.get(lockA ? 1 : 0)).profile();
        } catch (BuildException e) {
          throw new ExitCodeException(ExitCode.USAGE, "profile " + e.input() + ": " + e.what());
        }
        java.util.Map<VibId, VibDescriptor> lk = cat.descriptors();
        org.esxforge.model.ImageProfile lp = org.esxforge.recipe.Changelog.profileOf(l);
        ProfileDiff d = lockA ? ProfileDiff.diff(lp, p, lk) : ProfileDiff.diff(p, lp, lk);
        print(
            console,
            new org.esxforge.recipe.Changelog(
                lockA ? l.base() : p.name(), lockA ? p.name() : l.base(), d));
        return ExitCode.OK;
      }
      java.util.Map<VibId, VibDescriptor> lookup = cat.descriptors();
      ProfileDiff d;
      try {
        d =
            ProfileDiff.diff(
                BaseSelector.choose(cat, names.get(0)).profile(),
                BaseSelector.choose(cat, names.get(1)).profile(),
                lookup);
      } catch (BuildException e) {
        throw new ExitCodeException(ExitCode.USAGE, "profile " + e.input() + ": " + e.what());
      }
      if (console.json()) {
        console.printJson(d.toJsonTree());
      } else {
        console.out().print(d.toText());
      }
    }
    return ExitCode.OK;
  }

  /** A side naming an existing {@code *.json} file is a lock file. */
  private static boolean isLock(String side) {
    return side.endsWith(".json") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(side));
  }

  private static org.esxforge.recipe.Lockfile lock(String side) throws Exception {
    try {
      return org.esxforge.recipe.Lockfile.read(java.nio.file.Path.of(side));
    } catch (org.esxforge.recipe.RecipeException e) {
      throw new UsageException(Messages.of(e));
    }
  }

  private static void print(Console console, org.esxforge.recipe.Changelog c) {
    if (console.json()) {
      console.printJson(c.toJsonTree());
    } else {
      console.out().print(c.toText());
    }
  }
}
