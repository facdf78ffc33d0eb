package org.esxforge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.cache.Cache;
import org.esxforge.depot.DepotOptions;
import org.esxforge.event.EventHandlers;
import org.esxforge.net.CachingFetcher;
import org.esxforge.recipe.LockMismatchException;
import org.esxforge.recipe.Lockfile;
import org.esxforge.recipe.Recipe;
import org.esxforge.recipe.RecipeBuilder;
import org.esxforge.recipe.RecipeException;
import org.esxforge.recipe.RecipeParser;
import org.esxforge.vib.TrustStore;

/**
 * The CLI side of recipes ({@code build RECIPE}, {@code respin RECIPE}): reads the recipe and its
 * lock, resolves {@code sample:…} and {@code ${…}} in depot locations, opens the download cache
 * and fetcher of the network options, and maps failures to exit codes ({@link
 * ExitCode#LOCK_MISMATCH} for lock differences, each printed on stderr first).
 *
 * <p>Not thread-safe; one per command run.
 */
final class RecipeRun implements AutoCloseable {
  final Recipe recipe;
  final Lockfile lock;
  final RecipeBuilder.Options options;
  private final Cache cache;
  private final CachingFetcher fetcher;

  private RecipeRun(Recipe recipe, Lockfile lock, RecipeBuilder.Options options, Cache cache,
      CachingFetcher fetcher) {
    this.recipe = recipe;
    this.lock = lock;
    this.options = options;
    this.cache = cache;
    this.fetcher = fetcher;
  }

  /** Reads {@code file} (+ overrides) and its lock, opens cache and fetcher. */
  static RecipeRun open(Path file, Recipe.Overrides overrides, NetworkOptions network,
      Console console, boolean force, RecipeBuilder.LockMode mode)
      throws IOException, UsageException {
    Recipe r;
    Lockfile lock;
    try {
      r = RecipeParser.parse(file).with(overrides);
      Path lp = Lockfile.pathFor(r.file());
      lock = Files.isRegularFile(lp) ? Lockfile.read(lp) : null;
    } catch (RecipeException e) {
      throw new UsageException(e.getMessage());
    }
    network.validate();
    Map<String, String> env = System.getenv();
    EventHandlers events = console.events();
    DepotArgs args = new DepotArgs();
    List<RecipeBuilder.Location> locations = new ArrayList<>();
    List<String> expanded = network.expandDepots(r.resolvedDepots(), env);
    for (int i = 0; i < expanded.size(); i++) {
      String spelled = i < r.depots().size() ? r.depots().get(i) : r.resolvedDepots().get(i);
      locations.add(new RecipeBuilder.Location(args.resolve(expanded.get(i), events), spelled));
    }
    for (Path t : r.trust()) {
      if (!Files.isRegularFile(t)) {
        throw new UsageException(r.file() + ": signatures.trust " + t + ": no such file");
      }
    }
    TrustStore trust = DepotArgs.trustStore(expanded, r.trust());
    if (r.kickstart() != null && !Files.isRegularFile(r.kickstart())) {
      throw new UsageException(r.file() + ": boot.kickstart " + r.kickstart() + ": no such file");
    }
    Cache cache = network.openCache(env);
    CachingFetcher fetcher;
    try {
      fetcher = network.fetcher(env, cache, events);
    } catch (IOException | UsageException | RuntimeException e) {
      if (cache != null) {
        cache.close();
      }
      throw e;
    }
    RecipeBuilder.Options o = new RecipeBuilder.Options(locations, trust, fetcher,
        DepotOptions.defaults(), BuildCommand.sourceDateEpoch(), Version.text(), force, mode);
    return new RecipeRun(r, lock, o, cache, fetcher);
  }

  /** Prints each difference and returns the exit exception. */
  static ExitCodeException mismatch(Console console, String command, LockMismatchException e) {
    for (String d : e.differences()) {
      console.err().println("esxforge " + command + ": lock: " + d);
    }
    return new ExitCodeException(ExitCode.LOCK_MISMATCH, e.getMessage());
  }

  @Override
  public void close() throws IOException {
    try (Cache c = cache;
        CachingFetcher f = fetcher) {
      // fetcher first, then cache
    }
  }
}
