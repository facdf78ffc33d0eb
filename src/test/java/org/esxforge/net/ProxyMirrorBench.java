package org.esxforge.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.esxforge.depot.DepotOptions;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.Redactor;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleVersion;

/**
 * {@code bench/proxy-mirror.sh}: mirrors the sample 7.0 depot (86 VIBs), served by nginx on
 * loopback, with no cache, in paired rounds (the order rotates every round) under five
 * configurations:
 *
 * <ul>
 *   <li>{@code direct}: no proxy, {@link Mirror#DEFAULT_PARALLEL_FETCHES} fetches at a time;
 *   <li>{@code tinyproxy}: through tinyproxy logging at {@code Warning} (the peer of the target);
 *   <li>{@code tinyproxy-info}: through tinyproxy logging at {@code Info}, Debian's default, which
 *       writes and fsyncs eight log lines per request;
 *   <li>{@code direct-serial} and {@code tinyproxy-serial}: one fetch at a time.
 * </ul>
 *
 * <p>Prints each round, the medians, the ratios to {@code direct} of the same rounds, the warnings
 * of every proxied run and the load average before and after. Exits 1 when a proxied run warned or
 * the median ratio tinyproxy/direct exceeds 1.3 (issue 17's target).
 *
 * <p>Usage: {@code ProxyMirrorBench <work dir> [rounds]}
 */
public final class ProxyMirrorBench {
  private ProxyMirrorBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path docroot = work.resolve("www");
    SampleDepot.write(docroot.resolve("sample"), SampleVersion.parse("7.0"), EventHandlers.none());
    try (Stream<Path> s = Files.walk(work)) {
      s.forEach(p -> p.toFile().setReadable(true, false));
    }
    System.out.println("load average before: " + load());
    try (LoopbackDaemons nginx =
            LoopbackDaemons.nginx(docroot, work.resolve("nginx"), null, null, "", true);
        LoopbackDaemons quiet =
            LoopbackDaemons.tinyproxy(work.resolve("tp"), null, null, "Warning");
        LoopbackDaemons info = LoopbackDaemons.tinyproxy(work.resolve("tpi"), null, null, "Info")) {
      String url = "http://" + LoopbackDaemons.DEPOT_HOST + ":" + nginx.port + "/sample/index.xml";
      int par = Mirror.DEFAULT_PARALLEL_FETCHES;
      Map<String, Config> configs = new LinkedHashMap<>();
      configs.put("direct", new Config(ProxyConfig.direct(), par));
      configs.put("tinyproxy", new Config(proxy(quiet), par));
      configs.put("tinyproxy-info", new Config(proxy(info), par));
      configs.put("direct-serial", new Config(ProxyConfig.direct(), 1));
      configs.put("tinyproxy-serial", new Config(proxy(quiet), 1));
      List<String> names = new ArrayList<>(configs.keySet());
      for (String n : names) {
        run(work, url, configs.get(n), "warm-up-" + n); // JIT and page cache, not counted
      }
      Map<String, List<Double>> times = new LinkedHashMap<>();
      names.forEach(n -> times.put(n, new ArrayList<>()));
      int proxiedWarnings = 0;
      for (int i = 0; i < rounds; i++) {
        StringBuilder line = new StringBuilder("round " + (i + 1) + ":");
        Map<String, Result> round = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
          String n = names.get((i + k) % names.size()); // rotate the order every round
          round.put(n, run(work, url, configs.get(n), "r" + i + "-" + n));
        }
        for (String n : names) {
          Result r = round.get(n);
          times.get(n).add(r.seconds);
          if (n.startsWith("tinyproxy")) {
            proxiedWarnings += r.warnings;
          }
          line.append(
              String.format(Locale.ROOT, " %s %.2f s (%d warnings);", n, r.seconds, r.warnings));
        }
        System.out.println(line);
      }
      double direct = median(times.get("direct"));
      double directSerial = median(times.get("direct-serial"));
      StringBuilder sum = new StringBuilder("median:");
      for (String n : names) {
        double m = median(times.get(n));
        double peer = n.endsWith("-serial") ? directSerial : direct;
        sum.append(String.format(Locale.ROOT, " %s %.2f s (%.2f×);", n, m, m / peer));
      }
      System.out.println(sum);
      double ratio = median(times.get("tinyproxy")) / direct;
      System.out.printf(
          Locale.ROOT,
          "ratio tinyproxy/direct %.2f (target 1.3); warnings through the proxies: %d%n",
          ratio,
          proxiedWarnings);
      System.out.println("load average after: " + load());
      if (proxiedWarnings > 0 || ratio > 1.3) {
        System.exit(1);
      }
    }
  }

  private record Config(ProxyConfig proxy, int parallel) {}

  private record Result(double seconds, int warnings) {}

  private static ProxyConfig proxy(LoopbackDaemons p) throws Exception {
    return ProxyConfig.fromEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + p.port));
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static Result run(Path work, String url, Config c, String name) throws Exception {
    AtomicInteger warnings = new AtomicInteger();
    EventHandlers events =
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.level() == LogEvent.Level.WARN) {
                warnings.incrementAndGet();
              }
            });
    NetworkSettings s = NetworkSettings.defaults().withProxy(c.proxy).withRedactor(new Redactor());
    Path target = work.resolve("m-" + name);
    long t0 = System.nanoTime();
    try (CachingFetcher f = Fetchers.create(s, null, false, events)) {
      Mirror.run(
          new Mirror.Request(
              List.of(url), target, List.of(), Instant.parse("2026-01-01T00:00:00Z"), c.parallel),
          f,
          DepotOptions.defaults(),
          events);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return new Result(seconds, warnings.get());
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
