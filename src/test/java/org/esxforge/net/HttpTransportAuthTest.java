package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in a depot URL (a private mirror behind Basic auth) go in a header, not the URI. */
class HttpTransportAuthTest {
  @TempDir Path tmp;

  @Test
  void download_userInfoUrl_sendsBasicAuthAndAPlainRequestPath() throws Exception {
    byte[] body = "<vendorList/>".getBytes(StandardCharsets.UTF_8);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("mirror:p@ss word".getBytes(StandardCharsets.UTF_8));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          seen.add(ex.getRequestURI() + " " + auth);
          boolean ok = expected.equals(auth);
          ex.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
          if (ok) {
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    try (HttpTransport t =
        HttpTransport.create(
            NetworkSettings.defaults().withRedactor(new Redactor()), EventHandlers.none())) {
      URI uri =
          URI.create(
              "http://mirror:p%40ss%20word@127.0.0.1:"
                  + server.getAddress().getPort()
                  + "/depot/index.xml");
      t.download(uri, tmp.resolve("out"), Download.Validators.none(), -1);
      assertArrayEquals(body, Files.readAllBytes(tmp.resolve("out")));
      assertEquals(List.of("/depot/index.xml " + expected), seen);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void withoutUserInfo_keepsEverythingElse() {
    assertEquals(
        URI.create("https://h:8443/a/b.xml?x=1"),
        HttpTransport.withoutUserInfo(URI.create("https://u:p@h:8443/a/b.xml?x=1")));
  }
}
