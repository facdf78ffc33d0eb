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
import org.esxforge.cache.Cache;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Redactor;
import org.esxforge.net.CachingFetcher;
import org.esxforge.net.Fetchers;
import org.esxforge.net.NetworkSettings;
import org.esxforge.net.NoProxy;
import org.esxforge.net.ProxyConfig;
import org.esxforge.net.SecretTemplates;

/**
 * Network and cache options shared by every command that reads online depots; pull them in with
 * {@code @ParametersDelegate public NetworkOptions network = new NetworkOptions();}.
 *
 * <p>Secrets: a depot URL may contain {@code ${NAME}} (environment variable {@code NAME}) or
 * {@code ${file:PATH}} (the content of a file), e.g. {@code
 * https://dl.broadcom.com/${ESXFORGE_TOKEN}/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml}. {@code
 * --token-file FILE} sets {@code ${ESXFORGE_TOKEN}} from a file (overriding the environment).
 * Every such value is registered with {@link Redactor#shared()} and never printed.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
public final class NetworkOptions {
  /** The placeholder {@code --token-file} fills. */
  public static final String TOKEN_VARIABLE = "ESXFORGE_TOKEN";

  @Parameter(
      names = "--proxy",
      description = "HTTP proxy for all depots, http://[user:password@]host[:port] (default: HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies)")
  public String proxy;

  @Parameter(names = "--no-proxy", description = "Connect directly, ignoring HTTPS_PROXY/HTTP_PROXY")
  public boolean noProxy;

  @Parameter(
      names = "--ca-cert",
      description = "Also trust the CA certificates in this PEM file (e.g. an SSL-inspecting proxy); repeatable")
  public List<String> caCerts = new ArrayList<>();

  @Parameter(names = "--cache", description = "Cache directory (default: $XDG_CACHE_HOME/esxforge or ~/.cache/esxforge)")
  public String cache;

  @Parameter(names = "--no-cache", description = "Do not use the download cache")
  public boolean noCache;

  @Parameter(names = "--offline", description = "Use only the cache; fail naming what is missing")
  public boolean offline;

  @Parameter(
      names = "--token-file",
      description = "File holding the depot download token, used as ${ESXFORGE_TOKEN} in depot URLs")
  public String tokenFile;

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
      throw new UsageException(e.getMessage());
    }
    List<Path> certs = new ArrayList<>();
    for (String c : caCerts) {
      Path p = Path.of(c);
      if (!Files.isReadable(p)) {
        throw new UsageException("--ca-cert " + c + ": no such readable file");
      }
      certs.add(p);
    }
    return NetworkSettings.defaults().withProxy(pc).withCaCerts(certs);
  }

  /** Expands {@code ${NAME}} / {@code ${file:PATH}} in depot locations, registering the secrets. */
  public List<String> expandDepots(List<String> depots, Map<String, String> env) throws IOException {
    Map<String, String> vars = new HashMap<>(env);
    SecretTemplates t = new SecretTemplates(vars::get, Redactor.shared());
    if (tokenFile != null) {
      vars.put(TOKEN_VARIABLE, t.readSecretFile(Path.of(tokenFile)));
    }
    List<String> out = new ArrayList<>();
    for (String d : depots) {
      out.add(t.expand(d));
    }
    return out;
  }

  /** The cache directory to use, or {@code null} with {@code --no-cache}. */
  public Path cacheDirectory(Map<String, String> env) {
    if (noCache) {
      return null;
    }
    return cache != null ? Path.of(cache) : Cache.defaultDirectory(env, System.getProperty("user.home"));
  }

  /** Opens the cache ({@code null} with {@code --no-cache}); the caller closes it. */
  public Cache openCache(Map<String, String> env) throws IOException {
    Path dir = cacheDirectory(env);
    return dir == null ? null : Cache.open(dir, Clock.systemUTC());
  }

  /**
   * Opens the depots of {@code args} (sample shorthands resolved, {@code ${...}} expanded) through
   * the caching, retrying, proxy-aware fetcher, with progress rendered for {@code console}. Close
   * the session after the last VIB has been read: remote VIB sources fetch through it lazily.
   */
  public Session open(DepotArgs args, Console console, CommonOptions common)
      throws IOException, UsageException {
    if (args.depots.isEmpty()) {
      throw new UsageException("no depot given: use -d/--depot (e.g. -d sample:7.0)");
    }
    Map<String, String> env = console.env();
    ProgressRenderer progress = ProgressRenderer.forConsole(console, common);
    EventHandlers events = progress.wrap(console.events());
    List<String> locations = new ArrayList<>();
    for (String d : expandDepots(args.depots, env)) {
      locations.add(args.resolve(d, events, env));
    }
    settings(env); // usage errors before anything is opened
    Cache cache = openCache(env);
    CachingFetcher fetcher = null;
    try {
      fetcher = fetcher(env, cache, events);
      Catalog catalog = Depots.open(locations, DepotOptions.defaults(), events, fetcher);
      return new Session(catalog, fetcher, cache, progress);
    } catch (IOException | UsageException | RuntimeException e) {
      if (fetcher != null) {
        fetcher.close();
      }
      if (cache != null) {
        cache.close();
      }
      throw e;
    }
  }

  /**
   * Opened depots with the fetcher and cache behind them; closing it closes all three.
   *
   * <p>Thread-safe as its parts are.
   */
  public record Session(Catalog catalog, CachingFetcher fetcher, Cache cache, ProgressRenderer progress)
      implements java.io.Closeable {
    @Override
    public void close() throws IOException {
      progress.finishBar();
      try (Cache c = cache;
          CachingFetcher f = fetcher;
          Catalog k = catalog) {
        // closed in reverse order: catalog, fetcher, cache
      }
    }
  }

  /** The caching, retrying, proxy-aware fetcher for these options. */
  public CachingFetcher fetcher(Map<String, String> env, Cache openCache, EventHandlers events)
      throws UsageException, IOException {
    return Fetchers.create(settings(env), openCache, offline, events);
  }
}
