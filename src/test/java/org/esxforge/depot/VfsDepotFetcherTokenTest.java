package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default fetcher must request the real URL, even when its message form is redacted. */
class VfsDepotFetcherTokenTest {
  @Test
  void open_urlWithTokenSegment_requestsTheRealPath() throws Exception {
    String token = "Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0";
    byte[] body = "<vendorList/>".getBytes(StandardCharsets.UTF_8);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      seen.add(ex.getRequestURI().getPath());
      boolean ok = ex.getRequestURI().getPath().equals("/" + token + "/PROD/index.xml");
      ex.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
      if (ok) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    try (VfsDepotFetcher f = new VfsDepotFetcher(DepotOptions.defaults())) {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + token
          + "/PROD/index.xml");
      try (InputStream in = f.open(uri)) {
        assertArrayEquals(body, in.readAllBytes());
      }
      assertEquals("/" + token + "/PROD/index.xml", seen.get(seen.size() - 1));
    } finally {
      server.stop(0);
    }
  }
}
