package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.esxforge.testing.Cli;
import org.esxforge.testing.TamperedDepots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Depots repackaged by an attacker, through the CLI as a user meets them: each is refused with one
 * line naming the file and the problem, exit 5, no stack trace, and nothing written.
 */
class HostileDepotTest {
  private static final String VIB_XML = "!metadata.zip!vibs/net-r8125-1.xml";

  @TempDir Path tmp;

  private static void assertOneLine(Cli.Result r, int code, String line) {
    assertEquals(code, r.exitCode(), r.all());
    assertEquals(
        "esxforge: " + line,
        r.err().lines().filter(l -> l.startsWith("esxforge:")).findFirst().orElse(""),
        r.all());
    assertFalse(r.all().contains("\tat "), r.all());
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "name|../../ESCAPED|starts with '.'",
        "name|net/r8125|contains '/'",
        "name|net\\r8125|contains '\\'",
        "name|net..r8125|contains '..'",
        "name|.hidden|starts with '.'",
        "version|1.0/../../../x|contains '..'",
        "vendor|Real/tek|contains '/'"
      })
  void verifyAndMirror_unsafeIdentifier_refusedAtParseNothingWritten(
      String element, String value, String problem) throws Exception {
    byte[] vib =
        TamperedDepots.vibWithDescriptor(
            d ->
                d.replaceFirst(
                    "<" + element + ">[^<]*</" + element + ">",
                    "<" + element + ">" + value.replace("\\", "\\\\") + "</" + element + ">"));
    Path zip = TamperedDepots.bundle(vib).write(tmp.resolve("evil.zip"));

    Cli.Result verify = Cli.run("verify", zip.toString());
    assertOneLine(
        verify,
        5,
        zip
            + VIB_XML
            + ": invalid <"
            + element
            + "> '"
            + value
            + "': "
            + problem
            + " (unsafe in a file name)");

    Path to = tmp.resolve("deep/mirror");
    Cli.Result mirror =
        Cli.run("mirror", "--no-cache", "-d", zip.toString(), "--to", to.toString());
    assertEquals(5, mirror.exitCode(), mirror.all());
    assertEquals(List.of(zip), files(tmp), "nothing written anywhere");

    // the loose .vib: refused by the same rule when its descriptor is parsed
    Path loose = Files.write(tmp.resolve("evil.vib"), vib);
    assertOneLine(
        Cli.run("verify", loose.toString()),
        5,
        "evil.vib!descriptor.xml: invalid <"
            + element
            + "> '"
            + value
            + "': "
            + problem
            + " (unsafe in a file name)");
  }

  @Test
  void verify_unsafePayloadName_refused() throws Exception {
    byte[] vib =
        TamperedDepots.vibWithDescriptor(
            d -> d.replace("name=\"net-8125\"", "name=\"../../etc/x\""));
    Path loose = Files.write(tmp.resolve("p.vib"), vib);
    assertOneLine(
        Cli.run("verify", loose.toString()),
        5,
        "p.vib!descriptor.xml: invalid"
            + " <payload> name '../../etc/x': starts with '.' (unsafe in a file name)");
    byte[] tab =
        TamperedDepots.vibWithDescriptor(
            d -> d.replace("name=\"net-8125\"", "name=\"net&#9;8125\""));
    assertOneLine(
        Cli.run("verify", Files.write(tmp.resolve("t.vib"), tab).toString()),
        5,
        "t.vib!descriptor.xml: invalid <payload> name 'net\\u00098125': contains control"
            + " character U+0009 (unsafe in a file name)");
  }

  @Test
  void verify_duplicateZipEntry_refused() throws Exception {
    byte[] vib = TamperedDepots.baseVib();
    byte[] other = TamperedDepots.vibWithDescriptor(d -> d.replace("community", "certified"));
    TamperedDepots.Bundle b = TamperedDepots.bundle(vib);
    Path zip =
        b.extraEntry("vib20/net-r8125/Realtek_bootbank_net-r8125_9.011.00-10.vib", other)
            .write(tmp.resolve("dup.zip"));
    assertOneLine(
        Cli.run("verify", zip.toString()),
        5,
        zip
            + ": duplicate zip entry"
            + " 'vib20/net-r8125/Realtek_bootbank_net-r8125_9.011.00-10.vib' (tools disagree on which"
            + " copy counts: unzip and Python take the last)");
  }

  @Test
  void verify_metadataDisagreesWithDescriptor_everyDisagreementReported() throws Exception {
    Path zip =
        TamperedDepots.bundle(TamperedDepots.baseVib())
            .editMetadata(
                m ->
                    m.replace(
                            "<acceptance-level>community</acceptance-level>",
                            "<acceptance-level>partner</acceptance-level>")
                        .replace(
                            "<maintenance-mode>true</maintenance-mode>",
                            "<maintenance-mode>true</maintenance-mode><softwarePlatform version=\"7.0.0\""
                                + " locale=\"\" productLineID=\"embeddedEsx\"/>"))
            .write(tmp.resolve("liar.zip"));
    Cli.Result r = Cli.run("verify", zip.toString());
    assertEquals(5, r.exitCode(), r.all());
    assertEquals(
        "FAIL  "
            + zip
            + "!vib20/net-r8125/Realtek_bootbank_net-r8125_9.011.00-10.vib:"
            + " depot metadata disagrees with descriptor.xml on acceptance-level: metadata says"
            + " 'partner', descriptor.xml says 'community'; depot metadata disagrees with"
            + " descriptor.xml on softwarePlatform: metadata says '[SoftwarePlatform[version=7.0.0,"
            + " locale=, productLineId=embeddedEsx]]', descriptor.xml says '[]'",
        r.out().lines().findFirst().orElse(""),
        r.all());
  }

  @Test
  void verify_payloadDeclaredTwice_refused() throws Exception {
    byte[] vib =
        TamperedDepots.vibWithDescriptor(
            d -> {
              int a = d.indexOf("<payload ");
              int b = d.indexOf("</payload>") + "</payload>".length();
              String second =
                  d.substring(a, b).replaceAll(">[0-9a-f]{64}<", ">" + "0".repeat(64) + "<");
              return d.substring(0, b) + second + d.substring(b);
            });
    Path zip = TamperedDepots.bundle(vib).write(tmp.resolve("twice.zip"));
    assertOneLine(
        Cli.run("verify", zip.toString()),
        5,
        zip + VIB_XML + ": <payload name='net-8125'> is declared twice");
    Path loose = Files.write(tmp.resolve("twice.vib"), vib);
    assertOneLine(
        Cli.run("verify", loose.toString()),
        5,
        "twice.vib!descriptor.xml: <payload name='net-8125'> is declared twice");
  }

  @Test
  void verify_secondRootElementAfterVib_refused() throws Exception {
    byte[] vib =
        TamperedDepots.vibWithDescriptor(
            d -> d + "<vib version=\"5.0\"><type>bootbank" + "</type></vib>");
    Path loose = Files.write(tmp.resolve("two.vib"), vib);
    Cli.Result r = Cli.run("verify", loose.toString());
    assertEquals(5, r.exitCode(), r.all());
    // the hardened StAX reader, read on to the end, names the second root itself
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith(
                            "esxforge: two.vib!descriptor.xml:" + " malformed XML: line 1, column ")
                        && l.contains("multiple roots")),
        r.all());
    assertFalse(r.all().contains("\tat "), r.all());
  }

  @Test
  void verify_localZipNamingRemoteVendorIndex_noRequestMade() throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.add(ex.getRequestURI().toString());
          byte[] body = "<metaList/>".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      String remote = "http://127.0.0.1:" + server.getAddress().getPort() + "/vendor-index.xml";
      Path zip =
          TamperedDepots.bundle(TamperedDepots.baseVib())
              .indexXml(
                  "<vendorList><vendor><name>X</name><code>X</code><indexfile>"
                      + remote
                      + "</indexfile><patchUrl></patchUrl><relativePath></relativePath></vendor>"
                      + "</vendorList>")
              .write(tmp.resolve("remote.zip"));
      assertOneLine(
          Cli.run("verify", zip.toString()),
          5,
          zip
              + ": local depot refers to the"
              + " remote URL '"
              + remote
              + "'; a local depot is read from local files only (give"
              + " that URL with -d to use it)");
      assertEquals(List.of(), requests);
    } finally {
      server.stop(0);
    }
  }
}
