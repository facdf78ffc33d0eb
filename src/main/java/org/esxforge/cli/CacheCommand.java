package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.esxforge.cache.Cache;
import org.esxforge.cache.CacheInfo;
import org.esxforge.cache.PrunePolicy;
import org.esxforge.cache.PruneResult;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge cache info|prune}: look at and trim the download cache.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Show or prune the download cache")
public final class CacheCommand implements Main.CommandGroup {
  @com.beust.jcommander.Parameter(
      names = {"-h", "--help"},
      help = true,
      description = "Show the subcommands")
  boolean help;

  private final Map<String, Command> subcommands =
      Main.ordered("info", new Info(), "prune", new Prune());

  @Override
  public Map<String, Command> subcommands() {
    return subcommands;
  }

  @Override
  public boolean help() {
    return help;
  }

  static Path directory(@Nullable String option, Map<String, String> env) {
    return option != null
        ? Path.of(option)
        : Cache.defaultDirectory(env, System.getProperty("user.home"));
  }

  /** {@code esxforge cache info}. */
  @Parameters(commandDescription = "Show the cache directory, entries and bytes by kind")
  public static final class Info implements Command {
    @ParametersDelegate public CommonOptions common = new CommonOptions();

    @Parameter(
        names = "--cache",
        description = "Cache directory (default: $XDG_CACHE_HOME/esxforge or ~/.cache/esxforge)")
    public @Nullable String cache;

    @Override
    public CommonOptions common() {
      return common;
    }

    @Override
    public ExitCode run(Console console) throws Exception {
      Path dir = directory(cache, console.env());
      CacheInfo i;
      if (!Files.isDirectory(dir)) {
        i = new CacheInfo(dir, 0, 0, 0, 0, 0, 0, 0);
      } else {
        try (Cache c = Cache.open(dir, Clock.systemUTC())) {
          i = c.info();
        }
      }
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", i.directory().toString());
        m.put("entries", i.blobCount());
        m.put("bytes", i.blobByteCount());
        m.put("metadata", Map.of("entries", i.metadataCount(), "bytes", i.metadataByteCount()));
        m.put("payloads", Map.of("entries", i.payloadCount(), "bytes", i.payloadByteCount()));
        m.put("urls", i.urlCount());
        console.printJson(m);
      } else {
        console.out().println("cache: " + i.directory());
        new Table("KIND", "ENTRIES", "SIZE")
            .row(
                "metadata",
                i.metadataCount(),
                ProgressRenderer.amount(i.metadataByteCount(), "bytes"))
            .row(
                "payloads (VIBs)",
                i.payloadCount(),
                ProgressRenderer.amount(i.payloadByteCount(), "bytes"))
            .row("total", i.blobCount(), ProgressRenderer.amount(i.blobByteCount(), "bytes"))
            .print(console.out());
      }
      return ExitCode.OK;
    }
  }

  /** {@code esxforge cache prune}. */
  @Parameters(
      commandDescription =
          "Remove cache entries: --all, or by age and/or total size (least recently used first)")
  public static final class Prune implements Command {
    @ParametersDelegate public CommonOptions common = new CommonOptions();

    @Parameter(
        names = "--cache",
        description = "Cache directory (default: $XDG_CACHE_HOME/esxforge or ~/.cache/esxforge)")
    public @Nullable String cache;

    @Parameter(names = "--all", description = "Remove every entry")
    public boolean all;

    @Parameter(
        names = "--older-than",
        description = "Remove entries unused for longer than this, e.g. 30d, 12h, 90m")
    public @Nullable String olderThan;

    @Parameter(
        names = "--max-size",
        description =
            "Then remove least recently used entries until at most this size remains, e.g. 10G, 500M")
    public @Nullable String maxSize;

    @Override
    public CommonOptions common() {
      return common;
    }

    @Override
    public ExitCode run(Console console) throws Exception {
      if (!all && olderThan == null && maxSize == null) {
        throw new UsageException("say what to prune: --all, --older-than AGE or --max-size SIZE");
      }
      PrunePolicy policy =
          new PrunePolicy(
              all,
              olderThan == null ? null : parseAge(olderThan),
              maxSize == null ? -1 : parseSize(maxSize),
              Instant.now());
      PruneResult r = Cache.prune(directory(cache, console.env()), policy);
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("removed", Map.of("entries", r.removedCount(), "bytes", r.removedByteCount()));
        m.put("kept", Map.of("entries", r.keptCount(), "bytes", r.keptByteCount()));
        console.printJson(m);
      } else {
        console
            .out()
            .println(
                "removed "
                    + r.removedCount()
                    + " entries ("
                    + ProgressRenderer.amount(r.removedByteCount(), "bytes")
                    + "), kept "
                    + r.keptCount()
                    + " ("
                    + ProgressRenderer.amount(r.keptByteCount(), "bytes")
                    + ")");
      }
      return ExitCode.OK;
    }
  }

  /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}. */
  static Duration parseAge(String s) throws UsageException {
    String t = s.strip().toLowerCase(Locale.ROOT);
    try {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'h' -> Duration.ofHours(n);
            case 'm' -> Duration.ofMinutes(n);
            case 's' -> Duration.ofSeconds(n);
            default -> null;
          };
      if (d != null) {
        return d;
      }
    } catch (RuntimeException e) {
      // fall through to the usage error
    }
    throw new UsageException(
        "--older-than '" + s + "': expected a number with d, h, m or s, e.g. 30d");
  }

  /** {@code 10G}, {@code 500M}, {@code 64K}, {@code 1000} (bytes); binary multiples. */
  static long parseSize(String s) throws UsageException {
    String t = s.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    try {
      char last = t.charAt(t.length() - 1);
      int shift =
          switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
          };
      long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
      if (n >= 0) {
        return Math.multiplyExact(n, 1L << shift);
      }
    } catch (RuntimeException e) {
      // fall through to the usage error
    }
    throw new UsageException("--max-size '" + s + "': expected a size such as 10G, 500M or 64K");
  }
}
