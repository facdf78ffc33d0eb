package org.esxforge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.build.BuildException;
import org.esxforge.build.BuildResult;
import org.esxforge.io.Messages;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.InvalidModelException;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.recipe.LockMismatchException;
import org.esxforge.recipe.Recipe;
import org.esxforge.recipe.RecipeBuilder;
import org.esxforge.recipe.RecipeException;

/**
 * {@code esxforge build RECIPE [--locked|--update-lock] [build options…]}: the build options
 * override the recipe's fields (lists append, values replace); prints what the plain build prints
 * plus the lock and manifest files.
 *
 * <p>Stateless.
 */
final class RecipeBuildMode {
  private RecipeBuildMode() {}

  static ExitCode run(BuildCommand c, Console console) throws Exception {
    if (c.recipe.size() != 1) {
      throw new UsageException("expected one RECIPE file, got " + c.recipe.size());
    }
    if (c.locked && c.updateLock) {
      throw new UsageException("--locked and --update-lock contradict each other");
    }
    if (c.spec != null
        || c.baseImage != null
        || c.addOn != null
        || !c.components.isEmpty()
        || !c.removedComponents.isEmpty()) {
      throw new UsageException(
          "--spec, --base-image, --addon, --component and --remove-component"
              + " build without a recipe; in a recipe, write them in its image: block");
    }
    RecipeBuilder.LockMode mode =
        c.locked
            ? RecipeBuilder.LockMode.LOCKED
            : c.updateLock ? RecipeBuilder.LockMode.UPDATE : RecipeBuilder.LockMode.AUTO;
    try (RecipeRun run =
        RecipeRun.open(
            Path.of(c.recipe.get(0)),
            overrides(c),
            c.depotArgs.network,
            console,
            c.force,
            mode,
            c.dryRun)) {
      if (run.recipe.iso() == null && run.recipe.bundle() == null && run.recipe.pxe() == null) {
        throw new UsageException(
            run.recipe.file()
                + ": no outputs; give outputs.iso,"
                + " outputs.bundle and/or outputs.pxe (or --iso/--bundle/--pxe)");
      }
      RecipeBuilder.Result r = build(run, console, "build");
      BuildResult b = r.build();
      if (console.json()) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(BuildCommand.json(b));
        m.put("lock", org.esxforge.recipe.Lockfile.pathFor(run.recipe.file()).toString());
        m.put("pinned", r.pinned());
        m.put("lockWritten", r.lockWritten());
        m.put("manifests", r.manifests().stream().map(Path::toString).toList());
        console.printJson(m);
      } else {
        BuildCommand.text(b, console);
        console
            .out()
            .println(
                "lock:    "
                    + org.esxforge.recipe.Lockfile.pathFor(run.recipe.file())
                    + (r.pinned() ? " (pinned build)" : r.lockWritten() ? " (written)" : ""));
        for (Path m : r.manifests()) {
          console.out().println("manifest: " + m);
        }
      }
      if (b.forced()) {
        console.warn(
            "--force: exported with "
                + b.problems().size()
                + " validation problem(s) (listed above); THE IMAGE MAY NOT BOOT OR INSTALL");
      }
      return ExitCode.OK;
    }
  }

  /** Runs the recipe build, mapping failures to exit codes. */
  static RecipeBuilder.Result build(RecipeRun run, Console console, String command)
      throws Exception {
    try {
      return RecipeBuilder.build(run.recipe, run.lock, run.options, console.events());
    } catch (LockMismatchException e) {
      throw RecipeRun.mismatch(console, command, e);
    } catch (ProfileValidationException e) {
      if (!console.json()) {
        for (Problem p : e.problems()) {
          console.err().println("esxforge " + command + ": " + p);
        }
      }
      throw new ExitCodeException(
          ExitCode.INVALID_PROFILE,
          "recipe "
              + run.recipe.file()
              + " not built: "
              + e.problems().size()
              + " problem(s) (each above)",
          e.problems());
    } catch (org.esxforge.build.OutputPathException e) {
      throw new UsageException(Messages.of(e));
    } catch (BuildException e) {
      throw BuildFailures.ofRecipe(e, run.recipe.file());
    } catch (RecipeException e) {
      throw new ExitCodeException(ExitCode.FAILURE, Messages.of(e));
    }
  }

  private static Recipe.Overrides overrides(BuildCommand c) throws UsageException {
    AcceptanceLevel level = null;
    if (c.acceptance != null) {
      try {
        level = AcceptanceLevel.parse(c.acceptance);
      } catch (InvalidModelException e) {
        throw new UsageException(
            "--acceptance "
                + c.acceptance
                + ": expected certified, accepted, partner or community");
      }
    }
    if (c.vibList != null) {
      throw new UsageException("--vib-list does not combine with a recipe (its lock pins VIBs)");
    }
    List<String> adds = new ArrayList<>(c.adds);
    adds.addAll(c.addAllFrom);
    List<Path> trust = c.depotArgs.trust.stream().map(Path::of).toList();
    return new Recipe.Overrides(
        c.depotArgs.depots,
        c.base,
        c.name,
        c.vendor,
        c.description,
        adds,
        c.removes,
        level,
        c.noSignatureCheck,
        trust,
        c.iso,
        "builtin".equals(c.isoWriter) ? null : c.isoWriter,
        c.bundle,
        c.kickstart,
        c.kernelOpts,
        c.forHardware,
        c.pxe);
  }
}
