package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.api.DepotSession;
import org.esxforge.api.SessionSettings;
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotFetcher;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Messages;
import org.esxforge.io.Redactor;
import org.esxforge.net.NetworkSettings;
import org.esxforge.net.NoProxy;
import org.esxforge.net.ProxyConfig;
import org.esxforge.net.SecretTemplates;
import org.jspecify.annotations.Nullable;

/**
 * Network and cache options shared by every command that reads online depots; pull them in with
 * {@code @ParametersDelegate public NetworkOptions network = new NetworkOptions();}.
 *
 * <p>Secrets: a depot URL may contain {@code ${NAME}} (environment variable {@code NAME}) or {@code
 * ${file:PATH}} (the content of a file), e.g. {@code
 * https://dl.broadcom.com/${ESXFORGE_TOKEN}/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml}. {@code
 * --token-file FILE} sets {@code ${ESXFORGE_TOKEN}} from a file (overriding the environment). Every
 * such value is registered with {@link Redactor#shared()} and never printed. An unset variable or
 * an unreadable secret file is a usage error (exit 2).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
public final class NetworkOptions {
  /** The placeholder {@code --token-file} fills. */
  public static final String TOKEN_VARIABLE = "ESXFORGE_TOKEN";

  @Parameter(
      names = "--proxy",
      description =
          "HTTP proxy for all depots, http://[user:password@]host[:port] (default: HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies)")
  public @Nullable String proxy;

  @Parameter(
      names = "--no-proxy",
      description = "Connect directly, ignoring HTTPS_PROXY/HTTP_PROXY")
  public boolean noProxy;

  @Parameter(
      names = "--ca-cert",
      description =
          "Also trust the CA certificates in this PEM file (e.g. an SSL-inspecting proxy); repeatable")
  public List<String> caCerts = new ArrayList<>();

  @Parameter(
      names = "--cache",
      description = "Cache directory (default: $XDG_CACHE_HOME/esxforge or ~/.cache/esxforge)")
  public @Nullable String cache;

  @Parameter(names = "--no-cache", description = "Do not use the download cache")
  public boolean noCache;

  @Parameter(names = "--offline", description = "Use only the cache; fail naming what is missing")
  public boolean offline;

  @Parameter(
      names = "--token-file",
      description =
          "File holding the depot download token, used as ${ESXFORGE_TOKEN} in depot URLs")
  public @Nullable String tokenFile;

  @Parameter(
      names = "--min-speed",
      description =
          "Slowest acceptable download, in bytes/s averaged over 30 s (suffixes k, M); slower transfers fail and are retried; 0 turns the check off (default 1k)")
  public @Nullable String minSpeed;

  @Parameter(
      names = "--allow-insecure-redirects",
      description = "Follow redirects from https:// to plain http:// (refused by default)")
  public boolean allowInsecureRedirects;

  /** Checks cross-option rules. */
  public void validate() throws UsageException {
    if (noProxy && proxy != null) {
      throw new UsageException("--proxy and --no-proxy cannot be combined");
    }
    if (offline && noCache) {
      throw new UsageException("--offline needs the cache; it cannot be combined with --no-cache");
    }
    if (noCache && cache != null) {
      throw new UsageException("--cache and --no-cache cannot be combined");
    }
  }

  /** The network settings these options and {@code env} describe. */
  public NetworkSettings settings(Map<String, String> env) throws UsageException, IOException {
    validate();
    ProxyConfig pc;
    try {
      if (noProxy) {
        pc = ProxyConfig.direct();
      } else if (proxy != null) {
        String no = env.getOrDefault("no_proxy", env.getOrDefault("NO_PROXY", ""));
        pc = ProxyConfig.of(ProxyConfig.ProxyUri.parse(proxy), NoProxy.parse(no));
      } else {
        pc = ProxyConfig.fromEnvironment(env);
      }
    } catch (ProxyConfig.InvalidProxyException e) {
      throw new UsageException(Messages.of(e));
    }
    List<Path> certs = new ArrayList<>();
    for (String c : caCerts) {
      Path p = Path.of(c);
      if (!Files.isReadable(p)) {
        throw new UsageException("--ca-cert " + c + ": no such readable file");
      }
      certs.add(p);
    }
    NetworkSettings s =
        NetworkSettings.defaults()
            .withProxy(pc)
            .withCaCerts(certs)
            .withInsecureRedirects(allowInsecureRedirects);
    if (minSpeed != null) {
      s = s.withMinSpeed(speed(minSpeed), NetworkSettings.DEFAULT_MIN_SPEED_WINDOW);
    }
    return s;
  }

  /** Bytes per second from {@code 500}, {@code 2k}, {@code 1M} (binary multiples). */
  static long speed(String text) throws UsageException {
    String t = text.strip();
    long unit = 1;
    char last = t.isEmpty() ? ' ' : Character.toLowerCase(t.charAt(t.length() - 1));
    if (last == 'k' || last == 'm') {
      unit = last == 'k' ? 1024 : 1024 * 1024;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(v, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException(
          "--min-speed '" + text + "': expected bytes per second, e.g. 1k or 0");
    }
  }

  /** Expands {@code ${NAME}} / {@code ${file:PATH}} in depot locations, registering the secrets. */
  public List<String> expandDepots(List<String> depots, Map<String, String> env)
      throws UsageException {
    Map<String, String> vars = new HashMap<>(env);
    SecretTemplates t = new SecretTemplates(vars::get, Redactor.shared());
    List<String> out = new ArrayList<>();
    try {
      if (tokenFile != null) {
        vars.put(TOKEN_VARIABLE, t.readSecretFile(Path.of(tokenFile)));
      }
      for (String d : depots) {
        out.add(t.expand(d));
      }
    } catch (IOException e) {
      // an unset ${VAR} or an unreadable secret file: the command line must change (exit 2)
      throw new UsageException(Messages.of(e));
    }
    return out;
  }

  /** The cache directory to use, or {@code null} with {@code --no-cache}. */
  public @Nullable Path cacheDirectory(Map<String, String> env) {
    if (noCache) {
      return null;
    }
    return cache != null
        ? Path.of(cache)
        : Cache.defaultDirectory(env, System.getProperty("user.home"));
  }

  /** The library's session settings for these options and {@code env}. */
  public SessionSettings sessionSettings(Map<String, String> env)
      throws UsageException, IOException {
    return SessionSettings.defaults()
        .withNetwork(settings(env))
        .withCache(cacheDirectory(env), offline)
        .withClock(Clock.systemUTC());
  }

  /** Opens the library session (cache, fetcher) these options describe; the caller closes it. */
  public DepotSession openSession(EventHandlers events) throws UsageException, IOException {
    return openSession(events, System.getenv());
  }

  /** {@link #openSession(EventHandlers)} in the environment {@code env} (the command's). */
  public DepotSession openSession(EventHandlers events, Map<String, String> env)
      throws UsageException, IOException {
    return DepotSession.open(sessionSettings(env), events);
  }

  /**
   * Opens the depots of {@code args} (sample shorthands resolved, {@code ${...}} expanded) through
   * a session of these options, with progress rendered for {@code console}. Close the result after
   * the last VIB has been read: remote VIB sources fetch through it lazily.
   */
  public Session open(DepotArgs args, Console console, CommonOptions common)
      throws IOException, UsageException {
    ProgressRenderer progress = ProgressRenderer.forConsole(console, common);
    EventHandlers events = progress.wrap(console.events());
    List<String> locations = args.locations(events, console.env());
    DepotSession session = openSession(events, console.env());
    try {
      return new Session(session.catalog(locations), session, progress);
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * Opened depots with the session behind them; closing it closes both.
   *
   * <p>Thread-safe as its parts are.
   */
  public record Session(Catalog catalog, DepotSession session, ProgressRenderer progress)
      implements java.io.Closeable {
    /** The fetcher online files come through. */
    public DepotFetcher fetcher() {
      return session.fetcher();
    }

    @Override
    public void close() throws IOException {
      progress.finishBar();
      try (DepotSession s = session;
          Catalog k = catalog) {
        // closed in reverse order: catalog, then the session (fetcher, cache)
      }
    }
  }
}
