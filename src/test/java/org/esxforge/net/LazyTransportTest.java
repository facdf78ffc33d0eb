package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher makes its HTTP transport (TLS context from the JDK's CA store, HTTP client) on the
 * first download only, once; a command that reads only local depots never pays for it. A CA file
 * that is not PEM still fails when the fetcher is made.
 */
class LazyTransportTest {
  @TempDir Path tmp;

  private static NetworkSettings settings() {
    return NetworkSettings.defaults().withRedactor(new Redactor());
  }

  @Test
  void transport_madeOnTheFirstDownloadOnly_andOnce() throws Exception {
    byte[] body = "metadata bytes".getBytes(StandardCharsets.US_ASCII);
    AtomicInteger made = new AtomicInteger();
    NetworkSettings s = settings();
    try (FaultServer server = new FaultServer().serve("/m.zip", body);
        CachingFetcher f =
            new CachingFetcher(
                s,
                () -> {
                  made.incrementAndGet();
                  return HttpTransport.create(s, EventHandlers.none());
                },
                null,
                false,
                EventHandlers.none())) {
      assertEquals(0, made.get(), "no transport before a download");
      assertEquals(new CachingFetcher.Stats(0, 0, 0, 0), f.stats());

      for (int i = 0; i < 2; i++) {
        try (InputStream in = f.open(server.uri("/m.zip"))) {
          assertArrayEquals(body, in.readAllBytes());
        }
      }
      assertEquals(1, made.get(), "one transport for every download");
      assertEquals(2, f.stats().requests());
      assertEquals(2, server.seen().size());
    }
  }

  @Test
  void closed_beforeAnyDownload_makesNoTransport() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CachingFetcher f =
        new CachingFetcher(
            settings(),
            () -> {
              made.incrementAndGet();
              throw new IOException("must not be made");
            },
            null,
            false,
            EventHandlers.none());
    f.close();
    assertEquals(0, made.get());
    assertThrows(IllegalStateException.class, () -> f.open(URI.create("http://127.0.0.1:1/x")));
  }

  @Test
  void create_caFileThatIsNotPem_failsAtOnceNamingTheFile() throws Exception {
    Path bad = tmp.resolve("corp-ca.pem");
    Files.writeString(bad, "not a certificate\n", StandardCharsets.US_ASCII);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Fetchers.create(
                    settings().withCaCerts(List.of(bad)), null, false, EventHandlers.none()));
    assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("certificate"), e.getMessage());
  }
}
