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
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.event.ProgressEvent;
import org.esxforge.net.FaultServer;
import org.esxforge.net.RealDepots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network commands run as the CLI runs them, with every byte of output captured. */
class NetworkCommandsTest {
  private static final String TOKEN = "Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0";
  @TempDir Path tmp;
  private FaultServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = new FaultServer();
    RealDepots.serve(
        server,
        RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb")),
        "/" + TOKEN + "/PROD/usb/");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Parses and runs like {@code Main}: one line and an exit code for a failure. */
  private int run(Command cmd, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    JCommander.newBuilder().addObject(cmd).build().parse(args);
    try {
      return cmd.run(new Console(o, e, cmd.common())).code();
    } catch (UsageException x) {
      e.println("esxforge: " + Flags.render(x.getMessage())); // as Main prints it
      return ExitCode.USAGE.code();
    } catch (Exception x) {
      e.println("esxforge: " + Flags.render(x.getMessage())); // as Main prints it
      return Main.classify(x).code();
    }
  }

  private String everything() throws IOException {
    StringBuilder sb =
        new StringBuilder(out.toString(StandardCharsets.UTF_8))
            .append(err.toString(StandardCharsets.UTF_8));
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p :
          (Iterable<Path>)
              s.filter(Files::isRegularFile)
                      .filter(
                          p ->
                              !p.startsWith(tmp.resolve("usb"))
                                  && !p.getFileName().toString().equals("token"))
                  ::iterator) {
        sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }

  @Test
  void mirror_tokenFromFile_neverInAnyOutputCacheOrMirror() throws IOException {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    String url = "http://127.0.0.1:" + server.port() + "/${ESXFORGE_TOKEN}/PROD/usb/index.xml";
    server.enqueue(FaultServer.Fault.STATUS_503);
    int code =
        run(
            new MirrorCommand(),
            "-d",
            url,
            "--to",
            tmp.resolve("m").toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--token-file",
            tokenFile.toString());
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String all = everything();
    assertTrue(all.contains("/<redacted>/PROD/usb/index.xml"), all);
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("1 VIBs (1 new or changed"),
        out.toString(StandardCharsets.UTF_8));
    assertFalse(all.contains(TOKEN), "the token leaked");

