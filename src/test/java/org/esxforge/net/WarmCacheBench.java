package org.esxforge.net;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.event.EventHandlers;

/**
 * {@code bench/warm-cache.sh}: serves the real fixture depots from a byte-counting loopback server,
 * fetches all of them (metadata and every VIB) twice through the cache, and prints the body bytes
 * served per run. Exits 1 when the warm run transferred any payload byte.
 *
 * <p>Usage: {@code WarmCacheBench <work dir>}
 */
public final class WarmCacheBench {
  private static final String[] FIXTURES = {
    RealDepots.USB_FLING,
    RealDepots.R8168,
    "ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip",
    "nvme-community-driver_1.0.1.0-1vmw.670.0.0.8169922-offline_bundle-17658145.zip",
    "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip",
    "ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip",
  };

  private WarmCacheBench() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    Path cache = work.resolve("cache");
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    try (FaultServer server = new FaultServer()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < FIXTURES.length; i++) {
        Path dir = RealDepots.unpack(FIXTURES[i], work.resolve("depot" + i));
        RealDepots.serve(server, dir, "/d" + i + "/");
        urls.add(server.uri("/d" + i + "/index.xml").toString());
      }
      long[] served = new long[3];
      List<String> first = null;
      for (int run = 1; run <= 2; run++) {
        long before = server.bodyBytesServed();
        long requests = server.requestCount();
        long t0 = System.nanoTime();
        List<String> out = FetchDepotMain.run(cache, urls, EventHandlers.none(), quiet);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        served[run] = server.bodyBytesServed() - before;
        System.out.printf(
            "run %d (%s cache): %d VIBs, %d requests, %d body bytes served, %d ms%n",
            run,
            run == 1 ? "cold" : "warm",
            out.size(),
            server.requestCount() - requests,
            served[run],
            ms);
        if (first == null) {
          first = out;
        } else if (!first.equals(out)) {
          System.out.println("FAIL: the warm run produced different VIB digests");
          System.exit(1);
        }
      }
      long cacheBytes;
      try (var s = Files.walk(cache.resolve("blobs"))) {
        cacheBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      System.out.printf("cache: %d bytes of verified blobs%n", cacheBytes);
      System.out.printf("warm run payload bytes transferred: %d (target 0)%n", served[2]);
      if (served[2] != 0) {
        System.exit(1);
      }
    }
  }
}
