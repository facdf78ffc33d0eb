package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class BaseImageJsonTest {

  /** The §2.6 example, as VMware's schema shapes it. */
  private static final String SPEC_EXAMPLE =
      "{ \"releaseID\": \"ESXi:7.0.0-1.0.15843807\","
          + " \"releaseType\": \"baseImage\", \"schemaVersion\": \"1.0\",\n"
          + "  \"category\": \"enhancement\", \"vendor\": \"VMware, Inc.\", \"summary\": \"s\","
          + " \"description\": \"d\",\n  \"docURL\": \"\", \"acceptanceLevel\": \"certified\","
          + " \"releaseDate\": \"2020-03-16T10:48:52.739068+00:00\",\n"
          + "  \"versionSpec\": {\"version\": \"7.0.0-1.0.15843807\", \"uiString\": \"7.0 GA - 15843807\"},"
          + "\n  \"components\": {\"esx-update\": \"7.0.0-1.0.15843807\", \"ESXi\": \"7.0.0-1.0.15843807\"},"
          + " \"futureField\": [1, 2] }";

  @Test
  void parse_specExample_allFields() throws Exception {
    ReleaseUnit u =
        BaseImageJson.parse(
            SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8), "m", "baseimages/x.json");
    assertTrue(u.isBaseImage());
    assertEquals("ESXi:7.0.0-1.0.15843807", u.releaseId());
    assertEquals("7.0 GA - 15843807", u.versionUi());
    assertEquals(List.of("ESXi", "esx-update"), List.copyOf(u.components().keySet()));
    assertEquals("baseimages/ESXi_7.0.0-1.0.15843807.json", BaseImageJson.memberPath(u));
    byte[] ours = BaseImageJson.write(u);
    assertEquals(u, BaseImageJson.parse(ours, "o", null));
    assertArrayEquals(ours, BaseImageJson.write(BaseImageJson.parse(ours, "o", null)));
  }

  @Test
  void writeParse_hostComponentsAsBaseImage_roundTrips() throws Exception {
    TreeMap<String, String> comps = new TreeMap<>();
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-7.0-hpe-host/bulletins"))) {
      for (Path p : s.toList()) {
        Bulletin b = BulletinXml.parse(Files.readAllBytes(p), p.toString());
        comps.put(b.componentName(), b.componentVersion());
      }
    }
    ReleaseUnit u =
        new ReleaseUnit(
            "",
            "baseImage",
            "1.0",
            "enhancement",
            "VMware, Inc.",
            "s",
            "d",
            "",
            "certified",
            "2020-03-16T10:48:52.739068+00:00",
            "",
            "",
            "7.0.0-1.0.15843807",
            "7.0 GA",
            comps,
            List.of(),
            List.of());
    ReleaseUnit back = BaseImageJson.parse(BaseImageJson.write(u), "o", "baseimages/a.json");
    assertEquals(u, back);
    assertEquals("ESXi:7.0.0-1.0.15843807", back.effectiveId());
    assertEquals(63, back.components().size());
  }

  @Test
  void writeParse_addOn_keepsNameAndRemovals() throws Exception {
    ReleaseUnit a =
        new ReleaseUnit(
            "HPE-Custom-AddOn:700.0.0.10.5.0-38",
            "",
            "1.0",
            "enhancement",
            "Hewlett Packard Enterprise",
            "s",
            "d",
            "",
            "partner",
            "2020-04-01T00:00:00.000000+00:00",
            "HPE-Custom-AddOn",
            "HPE Customization",
            "700.0.0.10.5.0-38",
            "x",
            new TreeMap<>(java.util.Map.of("ilo-driver", "700.10.1.0.16-1OEM")),
            List.of("Broadcom-ELX-lpfc"),
            List.of("7.0.0"));
    ReleaseUnit back = BaseImageJson.parse(BaseImageJson.write(a), "o", "addons/h.json");
    assertTrue(back.isAddOn());
    assertEquals("HPE-Custom-AddOn", back.name());
    assertEquals(List.of("Broadcom-ELX-lpfc"), back.removedComponents());
    assertEquals("addons/HPE-Custom-AddOn_700.0.0.10.5.0-38.json", BaseImageJson.memberPath(back));
  }

  @Test
  void parse_malformed_oneLine() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                BaseImageJson.parse(
                    "{\"releaseType\": ".getBytes(StandardCharsets.UTF_8),
                    "m.zip",
                    "baseimages/b.json"));
    assertTrue(
        e.getMessage().startsWith("m.zip!baseimages/b.json: malformed JSON: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void parse_manifestAndSolution_fieldsConstraintsAndBytesKept() throws Exception {
    String manifest =
        "{\"releaseType\":\"manifest\",\"vendor\":\"Dell\",\"versionSpec\":{\"version\":\"1.2\"},"
            + "\"hardwareSupportInfo\":{\"manager\":{\"name\":\"dell.hsm\"},"
            + "\"package\":{\"name\":\"Dell-HSP\",\"version\":\"1.2\"}},"
            + "\"supportedBaseImageVersions\":[\"8.0.3\"],\"components\":{\"x\":\"1-1\"},"
            + "\"removedComponents\":[\"y\"],\"vendorOnly\":{\"a\":1}}";
    ReleaseUnit m =
        BaseImageJson.parse(
            manifest.getBytes(StandardCharsets.UTF_8), "depot.zip", "manifests/m.json");
    assertTrue(m.isManifest());
    assertEquals("dell.hsm_Dell-HSP:1.2", m.effectiveId());
    assertEquals("Dell-HSP 1.2 (manager dell.hsm)", m.hardwareSupport());
    assertEquals(List.of("y"), m.removedComponents());
    assertEquals("manifests/dell.hsm_Dell-HSP_1.2.json", BaseImageJson.memberPath(m));
    // written back exactly as read, including what esxforge does not model
    assertArrayEquals(manifest.getBytes(StandardCharsets.UTF_8), BaseImageJson.write(m));
    // a solution's components are constraints in any of the accepted shapes; the directory
    // decides the type when the document does not say
    String solution =
        "{\"nameSpec\":{\"name\":\"S\"},\"versionSpec\":{\"version\":\"2\"},\"components\":{"
            + "\"a\":\"1-1\",\"b\":[\"1-1\",{\"version\":\"1-2\"}],\"c\":{\"min\":\"1\",\"max\":\"2\"}}}";
    ReleaseUnit so =
        BaseImageJson.parse(solution.getBytes(StandardCharsets.UTF_8), "d", "solutions/s");
    assertTrue(so.isSolution());
    assertEquals("S:2", so.effectiveId());
    assertEquals(
        Map.of("a", "1-1", "b", "1-1 | 1-2", "c", ">=1, <=2"), Map.copyOf(so.components()));
    assertArrayEquals(solution.getBytes(StandardCharsets.UTF_8), BaseImageJson.write(so));
  }
}
