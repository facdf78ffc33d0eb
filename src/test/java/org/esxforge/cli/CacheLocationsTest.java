package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.beust.jcommander.JCommander;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.esxforge.net.FaultServer;
import org.esxforge.net.RealDepots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caches that cannot be written: a read-only cache (a shared mount in CI containers) serves {@code
 * --offline} reads and {@code cache info}; an unusable location is one line naming it and the fix.
 * Plus the small network option checks ({@code --proxy} ports, {@code --min-speed}).
 */
class CacheLocationsTest {
  @TempDir Path tmp;
  private FaultServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path mounted;

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    RealDepots.serve(server, RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb")), "/usb/");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString())
          .inheritIO()
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  private int run(Command cmd, String... args) {
    out.reset();
    err.reset();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    try {
      JCommander.newBuilder().addObject(cmd).build().parse(args);
      return cmd.run(new Console(o, e, cmd.common())).code();
    } catch (UsageException x) {
      e.println("esxforge: " + x.getMessage());
      return ExitCode.USAGE.code();
    } catch (Exception x) {
      e.println("esxforge: " + x.getMessage());
      return Main.classify(x).code();
    }
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** {@code dir} made read-only: a read-only bind mount as root, file modes otherwise. */
  private Path readOnly(Path dir) throws Exception {
    Path ro = tmp.resolve("ro");
    Files.createDirectories(ro);
    if ("root".equals(System.getProperty("user.name"))) {
      boolean ok =
          new ProcessBuilder("mount", "--bind", dir.toString(), ro.toString()).start().waitFor()
              == 0;
      Assumptions.assumeTrue(
          ok, "cannot bind-mount (no CAP_SYS_ADMIN): skipping the read-only cache test");
      mounted = ro;
      ok =
          new ProcessBuilder("mount", "-o", "remount,bind,ro", ro.toString()).start().waitFor()
              == 0;
      Assumptions.assumeTrue(ok, "cannot remount read-only");
      return ro;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
      }
    }
    return dir;
  }

  @Test
  void readOnlyCache_servesOfflineReadsAndCacheInfo() throws Exception {
    String url = server.uri("/usb/index.xml").toString();
    Path cache = tmp.resolve("cache");
    assertEquals(0, run(new VibsCommand(), "-d", url, "--cache", cache.toString()), err());
    String online = out.toString(StandardCharsets.UTF_8);
    Path ro = readOnly(cache);

    assertEquals(
        0, run(new VibsCommand(), "-d", url, "--cache", ro.toString(), "--offline"), err());
    assertEquals(online, out.toString(StandardCharsets.UTF_8));
    assertEquals(0, run(new CacheCommand.Info(), "--cache", ro.toString()), err());
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("total"),
        out.toString(StandardCharsets.UTF_8));
    // online with a read-only cache: reads what it holds, fetches the rest without storing
    assertEquals(0, run(new VibsCommand(), "-d", url, "--cache", ro.toString()), err());
    assertEquals(online, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unusableCacheLocation_oneLineNamingItAndTheFix() {
    String url = server.uri("/usb/index.xml").toString();
    assertEquals(1, run(new VibsCommand(), "-d", url, "--cache", "/proc/esxforge-cache"));
    assertTrue(
        err()
            .startsWith(
                "esxforge: cannot use the cache directory /proc/esxforge-cache: /proc/esxforge-cache"),
        err());
    assertTrue(
        err().endsWith(". Pass --cache DIR with a writable directory, or --no-cache\n"), err());
    assertEquals(1, err().lines().count(), err());
  }

  @Test
  void proxyPortOutOfRange_isAUsageError() {
    String url = server.uri("/usb/index.xml").toString();
    assertEquals(2, run(new VibsCommand(), "-d", url, "--no-cache", "--proxy", "http://h:99999"));
    assertEquals(
        "esxforge: invalid proxy 'http://h:99999': port 99999 out of range (1-65535)\n", err());
  }

  @Test
  void minSpeed_parsedOrUsageError() throws Exception {
    assertEquals(1024, NetworkOptions.speed("1k"));
    assertEquals(0, NetworkOptions.speed("0"));
    assertEquals(3 * 1024 * 1024, NetworkOptions.speed("3M"));
    String url = server.uri("/usb/index.xml").toString();
    assertEquals(2, run(new VibsCommand(), "-d", url, "--no-cache", "--min-speed", "fast"));
    assertEquals("esxforge: --min-speed 'fast': expected bytes per second, e.g. 1k or 0\n", err());
    assertFalse(err().contains("Exception"));
  }
}
