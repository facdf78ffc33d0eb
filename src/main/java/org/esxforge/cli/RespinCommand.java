package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.build.BuildException;
import org.esxforge.io.Messages;
import org.esxforge.profile.ProfileValidationException;
import org.esxforge.recipe.Changelog;
import org.esxforge.recipe.Lockfile;
import org.esxforge.recipe.Recipe;
import org.esxforge.recipe.RecipeBuilder;
import org.esxforge.recipe.RecipeException;

/**
 * {@code esxforge respin RECIPE [--json|--markdown] [--apply]}: re-resolves the recipe's {@code
 * latest…} base and VIBs against the depots now and prints the changelog against its lock (base
 * change, VIBs added / removed / upgraded / downgraded, acceptance change); {@code --apply}
 * rebuilds and rewrites the lock.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Re-resolve a recipe against the current depots, print the"
            + " changelog against its lock; --apply rebuilds and updates the lock")
final class RespinCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @Parameter(description = "RECIPE")
  List<String> recipe = new ArrayList<>();

  @Parameter(names = "--markdown", description = "Print the changelog as Markdown")
  boolean markdown;

  @Parameter(
      names = "--apply",
      description = "Rebuild with the new resolution and update the" + " lock")
  boolean apply;

  @Parameter(
      names = "--exit-code",
      description =
          "Exit with 7 when the re-spin finds changes"
              + " (0 when the lock is up to date), like git diff --exit-code; with --apply, after"
              + " rebuilding")
  boolean exitCode;

  @ParametersDelegate NetworkOptions network = new NetworkOptions();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (recipe.size() != 1) {
      throw new UsageException("expected one RECIPE file, got " + recipe.size());
    }
    try (RecipeRun run =
        RecipeRun.open(
            Path.of(recipe.get(0)),
            Recipe.Overrides.none(),
            network,
            console,
            false,
            RecipeBuilder.LockMode.UPDATE)) {
      if (run.lock == null) {
        throw new UsageException(
            Lockfile.pathFor(run.recipe.file())
                + ": no lock to re-spin"
                + " from; build the recipe once first");
      }
      Lockfile fresh;
      try {
        fresh = RecipeBuilder.resolveFresh(run.recipe, run.options, console.events());
      } catch (ProfileValidationException e) {
        if (!console.json()) {
          e.problems().forEach(p -> console.err().println("esxforge respin: " + p));
        }
        throw new ExitCodeException(
            ExitCode.INVALID_PROFILE,
            "re-spin of "
                + run.recipe.file()
                + " does not resolve: "
                + e.problems().size()
                + " problem(s) (each above)",
            e.problems());
      } catch (BuildException e) {
        throw BuildFailures.ofRecipe(e, run.recipe.file());
      } catch (RecipeException e) {
        throw new ExitCodeException(ExitCode.FAILURE, Messages.of(e));
      }
      Changelog log = Changelog.of(run.lock, fresh);
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>(log.toJsonTree());
        m.put("applied", apply);
        console.printJson(m);
      } else if (markdown) {
        console.out().print(log.toMarkdown());
      } else {
        console.out().print(log.toText());
      }
      if (apply) {
        RecipeBuilder.Result r = RecipeBuildMode.build(run, console, "respin");
        for (var o : r.build().outputs()) {
          console.status("rebuilt " + o.path() + " (sha256 " + o.sha256() + ")");
        }
        console.status("lock updated: " + Lockfile.pathFor(run.recipe.file()));
      }
      return exitCode && !log.isEmpty() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
    }
  }
}
