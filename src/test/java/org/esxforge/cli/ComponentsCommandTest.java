package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.model.Bulletin;
import org.esxforge.testing.Cli;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code components}, {@code addons}, {@code baseimages} on real and sample inputs: every real 7.0+
 * component lists with its name/version spec (PowerCLI {@code Get-DepotComponents}).
 */
class ComponentsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADDON = "samples/HPE-Custom-AddOn-8.0U3-depot.zip";

  private static String real(String name) {
    return Fixtures.real(name).toString();
  }

  @Test
  void components_realComponentZips_listNameVersionSpecs() throws Exception {
    Cli.Result r =
        Cli.run(
            "components",
            "--json",
            "-d",
            real("nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip"),
            "-d",
            real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"),
            "-d",
            real("ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip"),
            "-d",
            real("ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip"));
    assertEquals(0, r.exitCode(), r.all());
    List<String> rows = new ArrayList<>();
    for (JsonNode n : JSON.readTree(r.out())) {
      rows.add(n.get("id").asText() + " " + n.get("platforms") + " " + n.get("vibIds"));
    }
    // by name, newest first; the 6.7 fling bundle's bulletin has no component specs: not listed
    assertEquals(
        List.of(
            "VMware-nvme-community:1.0.1.0-3vmw.700.1.0.15843807 [\"7.0.0\"]"
                + " [\"VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807\"]",
            "VMware-vmkusb-nic-fling:1.15-1vmw.900.0.84947163 [\"9.0\"]"
                + " [\"VMW_bootbank_vmkusb-nic-fling_1.15-1vmw.900.0.84947163\"]",
            "VMware-vmkusb-nic-fling:1.14-1vmw.803.0.0.75399077 [\"8.0\"]"
                + " [\"VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077\"]"),
        rows);
  }

  @Test
  void components_newest_takesNewestPerName() {
    Cli.Result r =
        Cli.run(
            "components",
            "--newest",
            "-d",
            real("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"),
            "-d",
            real("ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip"));
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("VMware-vmkusb-nic-fling  1.15-1vmw.900.0.84947163"), r.out());
    assertTrue(!r.out().contains("1.14-1vmw"), r.out());
  }

  @Test
  void realHostDatabase_everyComponentHasNameAndVersionSpec() throws Exception {
    Path dir = Fixtures.real("esximg-7.0-hpe-host");
    int n = 0;
    for (String sub : List.of("bulletins", "reservedComponents")) {
      try (Stream<Path> s = Files.list(dir.resolve(sub))) {
        for (Path f : s.sorted().toList()) {
          Bulletin b = BulletinXml.parse(Files.readAllBytes(f), f.toString());
          assertTrue(b.isComponent(), f.toString());
          n++;
          if (b.id().equals("VMW-ESX-7.0.0-lpfc-12.6.147.6")) {
            // a legacy bulletin id: name and version come from the specs, not the id
            assertEquals("Broadcom-ELX-lpfc", b.componentName());
            assertEquals("12.6.147.6-1OEM.700.0.0.14828939", b.componentVersion());
          }
        }
      }
    }
    assertEquals(65, n);
  }

  @Test
  void addons_sampleHpeAddOn_tableAndJson() throws Exception {
    Cli.Result t = Cli.run("addons", "-d", ADDON);
    assertEquals(0, t.exitCode(), t.all());
    assertTrue(
        t.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("HPE-Custom-AddOn  803.0.0.11.7.0-14")
                        && l.contains("HPE-nhpsa")
                        && l.contains("8.0.3")),
        t.out());
    Cli.Result j = Cli.run("addons", "--json", "-d", ADDON);
    JsonNode a = JSON.readTree(j.out()).get(0);
    assertEquals("HPE-Custom-AddOn:803.0.0.11.7.0-14", a.get("releaseId").asText());
    assertEquals("[\"8.0.3\"]", a.get("supportedBaseImageVersions").toString());
    assertEquals(4, a.get("components").size());
    Cli.Result b = Cli.run("baseimages", "--json", "-d", ADDON);
    assertEquals(0, JSON.readTree(b.out()).size());
    // the manifest (hardware support package) and the solution the add-on depot carries
    assertTrue(
        t.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("HPE-SPP-Gen11")
                        && l.contains("2024.07.00.00")
                        && l.contains("com.hpe.hsm")
                        && l.contains("ilo-driver:803.10.8.2.6-1OEM.803.0.0.24022510")),
        t.out());
    assertTrue(
        t.out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("HPE-Agentless-Management")
                        && l.contains("amsdComponent (803.12.1.0.18-1OEM.803.0.0.24022510)")),
        t.out());
    JsonNode all = JSON.readTree(j.out());
    assertEquals(3, all.size());
    assertEquals("manifest", all.get(1).get("type").asText());
    assertEquals("HPE-SPP-Gen11", all.get(1).get("hardwareSupportPackage").asText());
    assertEquals("solution", all.get(2).get("type").asText());
    assertEquals(
        "803.12.1.0.18-1OEM.803.0.0.24022510",
        all.get(2).get("componentConstraints").get("amsdComponent").asText());
    Cli.Result info = Cli.run("depot", "info", "--json", "-d", ADDON);
    assertEquals(1, JSON.readTree(info.out()).get("manifestCount").asInt(), info.all());
    assertEquals(1, JSON.readTree(info.out()).get("solutionCount").asInt(), info.all());
  }
}
