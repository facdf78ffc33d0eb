package org.esxforge.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * {@code bench/proxy-mirror.sh}: mirrors the sample 7.0 depot, served by nginx on loopback, once
 * directly and once through tinyproxy, in paired rounds (the order alternates), with no cache;
 * prints each round, the medians, the ratio proxied/direct and the warnings of each run. Exits 1
 * when a proxied run warned or the median ratio exceeds 1.3 (issue 17's target).
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
    try (LoopbackDaemons nginx =
            LoopbackDaemons.nginx(docroot, work.resolve("nginx"), null, null, "", true);
        LoopbackDaemons proxy = LoopbackDaemons.tinyproxy(work.resolve("tp"), null, null)) {
      String url = "http://" + LoopbackDaemons.DEPOT_HOST + ":" + nginx.port + "/sample/index.xml";
      ProxyConfig direct = ProxyConfig.direct();
      ProxyConfig proxied =
          ProxyConfig.fromEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + proxy.port));
      run(work, url, direct, "warm-up"); // JIT and page cache, not counted
      List<Double> d = new ArrayList<>();
      List<Double> p = new ArrayList<>();
      int proxiedWarnings = 0;
      for (int i = 0; i < rounds; i++) {
        boolean directFirst = i % 2 == 0;
        Result a = run(work, url, directFirst ? direct : proxied, "r" + i + "a");
        Result b = run(work, url, directFirst ? proxied : direct, "r" + i + "b");
        Result dr = directFirst ? a : b;
        Result pr = directFirst ? b : a;
        d.add(dr.seconds);
        p.add(pr.seconds);
        proxiedWarnings += pr.warnings;
        System.out.printf(
            Locale.ROOT,
            "round %d: direct %.2f s (%d warnings), tinyproxy %.2f s (%d warnings)%n",
            i + 1,
            dr.seconds,
            dr.warnings,
            pr.seconds,
            pr.warnings);
      }
      double md = median(d);
      double mp = median(p);
      System.out.printf(
          Locale.ROOT,
          "median: direct %.2f s, tinyproxy %.2f s, ratio %.2f; warnings through the proxy: %d%n",
          md,
          mp,
          mp / md,
          proxiedWarnings);
      if (proxiedWarnings > 0 || mp / md > 1.3) {
        System.exit(1);
      }
    }
  }

  private record Result(double seconds, int warnings) {}

  private static Result run(Path work, String url, ProxyConfig p, String name) throws Exception {
    AtomicInteger warnings = new AtomicInteger();
    EventHandlers events =
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.level() == LogEvent.Level.WARN) {
                warnings.incrementAndGet();
              }
            });
    NetworkSettings s = NetworkSettings.defaults().withProxy(p).withRedactor(new Redactor());
    long t0 = System.nanoTime();
    try (CachingFetcher f = Fetchers.create(s, null, false, events)) {
      Mirror.run(
          new Mirror.Request(
              List.of(url),
              work.resolve("m-" + name),
              List.of(),
              Instant.parse("2026-01-01T00:00:00Z")),
          f,
          DepotOptions.defaults(),
          events);
    }
    return new Result((System.nanoTime() - t0) / 1e9, warnings.get());
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
