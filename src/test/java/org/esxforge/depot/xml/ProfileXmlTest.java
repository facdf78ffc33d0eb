package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.io.FormatException;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ProfileXmlTest {

  private static final Instant T = Instant.parse("2020-03-16T10:48:52.739068Z");

  /** A profile with every VIB of the real 7.0 host's components. */
  private static ImageProfile hostProfile() throws Exception {
    List<VibId> ids = new ArrayList<>();
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-7.0-hpe-host/bulletins"))) {
      for (Path p : s.sorted().toList()) {
        Bulletin b = BulletinXml.parse(Files.readAllBytes(p), p.toString());
        ids.addAll(b.vibIds());
      }
    }
    return ImageProfile.builder("ESXi-7.0.0-15843807-standard", AcceptanceLevel.PARTNER)
        .creator("VMware, Inc.")
        .profileId("p1")
        .description("a & b <c>")
        .creationTime(T)
        .modifiedTime(T)
        .readOnly(true)
        .baseImage("ESXi:7.0.0-1.0.15843807")
        .vibIds(ids)
        .build();
  }

  @Test
  void writeParse_hostProfile_roundTrips() throws Exception {
    ImageProfile p = hostProfile();
    byte[] xml = ProfileXml.write(p);
    assertEquals(p, ProfileXml.parse(xml, "p.xml"));
    assertArrayEquals(xml, ProfileXml.write(ProfileXml.parse(xml, "p.xml")));
    String s = new String(xml, StandardCharsets.UTF_8);
    assertTrue(
        s.startsWith(
            "<imageprofile>\n  <name>ESXi-7.0.0-15843807-standard</name>\n"
                + "  <creator>VMware, Inc.</creator>\n  <profileID>p1</profileID>\n"
                + "  <creationtime>2020-03-16T10:48:52.739068+00:00</creationtime>\n"),
        s);
    assertTrue(
        s.endsWith(
            "  </viblist>\n  <acceptancelevel>partner</acceptancelevel>\n" + "</imageprofile>\n"),
        s);
    assertTrue(
        s.contains(
            "    <vib>\n      <vib-id>VMware_bootbank_esx-base_7.0.0-1.0.15843807"
                + "</vib-id>\n    </vib>\n"),
        s);
  }

  @Test
  void writeParse_payloads_imgdbForm() throws Exception {
    ImageProfile p = hostProfile();
    VibId base = new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807");
    SortedMap<String, String> m = new TreeMap<>(Map.of("s", "s.v00", "sb", "sb.v00"));
    byte[] xml = ProfileXml.write(p, Map.of(base, m));
    String s = new String(xml, StandardCharsets.UTF_8);
    assertTrue(
        s.contains(
            "<vib-id>VMware_bootbank_esx-base_7.0.0-1.0.15843807</vib-id>\n"
                + "      <payloads>\n        <payload payload-name=\"s\">s.v00</payload>\n"
                + "        <payload payload-name=\"sb\">sb.v00</payload>\n      </payloads>\n"),
        s);
    ProfileDocument d = ProfileXml.parseDocument(xml, "p");
    assertEquals(Map.of(base, m), d.payloads());
    assertEquals(p, d.profile());
  }

  @Test
  void parse_otherSpellings_tolerated() throws Exception {
    String xml =
        "<ImageProfile><name>x</name><acceptanceLevel>VMwareAccepted</acceptanceLevel>"
            + "<vibs><vibid>B_t_n_2</vibid><a><vibID>A_t_n_1</vibID></a></vibs>"
            + "<modifiedtime>2011-01-02T03:04:05.000000</modifiedtime></ImageProfile>";
    ImageProfile p = ProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8), "p");
    assertEquals(List.of(new VibId("A_t_n_1"), new VibId("B_t_n_2")), p.vibIds());
    assertEquals(AcceptanceLevel.ACCEPTED, p.acceptanceLevel());
    assertEquals(Instant.parse("2011-01-02T03:04:05Z"), p.modifiedTime());
    assertNull(p.creationTime());
    assertEquals("", p.baseImage());
  }

  @Test
  void parse_badLevel_oneLine() {
    String xml =
        "<imageprofile><name>x</name><acceptancelevel>gold</acceptancelevel>" + "</imageprofile>";
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> ProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8), "p.xml"));
    assertEquals(
        "p.xml!x: invalid acceptance level 'gold': expected one of certified, accepted,"
            + " partner, community",
        e.getMessage());
  }

  @Test
  void parse_noName_throws() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> ProfileXml.parse("<imageprofile/>".getBytes(StandardCharsets.UTF_8), "p.xml"));
    assertEquals("p.xml: image profile without <name>", e.getMessage());
  }

  @Test
  void parse_badTime_throws() {
    String xml =
        "<imageprofile><name>x</name><creationtime>yesterday</creationtime>" + "</imageprofile>";
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> ProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8), "p.xml"));
    assertEquals("p.xml!x: invalid timestamp 'yesterday'", e.getMessage());
  }
}
