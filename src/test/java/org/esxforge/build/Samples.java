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
    return DEPOTS.computeIfAbsent(v, k -> {
      try {
        if (root == null) {
          root = Files.createTempDirectory("esxforge-build-samples-");
          Path r = root;
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
    return Fixtures.real("nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip")
        .toString();
  }

  /** The result of one in-process CLI run. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
