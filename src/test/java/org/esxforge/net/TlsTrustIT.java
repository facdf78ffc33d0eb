package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS depot whose certificate no public CA signed (like an SSL-inspecting proxy): refused by
 * default with a hint, accepted with {@code --ca-cert}. There is no switch that trusts everything.
 */
class TlsTrustIT {
  private static final byte[] BODY = "<vendorList/>\n".getBytes(StandardCharsets.UTF_8);
  @TempDir static Path tmp;
  static HttpsServer server;
  static Path pem;

  @BeforeAll
  static void start() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path ks = tmp.resolve("server.p12");
    run(
        keytool.toString(),
        "-genkeypair",
        "-keystore",
        ks.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit",
        "-alias",
        "depot",
        "-keyalg",
        "EC",
        "-dname",
        "CN=esxforge test depot",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2");
    pem = tmp.resolve("depot-ca.pem");
    run(
        keytool.toString(),
        "-exportcert",
        "-rfc",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-alias",
        "depot",
        "-file",
        pem.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext(
        "/",
        x -> {
          x.sendResponseHeaders(200, BODY.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(BODY);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }

  private static URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/index.xml");
  }

  private static HttpTransport transport(List<Path> caCerts) throws IOException {
    return HttpTransport.create(
        NetworkSettings.defaults()
            .withRedactor(new Redactor())
            .withCaCerts(caCerts)
            .withRetry(
                new RetryPolicy(
                    3, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}, new Random(1))),
        EventHandlers.none());
  }

  @Test
  void download_untrustedCertificate_refusedOnceWithCaCertHint() throws IOException {
    try (HttpTransport t = transport(List.of())) {
      DepotAccessException e =
          assertThrows(
              DepotAccessException.class, () -> t.download(uri(), tmp.resolve("a"), null, -1));
      assertEquals(
          uri()
              + ": TLS certificate not trusted (no trusted CA signed the server's"
              + " certificate). "
              + HttpFailures.TLS_HINT,
          e.getMessage());
      assertEquals(1, t.requestCount());
    }
  }

  @Test
  void download_withCaCert_trustedAndVerified() throws IOException {
    try (HttpTransport t = transport(List.of(pem))) {
      Download d = t.download(uri(), tmp.resolve("b"), null, -1);
      assertEquals(Sha256.of(BODY), d.sha256());
    }
  }

  @Test
  void create_caCertNotPem_oneLineNamingFile() throws IOException {
    Path bad = tmp.resolve("not.pem");
    Files.writeString(bad, "hello");
    IOException e = assertThrows(IOException.class, () -> transport(List.of(bad)));
    assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
