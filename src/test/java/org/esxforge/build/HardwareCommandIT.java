package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esxforge hardware}, {@code vibs --pci} and {@code inspect} on the 7.0 sample base and the
 * real third-party packages, through the CLI as a user runs them.
 */
class HardwareCommandIT {
  @TempDir static Path tmp;
  static String base;
  static String r8168;
  static String nvme70;

  @BeforeAll
  static void setUp() {
    base = Samples.depot(SampleVersion.V7_0).folder().toString();
    r8168 = Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip").toString();
    nvme70 = Samples.nvme70();
  }

  private static Path list(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  /**
   * The scenario: a home-lab host with a Realtek 8168 on the 7.0 base. The only driver that
   * claims the NIC is the real net55-r8168 bundle's, a vmklinux driver that 7.0 cannot load:
   * unsupported, with that reason, and exit 3 because a NIC is left without a driver.
   */
  @Test
  void realtek8168_onTheSeventyBase_isUnsupportedBecauseItsDriverIsVmklinux() throws Exception {
    Path host =
        list(
            "lspci-nn.txt",
            "00:17.0 SATA controller [0106]: Intel Corporation Cannon Lake PCH SATA AHCI Controller "
                + "[8086:a352] (rev 10)\n"
                + "02:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. "
                + "RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)\n");
    Samples.Run r =
        Samples.cli(
            "hardware",
            "-d",
            base,
            "-d",
            r8168,
            "--base",
            "ESXi-7.0.0-15843807-standard",
            "--devices",
            host.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.out().contains("vmw_ahci") && r.out().contains("image: vmw-ahci"), r.toString());
    assertTrue(r.out().contains("UNSUPPORTED"), r.toString());
    assertTrue(
        r.err()
            .contains(
                "net55-r8168 8.045a-napi claims it but is a vmklinux driver"
                    + " (regtype=linux in etc/vmware/driver.map.d/r8168.map) made for ESXi 5.*, 6.0.0, 6.5.0;"
                    + " ESXi 7.0 and"
                    + " later cannot load vmklinux drivers"),
        r.toString());
    assertTrue(r.err().contains("1 unsupported"), r.toString());
  }

  /** A device only the NVMe community 7.0 component claims: provided by it, named with it. */
  @Test
  void nvmeCommunityDevice_isProvidedByTheComponent_jsonToo() throws Exception {
    Path host = list("ids.txt", "126f:2262\n8086:1533\n");
    Samples.Run r =
        Samples.cli(
            "hardware",
            "-d",
            base,
            "-d",
            nvme70,
            "--base",
            "latest:7.0",
            "--devices",
            host.toString(),
            "--json");
    assertEquals(3, r.code(), r.toString()); // not in the image yet
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("vendor:device list", j.get("deviceListFormat").asText());
    JsonNode nvme = j.get("devices").get(0);
    assertEquals("in-depot", nvme.get("status").asText());
    assertEquals(
        "VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807", nvme.get("vib").asText());
    assertEquals("nvme_community", nvme.get("driver").asText());
    assertEquals("126f:2262", nvme.get("claim").asText());
    assertEquals(
        "VMware-nvme-community 1.0.1.0-3vmw.700.1.0.15843807", nvme.get("component").asText());
    JsonNode intel = j.get("devices").get(1);
    assertEquals("in-image", intel.get("status").asText());
    assertEquals("igbn", intel.get("driver").asText());
    assertEquals(1, j.get("missing").asInt());
    assertEquals(0, j.get("unsupported").asInt());
    assertFalse(j.get("pciIds").asText().isEmpty());
  }

  /**
   * The 6.7 NVMe Fling depends only on vmkapi_2_5_0_0, which 7.0 still provides (as the real 7.0
   * host database shows), so it can drive the device on 7.0; with the 7.0 component beside it, the
   * newer one is chosen.
   */
  @Test
  void newestCompatible_amongSeveralBuildsOfOneDriver() throws Exception {
    Path host = list("ids67.txt", "106b:2005\n");
    String nvme67 =
        Fixtures.real(
                "nvme-community-driver_1.0.1.0-1vmw.670.0.0.8169922-offline_bundle-17658145.zip")
            .toString();
    Samples.Run r =
        Samples.cli(
            "hardware",
            "-d",
            base,
            "-d",
            nvme67,
            "--base",
            "latest:7.0",
            "--devices",
            host.toString(),
            "--json");
    // the 6.7 build's component is for ESXi 6.7.0: the one platform rule (component, signed
    // descriptor, vmkapi levels) that build and the validator use says it does not fit 7.0
    JsonNode only67 = new ObjectMapper().readTree(r.out()).get("devices").get(0);
    assertEquals("no-driver", only67.get("status").asText(), r.toString());
    assertTrue(
        r.out().contains("is made for ESXi 6.7.0, not ESXi 7.0.0")
            || r.err().contains("is made for ESXi 6.7.0, not ESXi 7.0.0"),
        r.toString());

    r =
        Samples.cli(
            "hardware",
            "-d",
            base,
            "-d",
            nvme67,
            "-d",
            nvme70,
            "--base",
            "latest:7.0",
            "--devices",
            host.toString(),
            "--json");
    JsonNode both = new ObjectMapper().readTree(r.out()).get("devices").get(0);
    assertEquals("in-depot", both.get("status").asText(), r.toString());
    assertTrue(both.get("vib").asText().contains("3vmw.700"), r.toString());
  }

  @Test
  void unknownDeviceList_oneLineAndExit5() throws Exception {
    Path host = list("notes.txt", "my server has a realtek card\n");
    Samples.Run r = Samples.cli("hardware", "-d", base, "--devices", host.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
    assertTrue(r.err().contains("notes.txt") && r.err().contains("lspci -n"), r.toString());
    r = Samples.cli("hardware", "-d", base, "--devices", tmp.resolve("missing.txt").toString());
    assertEquals(2, r.code(), r.toString());
  }

  @Test
  void vibsPci_listsOnlyTheClaimingVibs() throws Exception {
    Samples.Run r =
        Samples.cli("vibs", "-d", base, "-d", r8168, "-d", nvme70, "--pci", "10ec:8168");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("net55-r8168"), r.toString());
    assertFalse(r.out().contains("nvme"), r.toString());
    r = Samples.cli("vibs", "-d", base, "--pci", "8086:1533", "--json");
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertEquals(1, rows.size(), r.toString());
    assertEquals("igbn", rows.get(0).get("name").asText());
  }

  @Test
  void inspect_showsTheClaimsOfALooseVib() throws Exception {
    Samples.Run r = Samples.cli("inspect", Fixtures.real("net-r8125-9.011.00-10.vib").toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("device claims (2):"), r.toString());
    assertTrue(
        r.out()
            .contains(
                "10ec:8125 -> r8125 (linux, network, " + "etc/vmware/driver.map.d/r8125.map)"),
        r.toString());
  }

  /**
   * build --for-hardware: the NVMe community component is added for the device only it claims, with
   * the reason, and the result maps every device to its driver.
   */
  @Test
  void buildForHardware_addsTheNeededDriverAndSaysWhy() throws Exception {
    Path host = list("build-ok.txt", "126f:2262\n8086:1533\n");
    Path iso = tmp.resolve("out-ok/hw.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            base,
            "-d",
            nvme70,
            "-d",
            r8168,
            "--base",
            "latest:7.0",
            "--name",
            "hw-ok",
            "--for-hardware",
            host.toString(),
            "--iso",
            iso.toString(),
            "--no-signature-check");
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.isRegularFile(iso));
    assertTrue(
        r.out().contains("added     VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807"),
        r.toString());
    assertTrue(
        r.out()
            .contains(
                "note: added VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807"
                    + " for 126f:2262 (line 1): its driver nvme_community claims 126f:2262"),
        r.toString());
    assertTrue(
        r.out().contains("hardware: 2 of 2 listed device(s) driven by the image"), r.toString());
    assertTrue(r.out().contains("8086:1533 -> igbn (igbn "), r.toString());
  }

