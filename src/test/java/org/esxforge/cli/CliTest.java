package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.testing.Cli;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes, one-line errors without stack traces, stable JSON keys. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void run_noCommand_printsUsageAndExits2() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("vibs"), r.err()); // a usage error: the usage goes to stderr
    assertEquals("", r.out());
  }

  @Test
  void run_unknownOption_usageErrorWithHint() {
    Cli.Result r = Cli.run("vibs", "--frobnicate");
    assertEquals(2, r.exitCode());
    assertEquals("esxforge: unknown option '--frobnicate'\nRun 'esxforge vibs --help'\n", r.err());
  }

  @Test
  void sampleDepot_unknownVersion_usageErrorWithOneLine() {
    Cli.Result r = Cli.run("sample-depot", "--version", "6.7", "out/x");
    assertEquals(2, r.exitCode());
    assertEquals(
        "esxforge sample-depot: unknown sample version '6.7': expected 7.0 or 8.0\n"
            + "Run 'esxforge sample-depot --help'\n",
        r.err());
  }

  @Test
  void vibs_json_looseVib_hasTheStableKeysAndTheDescriptorValues() throws Exception {
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    Cli.Result r = Cli.run("vibs", "--json", "-d", vib.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode rows = JSON.readTree(r.out());
    assertEquals(1, rows.size());
    JsonNode v = rows.get(0);
    for (String key :
        List.of(
            "id",
            "name",
            "version",
            "vendor",
            "type",
            "acceptance",
            "releaseDate",
            "signed",
            "payloads")) {
      assertTrue(v.has(key), "missing key " + key + " in " + v);
    }
    // values read independently from the descriptor bytes inside the ar archive
    String descriptor = descriptorText(vib);
    assertEquals(between(descriptor, "<name>", "</name>"), v.get("name").asText());
    assertEquals(between(descriptor, "<version>", "</version>"), v.get("version").asText());
    assertEquals(between(descriptor, "<vendor>", "</vendor>"), v.get("vendor").asText());
    assertEquals("community", v.get("acceptance").asText());
    assertFalse(v.get("signed").asBoolean());
    JsonNode p = v.get("payloads").get(0);
    assertTrue(p.has("name") && p.has("type") && p.has("size"), p.toString());
  }

  @Test
  void vibs_filters_nameGlobAndAcceptance() {
    Path bundle = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    Cli.Result all = Cli.run("vibs", "-d", bundle.toString(), "-d", vib.toString());
    Cli.Result usb =
        Cli.run("vibs", "--name", "vmkusb*", "-d", bundle.toString(), "-d", vib.toString());
    Cli.Result community =
        Cli.run("vibs", "--acceptance", "community", "-d", bundle.toString(), "-d", vib.toString());
    assertEquals(0, all.exitCode(), all.err());
    assertEquals(3, all.out().lines().count(), all.out()); // header + 2 rows
    assertTrue(usb.out().contains("vmkusb-nic-fling") && !usb.out().contains("r8125"), usb.out());
    assertTrue(
        community.out().contains("r8125") && !community.out().contains("vmkusb"), community.out());
  }

  @Test
  void verify_tamperedVib_failsWithOneLineNamingBothProblems() {
    Path vib = Fixtures.real("lsimr3-mod-8x.vib");
    Cli.Result r = Cli.run("verify", vib.toString());
    assertEquals(5, r.exitCode(), r.all());
    String line = r.out().lines().filter(l -> l.startsWith("FAIL")).findFirst().orElseThrow();
    assertTrue(line.contains("signature does not verify"), line);
    assertTrue(line.contains("payload 'lsimr3' missing"), line);
    assertTrue(line.contains("member 'payload1' unexpected"), line);
    assertFalse(r.all().contains("\tat "), "no stack trace: " + r.all());
  }

  @Test
  void verify_realBundles_allClean() {
    List<String> args = new ArrayList<>(List.of("verify"));
    for (String f :
        List.of(
            "ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip",
            "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip",
            "ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip",
            "net55-r8168-8.045a-napi-offline_bundle.zip",
            "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip")) {
      args.add(Fixtures.real(f).toString());
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.all());
    assertEquals(5, r.out().lines().filter(l -> l.startsWith("OK")).count(), r.out());
    // the four VMware-signed ones are anchored in the built-in store, with no --trust
    assertEquals(
        4,
        r.out()
            .lines()
            .filter(
                l ->
                    l.endsWith(
                            ": ok (signed by 'VMware Certified VIB"
                                + " Signing', anchored in esxforge's built-in VMware store)")
                        || l.endsWith(
                            ": ok (signed"
                                + " by 'VMware Accepted VIB Signing', anchored in esxforge's built-in VMware store)"))
            .count(),
        r.out());
  }

  @Test
  void inspect_textFile_oneLineNotADepotExit2(@TempDir Path dir) throws Exception {
    Path txt = dir.resolve("notes.txt");
    Files.writeString(txt, "hello, this is not a depot\n");
    Cli.Result r = Cli.run("inspect", txt.toString());
    assertEquals(2, r.exitCode(), r.all()); // intact, just not a depot: not "corrupt" (5)
    List<String> errors = r.err().lines().filter(l -> l.startsWith("esxforge:")).toList();
    assertEquals(1, errors.size(), r.err());
    assertTrue(errors.get(0).startsWith("esxforge: " + txt + ": "), r.err());
    assertTrue(r.err().contains("not a depot"), r.err());
  }

  @Test
  void profileShow_unknownProfile_namesWhatIsKnown() {
    Path bundle = Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip");
    Cli.Result r = Cli.run("profile", "show", "-d", bundle.toString(), "ESXi-nope");
    assertEquals(2, r.exitCode()); // a mistyped name: the command line must change
    assertTrue(
        r.err().endsWith("esxforge: no image profile 'ESXi-nope' in the depots; known: none\n"),
        r.err());
    assertFalse(r.err().contains("internal error"), r.err());
  }

  @Test
  void depotInfo_json_componentZip_vendorsAndChannels() throws Exception {
    Path zip = Fixtures.real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip");
    Cli.Result r = Cli.run("depot", "info", "--json", "-d", zip.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode d = JSON.readTree(r.out()).get("depots").get(0);
    assertEquals("component", d.get("kind").asText());
    assertEquals("VMware", d.get("vendors").get(0).get("name").asText());
    assertEquals("VMX", d.get("vendors").get(0).get("code").asText());
    assertEquals("8.0", d.get("channels").get(0).get("version").asText());
    assertEquals(1, d.get("vibCount").asInt());
  }

  private static String descriptorText(Path vib) throws Exception {
    byte[] b = Files.readAllBytes(vib);
    String header = new String(b, 8, 60, StandardCharsets.US_ASCII);
    int size = Integer.parseInt(header.substring(48, 58).trim());
    return new String(b, 68, size, StandardCharsets.UTF_8);
  }

  private static String between(String s, String a, String b) {
    int i = s.indexOf(a) + a.length();
    return s.substring(i, s.indexOf(b, i));
  }

  @Test
  void vibs_unsetVariableInDepotUrl_usageError2NamingIt() {
    Cli.Result r =
        Cli.run("vibs", "-d", "https://127.0.0.1:9/${ESXFORGE_TEST_SURELY_UNSET}/index.xml");
    assertEquals(2, r.exitCode(), r.all());
    assertTrue(
        r.err()
            .startsWith(
                "esxforge vibs: environment variable 'ESXFORGE_TEST_SURELY_UNSET'"
                    + " used as ${ESXFORGE_TEST_SURELY_UNSET} is not set\n"),
        r.err());
  }

  @Test
  void vibs_json_notADepot_jsonErrorOnStdout(@TempDir Path dir) throws Exception {
    Path txt = dir.resolve("notes.txt");
    Files.writeString(txt, "hello\n");
    Cli.Result r = Cli.run("vibs", "--json", "-d", txt.toString());
    assertEquals(2, r.exitCode(), r.all());
    JsonNode n = JSON.readTree(r.out());
    assertEquals("usage", n.get("error").asText());
    assertEquals(txt + ": not a depot: text file", n.get("message").asText());
    for (String line : r.err().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("esxforge: ")) {
        assertEquals("log", JSON.readTree(line).get("event").asText(), line);
      }
    }
  }

  @Test
  void libraryMessages_nameSettingsAsFlags_inTextAndJson() throws Exception {
    // the cache library names the setting by token; the CLI, and only the CLI, spells it as a flag
    String[] args = {"vibs", "-d", "http://127.0.0.1:9/x/index.xml", "--cache", "/proc/esxforge"};
    Cli.Result text = Cli.run(args);
    assertEquals(1, text.exitCode(), text.err());
    assertTrue(
        text.err().contains("Pass --cache DIR with a writable directory, or --no-cache"),
        text.err());
    assertFalse(text.err().contains("{setting:"), text.err());

    String[] json =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(args), java.util.stream.Stream.of("--json"))
            .toArray(String[]::new);
    Cli.Result j = Cli.run(json);
    assertEquals(1, j.exitCode(), j.err());
    String message = JSON.readTree(j.out()).path("message").asText();
    assertTrue(
        message.endsWith("Pass --cache DIR with a writable directory, or --no-cache"), message);
    assertFalse(j.out().contains("{setting:"), j.out());
  }
}
