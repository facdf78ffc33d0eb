package org.esxforge.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.esxforge.cli.Main;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;

/**
 * Test helper: the generated sample depots (written once per JVM into a temp dir, deleted at exit),
 * the committed {@code samples/} packages, and an in-process CLI runner.
 */
final class Samples {
  private static final Map<SampleVersion, SampleDepotResult> DEPOTS =
      new EnumMap<>(SampleVersion.class);
  private static Path root;

  private Samples() {}

  static synchronized SampleDepotResult depot(SampleVersion v) {
    return DEPOTS.computeIfAbsent(
        v,
        k -> {
          try {
            if (root == null) {
              root = Files.createTempDirectory("esxforge-build-samples-");
              Path r = root;
              Runtime.getRuntime()
                  .addShutdownHook(
                      new Thread(
                          () -> {
                            try {
                              org.esxforge.io.TempDirectories.deleteTree(r);
                            } catch (IOException e) {
                              // best effort at JVM exit
                            }
                          }));
            }
            return SampleDepot.write(root.resolve("sample-" + k.text()), k, EventHandlers.none());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static String hp() {
    return "samples/HP-drivers-7.0-offline-bundle.zip";
  }

  static String emulex() {
    return "samples/Emulex-drivers-7.0-offline-bundle.zip";
  }

  static String communityVib() {
    return "samples/net-r8168-sample-8.045a-1community.vib";
  }

  static String nvme70() {
    return Fixtures.real(
            "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip")
        .toString();
  }

  /** The trust store a user gets with {@code -d sample:<version>}: VMware's plus the sample CA. */
  static org.esxforge.vib.TrustStore trust(SampleDepotResult d) {
    try {
      return org.esxforge.vib.TrustStore.builtIn()
          .plusScoped(
              org.esxforge.vib.Signatures.readCertificates(
                  Files.readAllBytes(d.caPem()), d.caPem().toString()),
              "the sample CA",
              java.util.List.of(d.folder(), Path.of("samples")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized String[] withSampleTrust(String[] args) {
    if (args.length == 0 || !(args[0].equals("build") || args[0].equals("verify"))) {
      return args;
    }
    java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(args));
    for (SampleDepotResult d : DEPOTS.values()) {
      String folder = d.folder().toString();
      if (out.stream().anyMatch(a -> a.equals(folder) || a.startsWith(folder + "/"))) {
        out.add("--trust");
        out.add(d.caPem().toString());
      }
    }
    return out.toArray(String[]::new);
  }

  /** The result of one in-process CLI run. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Runs the CLI. A build or verify naming a generated sample depot folder gets {@code --trust <its
   * sample-ca.pem>}, as a user does (the {@code sample:7.0} shorthand trusts the sample CA for its
   * own VIBs; a folder given by path does not).
   */
  static Run cli(String... given) {
    String[] args = withSampleTrust(given);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
