package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.api.DepotSession;
import org.esxforge.event.EventHandlers;
import org.esxforge.net.CachingFetcher;
import org.esxforge.net.Mirror;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge mirror -d URL… --to DIR [--profile NAME…]}: copies online depots (or the part
 * some image profiles need) into a local folder that is itself a valid depot. Re-running fetches
 * only what changed. The {@code vmware.xml} timestamp is {@code SOURCE_DATE_EPOCH} when set.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandNames = "mirror",
    commandDescription =
        "Copy online depots (or what some profiles need) into a local depot folder for air-gapped sites")
public final class MirrorCommand implements Command {
  @ParametersDelegate public CommonOptions common = new CommonOptions();
  @ParametersDelegate public NetworkOptions network = new NetworkOptions();

  @Parameter(
      names = {"-d", "--depot"},
      required = true,
      description =
          "Depot URL (repeatable); ${ENV_VAR} and ${file:PATH} keep tokens off the command line")
  public List<String> depots = new ArrayList<>();

  @Parameter(names = "--to", required = true, description = "The mirror folder")
  public @Nullable String to;

  @Parameter(names = "--profile", description = "Only this image profile and its VIBs (repeatable)")
  public List<String> profiles = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    network.validate();
    Map<String, String> env = console.env();
    ProgressRenderer progress = ProgressRenderer.forConsole(console, common);
    EventHandlers events = progress.wrap(console.events());
    List<String> urls = network.expandDepots(depots, env);
    Mirror.Result r;
    try (DepotSession session = network.openSession(events, env)) {
      r =
          Mirror.run(
              new Mirror.Request(urls, Path.of(to), profiles, timestamp(env)),
              session.fetcher(),
              session.settings().depotOptions(),
              events);
      progress.finishBar();
      CachingFetcher.Stats s = session.stats();
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target().toString());
        m.put("profiles", r.profiles());
        m.put("vibs", r.vibCount());
        m.put("fetched", r.fetchedCount());
        m.put("kept", r.keptCount());
        m.put("removed", r.removedCount());
        m.put("bytesDownloaded", s.bytesReceived());
        m.put("cacheHits", s.cacheHits());
        console.printJson(m);
      } else {
        console
            .out()
            .println(
                "mirror: "
                    + r.target()
                    + ": "
                    + r.vibCount()
                    + " VIBs ("
                    + r.fetchedCount()
                    + " new or changed, "
                    + r.keptCount()
                    + " unchanged, "
                    + r.removedCount()
                    + " removed); "
                    + ProgressRenderer.amount(s.bytesReceived(), "bytes")
                    + " downloaded");
      }
    }
    return ExitCode.OK;
  }

  private static Instant timestamp(Map<String, String> env) throws UsageException {
    String sde = env.get("SOURCE_DATE_EPOCH");
    if (sde == null || sde.isBlank()) {
      return Instant.now();
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(sde.strip()));
    } catch (NumberFormatException e) {
      throw new UsageException("SOURCE_DATE_EPOCH '" + sde + "' is not a number of seconds");
    }
  }
}
