package org.esxforge.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.esxforge.depot.DepotOptions;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.io.Redactor;

/**
 * Child JVM for {@link MirrorKillIT}: mirrors {@code args[1]} into {@code args[0]}; at every {@link
 * Mirror#STEP} it prints the step and waits for a line on stdin, so the parent can kill it
 * (SIGKILL) exactly there.
 */
public final class MirrorStepMain {
  private MirrorStepMain() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    EventHandlers events =
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l && l.message().startsWith(Mirror.STEP)) {
                System.out.println(l.message());
                System.out.flush();
                try {
                  if (in.readLine() == null) {
                    Runtime.getRuntime().halt(3);
                  }
                } catch (java.io.IOException x) {
                  throw new UncheckedIOException(x);
                }
              }
            });
    NetworkSettings s =
        NetworkSettings.defaults()
            .withRedactor(new Redactor())
            .withRetry(
                new RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}, new Random(1)));
    try (CachingFetcher f = Fetchers.create(s, null, false, EventHandlers.none())) {
      Mirror.run(
          new Mirror.Request(
              List.of(args[1]), Path.of(args[0]), List.of(), Instant.parse("2026-02-01T00:00:00Z")),
          f,
          DepotOptions.defaults(),
          events);
    }
    System.out.println("done");
  }
}
