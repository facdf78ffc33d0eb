package org.esxforge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.api.DepotSession;
import org.esxforge.build.OutputPathException;
import org.esxforge.build.OutputPaths;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Messages;
import org.esxforge.recipe.LockMismatchException;
import org.esxforge.recipe.Lockfile;
import org.esxforge.recipe.Recipe;
import org.esxforge.recipe.RecipeBuilder;
import org.esxforge.recipe.RecipeException;
import org.esxforge.recipe.RecipeParser;
import org.esxforge.vib.TrustStore;
import org.jspecify.annotations.Nullable;

/**
 * The CLI side of recipes ({@code build RECIPE}, {@code respin RECIPE}): reads the recipe and its
 * lock, resolves {@code sample:…} and {@code ${…}} in depot locations, opens the download cache and
 * fetcher of the network options, and maps failures to exit codes ({@link ExitCode#LOCK_MISMATCH}
 * for lock differences, each printed on stderr first).
 *
 * <p>Not thread-safe; one per command run.
 */
final class RecipeRun implements AutoCloseable {
  final Recipe recipe;
  final @Nullable Lockfile lock;
  final RecipeBuilder.Options options;
  private final DepotSession session;

  private RecipeRun(
      Recipe recipe, @Nullable Lockfile lock, RecipeBuilder.Options options, DepotSession session) {
    this.recipe = recipe;
    this.lock = lock;
    this.options = options;
    this.session = session;
  }

  /** Reads {@code file} (+ overrides) and its lock, opens cache and fetcher. */
  static RecipeRun open(
      Path file,
      Recipe.Overrides overrides,
      NetworkOptions network,
      Console console,
      boolean force,
      RecipeBuilder.LockMode mode)
      throws IOException, UsageException {
    return open(file, overrides, network, console, force, mode, false);
  }

  /** As above; {@code dryRun} plans the build and writes nothing (no outputs, lock, manifests). */
  static RecipeRun open(
      Path file,
      Recipe.Overrides overrides,
      NetworkOptions network,
      Console console,
      boolean force,
      RecipeBuilder.LockMode mode,
      boolean dryRun)
      throws IOException, UsageException {
    Recipe r;
    Lockfile lock;
    try {
      r = RecipeParser.parse(file).with(overrides);
      checkOutputs(r);
      Path lp = Lockfile.pathFor(r.file());
      lock = Files.isRegularFile(lp) ? Lockfile.read(lp) : null;
    } catch (RecipeException e) {
      throw new UsageException(Messages.of(e));
    }
    network.validate();
    Map<String, String> env = console.env();
    EventHandlers events = console.events();
    List<RecipeBuilder.Location> locations = new ArrayList<>();
    List<String> expanded = network.expandDepots(r.resolvedDepots(), env);
    for (int i = 0; i < expanded.size(); i++) {
      String spelled = i < r.depots().size() ? r.depots().get(i) : r.resolvedDepots().get(i);
      locations.add(
          new RecipeBuilder.Location(DepotArgs.resolve(expanded.get(i), events, env), spelled));
    }
    for (Path t : r.trust()) {
      if (!Files.isRegularFile(t)) {
        throw new UsageException(r.file() + ": signatures.trust " + t + ": no such file");
      }
    }
    TrustStore trust = DepotArgs.trustStore(expanded, r.trust(), env);
    if (r.kickstart() != null && !Files.isRegularFile(r.kickstart())) {
      throw new UsageException(r.file() + ": boot.kickstart " + r.kickstart() + ": no such file");
    }
    DepotSession session = network.openSession(events, env);
    RecipeBuilder.Options o =
        new RecipeBuilder.Options(
            locations,
            trust,
            session.fetcher(),
            session.settings().depotOptions(),
            BuildCommand.sourceDateEpoch(env),
            Version.text(),
            force,
            mode,
            dryRun);
    return new RecipeRun(r, lock, o, session);
  }

  /**
   * The recipe's outputs against its inputs (the recipe, its lock, local depots, added files,
   * kickstart, trust certificates), before any depot is opened or sample generated.
   */
  private static void checkOutputs(Recipe r) throws UsageException {
    List<OutputPaths.Named> outputs = new ArrayList<>();
    if (r.iso() != null) {
      outputs.add(new OutputPaths.Named("outputs.iso", r.iso()));
    }
    if (r.bundle() != null) {
      outputs.add(new OutputPaths.Named("outputs.bundle", r.bundle()));
    }
    List<OutputPaths.Named> inputs = new ArrayList<>();
    inputs.add(new OutputPaths.Named("(the recipe)", r.file()));
    inputs.add(new OutputPaths.Named("(its lock)", Lockfile.pathFor(r.file())));
    inputs.addAll(OutputPaths.existing("depot", r.resolvedDepots()));
    inputs.addAll(OutputPaths.existing("add", r.adds()));
    if (r.kickstart() != null) {
      inputs.add(new OutputPaths.Named("boot.kickstart", r.kickstart()));
    }
    r.trust().forEach(t -> inputs.add(new OutputPaths.Named("signatures.trust", t)));
    try {
      OutputPaths.check(outputs, inputs);
    } catch (OutputPathException e) {
      throw new UsageException(r.file() + ": " + e.getMessage());
    }
  }

  /** Prints each difference and returns the exit exception. */
  static ExitCodeException mismatch(Console console, String command, LockMismatchException e) {
    if (!console.json()) {
      for (String d : e.differences()) {
        console.err().println("esxforge " + command + ": lock: " + d);
      }
    }
    return new ExitCodeException(
        ExitCode.LOCK_MISMATCH, Messages.of(e), List.of(), e.differences());
  }

  @Override
  public void close() throws IOException {
    session.close();
  }
}
