package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs fill one cold cache at the same time: both succeed with identical output. */
class ConcurrentProcessesIT {
  @TempDir Path tmp;

  @Test
  void twoProcesses_sameColdCache_bothSucceedWithIdenticalOutput() throws Exception {
    try (FaultServer server = new FaultServer()) {
      RealDepots.serve(
          server, RealDepots.unpack(RealDepots.USB_FLING, tmp.resolve("usb")), "/usb/");
      RealDepots.serve(
          server, RealDepots.unpack(RealDepots.R8168, tmp.resolve("r8168")), "/r8168/");
      server.randomFaults(11, 0.15);
      Path cache = tmp.resolve("cache");
      List<Process> procs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ProcessBuilder pb =
            new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FetchDepotMain.class.getName(),
                cache.toString(),
                server.uri("/usb/index.xml").toString(),
                server.uri("/r8168/index.xml").toString());
        pb.redirectOutput(tmp.resolve("out" + i).toFile());
        pb.redirectError(tmp.resolve("err" + i).toFile());
        procs.add(pb.start());
      }
      for (int i = 0; i < 2; i++) {
        assertTrue(procs.get(i).waitFor(120, TimeUnit.SECONDS), "process " + i + " hung");
        assertEquals(
            0,
            procs.get(i).exitValue(),
            "process "
                + i
                + ": "
                + Files.readString(tmp.resolve("err" + i), StandardCharsets.UTF_8));
      }
      String a = Files.readString(tmp.resolve("out0"));
      String b = Files.readString(tmp.resolve("out1"));
      assertEquals(a, b);
      assertEquals(2, a.lines().count(), a);
      assertEquals(List.of(), RealDepots.badBlobs(cache));
      try (Stream<Path> s = Files.list(cache.resolve("tmp"))) {
        assertEquals(0, s.count(), "temp files left in the cache");
      }
    }
  }
}