  /** A NIC only a vmklinux driver claims: exit 3 before anything is written; --force warns. */
  @Test
  void buildForHardware_refusesANicWithoutDriver_unlessForced() throws Exception {
    Path host = list("build-bad.txt", "02:00.0 0200: 10ec:8168 (rev 15)\n");
    Path iso = tmp.resolve("out-bad/hw.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            base,
            "-d",
            r8168,
            "--base",
            "latest:7.0",
            "--name",
            "hw-bad",
            "--for-hardware",
            host.toString(),
            "--iso",
            iso.toString(),
            "--no-signature-check");
    assertEquals(3, r.code(), r.toString());
    assertTrue(emptyOrMissing(iso.getParent()), "nothing written");
    assertTrue(
        r.err()
            .contains(
                "02:00.0 10ec:8168: no VIB of hw-bad drives this network"
                    + " controller: net55-r8168 8.045a-napi claims it but is a vmklinux driver"),
        r.toString());

    r =
        Samples.cli(
            "build",
            "-d",
            base,
            "-d",
            r8168,
            "--base",
            "latest:7.0",
            "--name",
            "hw-bad",
            "--for-hardware",
            host.toString(),
            "--iso",
            iso.toString(),
            "--no-signature-check",
            "--force",
            "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("no-driver", j.get("hardware").get(0).get("status").asText());
    // with --json the warning is a JSON line on stderr
    assertTrue(r.err().contains("{\"event\":\"log\",\"level\":\"warn\""), r.toString());
  }

  /** A recipe's hardware: list adds the driver and its manifest records device -> driver. */
  @Test
  void recipeHardware_isRecordedInTheManifest() throws Exception {
    Path dir = tmp.resolve("recipe");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("devices.txt"), "126f:2262\n");
    Path recipe = dir.resolve("hw.yaml");
    Files.writeString(
        recipe,
        "apiVersion: esxforge/v1\nkind: ImageRecipe\ndepots:\n"
            + "  - "
            + base
            + "\n  - "
            + nvme70
            + "\nbase: latest:7.0\nprofile:\n"
            + "  name: ESXi-${base.version}-hw\nsignatures: {check: false}\n"
            + "outputs: {bundle: out/hw-bundle.zip}\nhardware: devices.txt\n");
    Samples.Run r = Samples.cli("build", recipe.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode m =
        new ObjectMapper().readTree(dir.resolve("out/hw-bundle.zip.manifest.json").toFile());
    JsonNode dev = m.get("hardware").get(0);
    assertEquals("126f:2262", dev.get("id").asText());
    assertEquals("nvme_community", dev.get("driver").asText());
    assertEquals(
        "VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807", dev.get("vib").asText());
    assertTrue(m.get("vibs").has("VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807"));
  }

  private static boolean emptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
