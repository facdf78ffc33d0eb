package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleVersion;
import org.esxforge.vib.Signatures;

/**
 * The {@code -d/--depot} and {@code --trust} options shared by every command that reads depots.
 *
 * <p>{@code sample:7.0} / {@code sample:8.0} (or just {@code sample}) name the generated sample
 * base depot in {@code $ESXFORGE_HOME/depots/sample-<version>} ({@code bin/esxforge} sets
 * ESXFORGE_HOME to the checkout; else the working directory). It is generated there on first use,
 * and its own {@code sample-ca.pem} is added to the trust anchors, since asking for the sample
 * means trusting the CA that signed it.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
public final class DepotArgs {
  private static final Pattern SAMPLE = Pattern.compile("sample(?::(\\S+))?");

  @Parameter(
      names = {"-d", "--depot"},
      description =
          "A depot: http(s) URL of a depot index or folder, offline bundle or component zip,"
              + " depot folder, loose .vib, or sample:7.0 / sample:8.0. Repeatable")
  public List<String> depots = new ArrayList<>();

  @Parameter(
      names = "--trust",
      description = "PEM file with CA certificates that VIB signatures must chain to. Repeatable")
  public List<String> trust = new ArrayList<>();

  /** Proxies, TLS trust, the download cache, --offline, tokens (issue 6). */
  @ParametersDelegate public NetworkOptions network = new NetworkOptions();

  /**
   * Resolves sample shorthands (generating the sample when missing) and opens every depot through
   * the caching, proxy-aware fetcher. Close the session after the last VIB has been read.
   */
  public NetworkOptions.Session open(Console console, CommonOptions common)
      throws IOException, UsageException {
    network.validate();
    return network.open(this, console, common);
  }

  /**
   * The depot locations with {@code ${...}} secrets expanded and sample shorthands resolved (the
   * sample generated when missing), for code that opens depots itself (the build pipeline).
   */
  public List<String> locations(EventHandlers events) throws IOException, UsageException {
    return locations(events, System.getenv());
  }

  /** {@link #locations(EventHandlers)} in the environment {@code env} (the command's). */
  public List<String> locations(EventHandlers events, Map<String, String> env)
      throws IOException, UsageException {
    if (depots.isEmpty()) {
      throw new UsageException("no depot given: use -d/--depot (e.g. -d sample:7.0)");
    }
    network.validate();
    List<String> out = new ArrayList<>();
    for (String d : network.expandDepots(depots, env)) {
      out.add(resolve(d, events, env));
    }
    network.settings(env); // usage errors before anything is opened
    return out;
  }

  /**
   * The --trust anchors plus the CA of every sample depot named in {@code depots} (generated when
   * missing, as opening it would), whatever was called before.
   */
  public List<X509Certificate> trustAnchors(EventHandlers events)
      throws IOException, UsageException {
    return trustAnchors(events, System.getenv());
  }

  /** {@link #trustAnchors(EventHandlers)} in the environment {@code env} (the command's). */
  public List<X509Certificate> trustAnchors(EventHandlers events, Map<String, String> env)
      throws IOException, UsageException {
    List<X509Certificate> anchors = new ArrayList<>();
    java.util.Set<Path> files = new java.util.LinkedHashSet<>();
    trust.forEach(t -> files.add(Path.of(t)));
    for (String d : depots) {
      Path sample = sampleFolder(d, events, env);
      if (sample != null) {
        files.add(sample.resolve(SampleDepot.CA_PEM));
      }
    }
    for (Path p : files) {
      if (!Files.isRegularFile(p)) {
        throw new IOException(p + ": trust anchor file not found");
      }
      anchors.addAll(Signatures.readCertificates(Files.readAllBytes(p), p.toString()));
    }
    return anchors;
  }

  /** {@code sample[:version]} → the sample depot folder (generated when absent); else as given. */
  static String resolve(String location, EventHandlers events, Map<String, String> env)
      throws IOException, UsageException {
    Path sample = sampleFolder(location, events, env);
    return sample == null ? location : sample.toString();
  }

  /** The sample depot folder {@code location} names (generated when absent), or null. */
  private static Path sampleFolder(String location, EventHandlers events,
      Map<String, String> env) throws IOException, UsageException {
    Matcher m = SAMPLE.matcher(location.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    SampleVersion version;
    try {
      version = SampleVersion.parse(m.group(1) == null ? "7.0" : m.group(1));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path dir = home(env).resolve("depots").resolve("sample-" + version.text());
    if (!Files.isRegularFile(dir.resolve("index.xml"))) {
      events.lifecycle("generating the sample depot in " + dir + " (first use)");
      SampleDepot.write(dir, version, events);
    }
    return dir;
  }

  /** {@code $ESXFORGE_HOME}, else the working directory. */
  static Path home(Map<String, String> env) {
    String h = env.get("ESXFORGE_HOME");
    return (h == null || h.isBlank() ? Path.of("") : Path.of(h)).toAbsolutePath();
  }
}