    // missing file with the token literally in the URL: one line, exit 4, no token
    out.reset();
    err.reset();
    code =
        run(
            new MirrorCommand(),
            "-d",
            "http://127.0.0.1:" + server.port() + "/" + TOKEN + "/PROD/none/index.xml",
            "--to",
            tmp.resolve("m2").toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--json");
    assertEquals(4, code);
    assertFalse(everything().contains(TOKEN), "the token leaked");
    assertEquals(
        1,
        err.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("esxforge: "))
            .count());
  }

  @Test
  void mirror_offlineColdCache_failsNamingUrl_exit4() {
    int code =
        run(
            new MirrorCommand(),
            "-d",
            "http://127.0.0.1:" + server.port() + "/x/index.xml",
            "--to",
            tmp.resolve("m").toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--offline");
    assertEquals(4, code);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        e.contains(
            "esxforge: http://127.0.0.1:"
                + server.port()
                + "/x/index.xml: not in the cache and --offline was given. Run the same command once without --offline"),
        e);
  }

  @Test
  void mirror_offlineWithNoCache_usageError() {
    int code = run(new MirrorCommand(), "-d", "http://h/x", "--to", "m", "--no-cache", "--offline");
    assertEquals(2, code);
    assertEquals(
        "esxforge: --offline needs the cache; it cannot be combined with --no-cache\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cacheInfoAndPrune_afterMirror_countAndEmpty() throws IOException {
    String cache = tmp.resolve("cache").toString();
    assertEquals(
        0,
        run(
            new MirrorCommand(),
            "-d",
            "http://127.0.0.1:" + server.port() + "/" + TOKEN + "/PROD/usb/index.xml",
            "--to",
            tmp.resolve("m").toString(),
            "--cache",
            cache,
            "-q"));
    out.reset();
    assertEquals(0, run(new CacheCommand.Info(), "--cache", cache, "--json"));
    String info = out.toString(StandardCharsets.UTF_8);
    assertTrue(info.contains("\"payloads\" : {") && info.contains("\"entries\" : 4"), info);
    out.reset();
    assertEquals(0, run(new CacheCommand.Prune(), "--cache", cache, "--all"));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).startsWith("removed 4 entries ("),
        out.toString(StandardCharsets.UTF_8));
    out.reset();
    assertEquals(0, run(new CacheCommand.Info(), "--cache", cache));
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("total            0"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(2, run(new CacheCommand.Prune(), "--cache", cache));
  }

  @Test
  void progress_styles_renderAsDocumented() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8);
    long[] now = {0};
    ProgressRenderer lines = new ProgressRenderer(p, ProgressRenderer.Style.LINES, () -> now[0]);
    for (long d = 0; d <= 4096; d += 512) {
      lines.accept(new ProgressEvent("download x.vib", d, 4096, "bytes"));
    }
    assertEquals(
        List.of(
            "download x.vib: 0 B of 4.0 KiB (0%)",
            "download x.vib: 1.0 KiB of 4.0 KiB (25%)",
            "download x.vib: 2.0 KiB of 4.0 KiB (50%)",
            "download x.vib: 3.0 KiB of 4.0 KiB (75%)",
            "download x.vib: 4.0 KiB of 4.0 KiB (100%)"),
        buf.toString(StandardCharsets.UTF_8).lines().toList());
    buf.reset();
    // a line per quarter entered, saying how far the task really is (the ISO writer reports
    // every 64 MiB: its first line used to say 0 % at 64 of 489 MiB)
    ProgressRenderer iso = new ProgressRenderer(p, ProgressRenderer.Style.LINES, () -> now[0]);
    long mib = 1L << 20;
    for (long d : new long[] {64 * mib, 128 * mib, 192 * mib, 256 * mib, 489 * mib}) {
      iso.accept(new ProgressEvent("write x.iso", d, 489 * mib, "bytes"));
    }
    assertEquals(
        List.of(
            "write x.iso: 64.0 MiB of 489.0 MiB (13%)",
            "write x.iso: 128.0 MiB of 489.0 MiB (26%)",
            "write x.iso: 256.0 MiB of 489.0 MiB (52%)",
            "write x.iso: 489.0 MiB of 489.0 MiB (100%)"),
        buf.toString(StandardCharsets.UTF_8).lines().toList());
    buf.reset();
    new ProgressRenderer(p, ProgressRenderer.Style.JSON, () -> 0)
        .accept(
            new ProgressEvent(
                "download https://dl.broadcom.com/" + TOKEN + "/PROD/a.vib", 5, 10, "bytes"));
    assertEquals(
        "{\"event\":\"progress\",\"task\":\"download https://dl.broadcom.com/<redacted>/PROD/a.vib\","
            + "\"done\":5,\"total\":10,\"unit\":\"bytes\"}\n",
        buf.toString(StandardCharsets.UTF_8));
    buf.reset();
    ProgressRenderer bar = new ProgressRenderer(p, ProgressRenderer.Style.BAR, () -> now[0]);
    bar.accept(new ProgressEvent("t", 1024, 4096, "bytes"));
    bar.accept(new ProgressEvent("t", 2048, 4096, "bytes")); // within 100 ms: skipped
    now[0] = 200_000_000L;
    bar.accept(new ProgressEvent("t", 4096, 4096, "bytes"));
    assertEquals(
        "\r[######..................]  25% 1.0 KiB/4.0 KiB t\033[K"
            + "\r[########################] 100% 4.0 KiB/4.0 KiB t\033[K\n",
        buf.toString(StandardCharsets.UTF_8));
    buf.reset();
    new ProgressRenderer(p, ProgressRenderer.Style.NONE, () -> 0)
        .accept(new ProgressEvent("t", 1, 2, "bytes"));
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void session_depotArgsThroughCache_secondSessionTransfersNothing() throws Exception {
    NetworkOptions network = new NetworkOptions();
    network.cache = tmp.resolve("cache").toString();
    CommonOptions common = new CommonOptions();
    common.quiet = true;
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            common);
    DepotArgs args = new DepotArgs();
    args.depots.add("http://127.0.0.1:" + server.port() + "/" + TOKEN + "/PROD/usb/index.xml");
    List<Long> served = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long before = server.bodyBytesServed();
      try (NetworkOptions.Session s = network.open(args, console, common)) {
        assertEquals(1, s.catalog().vibs().size());
        try (java.io.InputStream in =
            s.catalog().vibs().values().iterator().next().source().open()) {
          assertEquals(356920, in.transferTo(java.io.OutputStream.nullOutputStream()));
        }
      }
      served.add(server.bodyBytesServed() - before);
    }
    assertTrue(served.get(0) > 356920, served.toString());
    assertEquals(0L, served.get(1));
    assertFalse(everything().contains(TOKEN));
  }
}
