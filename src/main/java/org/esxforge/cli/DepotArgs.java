package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Messages;
import org.esxforge.sample.SampleCa;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleSize;
import org.esxforge.sample.SampleVersion;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.TrustStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@code -d/--depot} and {@code --trust} options shared by every command that reads depots.
 *
 * <p>{@code sample:7.0} / {@code sample:8.0} (or just {@code sample}) name the generated sample
 * base depot in {@code $ESXFORGE_HOME/depots/sample-<version>} ({@code bin/esxforge} sets
 * ESXFORGE_HOME to the checkout; else the working directory). It is generated there on first use.
 * {@code sample:7.0-full} / {@code sample:8.0-full} name the same sample with every payload at its
 * real size ({@link SampleSize#FULL}), in {@code depots/sample-<version>-full}.
 *
 * <p>Trust ({@link #trustStore(Map)}): VIB signatures are checked against esxforge's built-in
 * VMware certificates, beside which go the {@code --trust} files and, when a sample depot is named,
 * the sample CA, scoped to the sample's own VIBs (docs/trust.md).
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
   * The trust store for VIB signatures: the built-in VMware certificates, each {@code --trust}
   * file, and the sample CA when a sample depot is named. A function of the options alone: the same
   * whatever was called before.
   */
  public TrustStore trustStore(Map<String, String> env) throws IOException {
    return trustStore(depots, trust.stream().map(Path::of).toList(), env);
  }

  /**
   * The trust store for {@code depotSpecs} (as the user spelled them) and {@code trustFiles}:
   * {@link TrustStore#builtIn()}, plus each trust file's certificates (anchoring every VIB), plus,
   * if any spec is {@code sample[:version]}, the sample CA, which anchors only VIBs read from the
   * sample depot folders named and from the checkout's {@code samples/} folder: its keys are
   * public, so it must not vouch for anything else.
   */
  static TrustStore trustStore(
      List<String> depotSpecs, List<Path> trustFiles, Map<String, String> env) throws IOException {
    TrustStore store = TrustStore.builtIn();
    for (Path p : new java.util.LinkedHashSet<>(trustFiles)) {
      if (!Files.isRegularFile(p)) {
        throw new IOException(p + ": trust anchor file not found");
      }
      store =
          store.plus(
              Signatures.readCertificates(Files.readAllBytes(p), p.toString()), "--trust " + p);
    }
    List<Path> sampleScope = new ArrayList<>();
    for (String d : depotSpecs) {
      Matcher m = SAMPLE.matcher(d.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        try {
          Sample s = Sample.parse(m.group(1));
          sampleScope.add(sampleDir(s.version(), s.size(), env));
        } catch (IllegalArgumentException e) {
          // not a sample version: opening the depot reports it
        }
      }
    }
    if (!sampleScope.isEmpty()) {
      sampleScope.add(home(env).resolve("samples"));
      store =
          store.plusScoped(
              List.of(SampleCa.rootCertificate()),
              "the esxforge sample CA (for the sample depot and samples/ only)",
              sampleScope);
    }
    return store;
  }

  /** Where {@code sample:<version>} lives. */
  static Path sampleDir(SampleVersion version, Map<String, String> env) {
    return sampleDir(version, SampleSize.STANDARD, env);
  }

  /** Where {@code sample:<version>[-full]} lives. */
  static Path sampleDir(SampleVersion version, SampleSize size, Map<String, String> env) {
    return home(env).resolve("depots").resolve("sample-" + version.text() + size.suffix());
  }

  /** A {@code sample:} name: {@code 7.0}, {@code 8.0}, either with {@code -full}; null is 7.0. */
  record Sample(SampleVersion version, SampleSize size) {
    static Sample parse(String text) {
      String t = text == null ? "7.0" : text;
      SampleSize size = SampleSize.STANDARD;
      if (t.endsWith(SampleSize.FULL.suffix())) {
        size = SampleSize.FULL;
        t = t.substring(0, t.length() - SampleSize.FULL.suffix().length());
      }
      try {
        return new Sample(SampleVersion.parse(t), size);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown sample '"
                + text
                + "': expected 7.0, 8.0, 7.0-full or 8.0-full (sample:7.0-full is every payload at"
                + " its real size)",
            e);
      }
    }
  }

  /** {@code sample[:version]} → the sample depot folder (generated when absent); else as given. */
  static String resolve(String location, EventHandlers events, Map<String, String> env)
      throws IOException, UsageException {
    Path sample = sampleFolder(location, events, env);
    return sample == null ? location : sample.toString();
  }

  /** The sample depot folder {@code location} names (generated when absent), or null. */
  private static @Nullable Path sampleFolder(
      String location, EventHandlers events, Map<String, String> env)
      throws IOException, UsageException {
    Matcher m = SAMPLE.matcher(location.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    Sample sample;
    try {
      sample = Sample.parse(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new UsageException(Messages.of(e));
    }
    Path dir = sampleDir(sample.version(), sample.size(), env);
    if (!Files.isRegularFile(dir.resolve("index.xml"))) {
      events.lifecycle("generating the sample depot in " + dir + " (first use)");
      SampleDepot.write(dir, sample.version(), sample.size(), events);
    }
    return dir;
  }

  /** {@code $ESXFORGE_HOME}, else the working directory. */
  static Path home(Map<String, String> env) {
    String h = env.get("ESXFORGE_HOME");
    return (h == null || h.isBlank() ? Path.of("") : Path.of(h)).toAbsolutePath();
  }
}
