package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Constraint;
import org.esxforge.model.Payload;
import org.esxforge.model.Relation;
import org.esxforge.model.VibDescriptor;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescriptorXmlTest {

  /** VIBs whose descriptor.xml VMware's own tooling wrote (or a tool that copies it exactly). */
  private static final Set<String> BYTE_EXACT =
      Set.of(
          "VMW_bootbank_vmkusb-nic-fling_2.1-6vmw.670.2.48.39203948.vib",
          "VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib",
          "VMW_bootbank_vmkusb-nic-fling_1.15-1vmw.900.0.84947163.vib",
          "VMW_bootbank_nvme-community_1.0.1.0-1vmw.670.0.0.8169922.vib",
          "VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807.vib",
          "net-r8125-9.011.00-10.vib");

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  @Test
  void realVibs_fixtureSet_isComplete() throws IOException {
    List<String> names = realVibs().stream().map(VibFixtures.RealVib::fileName).toList();
    assertEquals(9, names.size(), names.toString());
    assertTrue(names.containsAll(BYTE_EXACT), names.toString());
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void write_parsedRealDescriptor_reproducesOriginal(VibFixtures.RealVib vib) throws IOException {
    byte[] original = VibFixtures.arMember(vib.bytes(), "descriptor.xml");
    VibDescriptor d = DescriptorXml.parse(original, vib.fileName() + "!descriptor.xml");
    byte[] written = DescriptorXml.write(d, DescriptorStyle.detect(original));
    // Semantic round trip holds for every descriptor.
    assertEquals(d, DescriptorXml.parse(written, "rewritten"));
    String orig = new String(original, StandardCharsets.US_ASCII);
    if (BYTE_EXACT.contains(vib.fileName())) {
      assertEquals(orig, new String(written, StandardCharsets.US_ASCII));
      assertArrayEquals(original, written);
    } else if (vib.fileName().startsWith("net55-r8168")) {
      // v-front TGZ2VIB5 appends an XML comment before </vib>; comments are not kept, so only
      // the bytes without the comment can match.
      String noComment = orig.replaceAll("<!--.*?-->", "");
      assertNotEquals(orig, noComment);
      assertEquals(noComment, new String(written, StandardCharsets.US_ASCII));
    } else {
      // lsimr3 was edited by hand and saved with a trailing newline that VMware never writes.
      assertTrue(
          vib.fileName().startsWith("BCM_bootbank_lsi-mr3") || vib.fileName().startsWith("lsimr3"),
          vib.fileName());
      assertTrue(orig.endsWith("</vib>\n"));
      assertEquals(
          orig.substring(0, orig.length() - 1), new String(written, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void detect_realStyles_matchVmwareReleases() throws IOException {
    assertEquals(DescriptorStyle.CLASSIC, styleOf("vmkusb-nic-fling_2.1-6vmw.670"));
    assertEquals(DescriptorStyle.CLASSIC, styleOf("nvme-community_1.0.1.0-3vmw.700"));
    assertEquals(DescriptorStyle.SPACED, styleOf("vmkusb-nic-fling_1.14-1vmw.803"));
    assertEquals(DescriptorStyle.SPACED_SORTED, styleOf("vmkusb-nic-fling_1.15-1vmw.900"));
  }

  private static DescriptorStyle styleOf(String fragment) throws IOException {
    return DescriptorStyle.detect(
        VibFixtures.arMember(VibFixtures.named(fragment).bytes(), "descriptor.xml"));
  }

  @Test
  void parse_real90Descriptor_allFields() throws IOException {
    VibDescriptor d = parseFixture("vmkusb-nic-fling_1.15-1vmw.900");
    assertEquals("5.0", d.formatVersion());
    assertEquals("bootbank", d.type());
    assertEquals("VMW_bootbank_vmkusb-nic-fling_1.15-1vmw.900.0.84947163", d.id().value());
    assertEquals("2025-06-10T00:00:00.000001", d.releaseDate());
    assertEquals(
        new Constraint(
            "zstd-compression", Relation.EQ, new org.esxforge.model.SoftwareVersion("1.0")),
        d.relationships().depends().get(2));
    assertEquals(Constraint.any("vmkapi_3_0_0_0"), d.relationships().depends().get(0));
    assertEquals("9.0", d.softwarePlatforms().get(0).version());
    assertEquals("embeddedEsx", d.softwarePlatforms().get(0).productLineId());
    assertTrue(d.maintenanceMode());
    assertEquals(AcceptanceLevel.CERTIFIED, d.acceptanceLevel());
    assertTrue(d.statelessReady());
    assertFalse(d.overlay());
    Payload p = d.payloads().get(0);
    assertEquals(
        List.of("vmkusb-n", "vzstd", 299608L, 1191424L, -1, "", "level=18"),
        List.of(
            p.name(),
            p.type(),
            p.size(),
            p.uncompressedSize(),
            p.bootOrder(),
            p.vfatName(),
            p.compressionOption()));
    assertEquals(4, p.checksums().size());
    assertEquals("sha-256-gunzip1", p.checksums().get(3).type());
    assertEquals("gunzip", p.checksums().get(0).verifyProcess());
    assertEquals(
        List.of(
            "etc/vmware/ihv.map.d/vmkusb_nic_fling_acpi.map",
            "etc/vmware/ihv.map.d/vmkusb_nic_fling_pci.map",
            "usr/lib/vmware/vmkmod/vmkusb_nic_fling"),
        d.fileList());
  }

  @Test
  void parse_communityR8125_urlsConflictsReplaces() throws IOException {
    VibDescriptor d = parseFixture("net-r8125");
    assertEquals(List.of(new VibDescriptor.Url("qq group", "607022025")), d.urls());
    assertEquals(List.of(Constraint.any("net51-drivers")), d.relationships().conflicts());
    assertEquals(List.of(Constraint.any("net55-r8125")), d.relationships().replaces());
    assertEquals(AcceptanceLevel.COMMUNITY, d.acceptanceLevel());
  }

  private static VibDescriptor parseFixture(String fragment) throws IOException {
    VibFixtures.RealVib v = VibFixtures.named(fragment);
    return DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), v.fileName());
  }

  // ---- vibs/*.xml -------------------------------------------------------------------------

  static Stream<String> bundles() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.realDir())) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".zip"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void writeMetadata_fromVibAndDepotFacts_reproducesRealVibsXml(String bundle) throws IOException {
    Map<String, byte[]> xmls = VibFixtures.metadataVibXml(bundle);
    Map<String, byte[]> vibs = VibFixtures.zipEntries(Fixtures.real(bundle), ".vib");
    assertEquals(1, xmls.size());
    assertEquals(1, vibs.size());
    Map.Entry<String, byte[]> xml = xmls.entrySet().iterator().next();
    Map.Entry<String, byte[]> vib = vibs.entrySet().iterator().next();
    VibMetadata parsed = DescriptorXml.parseMetadata(xml.getValue(), bundle + "!" + xml.getKey());
    // The three extra elements describe the .vib next to it.
    assertEquals(vib.getKey(), parsed.relativePath());
    assertEquals(vib.getValue().length, parsed.packedSize());
    assertEquals(Sha256.of(vib.getValue()), parsed.vibSha256());
    VibDescriptor fromVib =
        DescriptorXml.parse(VibFixtures.arMember(vib.getValue(), "descriptor.xml"), vib.getKey());
    byte[] built =
        DescriptorXml.writeMetadata(
            new VibMetadata(
                fromVib, vib.getKey(), vib.getValue().length, Sha256.of(vib.getValue())));
    String expected = new String(xml.getValue(), StandardCharsets.US_ASCII);
    if (bundle.startsWith("net55-r8168")) {
      // v-front appends the three elements before </vib>, keeps its comment, writes
      // maintenanceMode and a .000000 fraction: same content, different bytes.
      assertEquals(withoutReleaseDate(parsed.descriptor()), withoutReleaseDate(fromVib));
      VibMetadata again = DescriptorXml.parseMetadata(DescriptorXml.writeMetadata(parsed), "re");
      assertEquals(withoutReleaseDate(parsed.descriptor()), withoutReleaseDate(again.descriptor()));
      assertEquals("2018-04-16T09:22:27+00:00", again.descriptor().releaseDate());
    } else if (bundle.startsWith("lsimr3")) {
      // Hand-made bundle: its vibs/*.xml lacks the softwarePlatform its descriptor.xml has (the
      // descriptor was edited after the metadata was made), so only the metadata round-trips.
      assertNotEquals(expected, new String(built, StandardCharsets.US_ASCII));
      assertEquals(List.of(), parsed.descriptor().softwarePlatforms());
      assertEquals(1, fromVib.softwarePlatforms().size());
      assertArrayEquals(xml.getValue(), DescriptorXml.writeMetadata(parsed));
    } else {
      assertEquals(expected, new String(built, StandardCharsets.US_ASCII));
      assertArrayEquals(xml.getValue(), DescriptorXml.writeMetadata(parsed));
    }
  }

  private static VibDescriptor withoutReleaseDate(VibDescriptor d) {
    return new VibDescriptor(
        d.formatVersion(),
        d.type(),
        d.name(),
        d.version(),
        d.vendor(),
        d.summary(),
        d.description(),
        "",
        d.urls(),
        d.relationships(),
        d.softwareTags(),
        d.installDate(),
        d.maintenanceMode(),
        d.maintenanceModeInstall(),
        d.maintenanceModeRemove(),
        d.softwarePlatforms(),
        d.hwPlatforms(),
        d.fileList(),
        d.acceptanceLevel(),
        d.liveInstallAllowed(),
        d.liveRemoveAllowed(),
        d.cimomRestart(),
        d.statelessReady(),
        d.overlay(),
        d.payloads());
  }

  @Test
  void parseMetadata_vfrontTrailingExtras_readsAllThree() throws IOException {
    Map<String, byte[]> xmls =
        VibFixtures.metadataVibXml("net55-r8168-8.045a-napi-offline_bundle.zip");
    VibMetadata m = DescriptorXml.parseMetadata(xmls.get("net55-r8168-9999999990.xml"), "vfront");
    assertEquals("net55-r8168-8.045a-napi.x86_64.vib", m.relativePath());
    assertEquals(1142562, m.packedSize());
    assertEquals(
        "b50ce94b24dc1760d231a72a6f4a0d2fbcfbeb4e6c8bf5cd35767b9a937c57a7", m.vibSha256().hex());
    assertTrue(m.descriptor().maintenanceMode()); // v-front's <maintenanceMode>
  }

  @Test
  void parseMetadata_plainDescriptor_extrasAbsent() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("net-r8125");
    VibMetadata m =
        DescriptorXml.parseMetadata(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "x");
    assertEquals("", m.relativePath());
    assertEquals(-1, m.packedSize());
    assertNull(m.vibSha256());
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void metadataFileName_realBundles_python2HashUpTo7x(String bundle) throws IOException {
    Map<String, byte[]> xmls = VibFixtures.metadataVibXml(bundle);
    String actual = xmls.keySet().iterator().next();
    VibDescriptor d = DescriptorXml.parseMetadata(xmls.get(actual), actual).descriptor();
    String ours = DescriptorXml.metadataFileName(d.id(), d.name());
    if (bundle.startsWith("ESXi80U3") || bundle.startsWith("ESXi90")) {
      // Python 3 randomised hash (docs/formats.md §2.4): cannot match.
      assertNotEquals(actual, ours);
      assertTrue(actual.startsWith(d.name() + "-"));
    } else if (bundle.startsWith("net55")) {
      assertEquals("net55-r8168-9999999990.xml", actual); // v-front constant
    } else {
      assertEquals(actual, ours);
    }
  }

  @Test
  void metadataFileName_negativeHash_doubleDash() throws Exception {
    assertEquals(
        "nvme-community--7843800453193291383.xml",
        DescriptorXml.metadataFileName(
            org.esxforge.model.VibId.parse(
                "VMW_bootbank_nvme-community_1.0.1.0-1vmw.670.0.0.8169922"),
            "nvme-community"));
    assertEquals(0, DescriptorXml.python2Hash(""));
  }

  // ---- host image database copies ----------------------------------------------------------

  static List<Path> hostVibs() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-7.0-hpe-host/vibs"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void parse_hostDatabase_all84ParseAndRoundTrip() throws IOException {
    List<Path> files = hostVibs();
    assertEquals(84, files.size());
    int installDates = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      VibDescriptor d = DescriptorXml.parse(bytes, f.getFileName().toString());
      assertFalse(d.installDate().isEmpty(), f.toString());
      installDates++;
      assertEquals(
          new String(bytes, StandardCharsets.UTF_8),
          new String(DescriptorXml.write(d), StandardCharsets.UTF_8),
          f.toString());
    }
    assertEquals(84, installDates);
  }

  /**
   * Each thread writes into a builder of its own, reused from one descriptor to the next: the 84
   * host descriptors (esx-base's 199 KB among them, which grows a builder past what is kept)
   * written on four threads at once, each thread in its own order, still give each one's own bytes.
   */
  @Test
  void write_hostDatabaseOnFourThreadsAtOnce_eachItsOwnBytes() throws Exception {
    List<byte[]> originals = new ArrayList<>();
    List<VibDescriptor> parsed = new ArrayList<>();
    for (Path f : hostVibs()) {
      byte[] bytes = Files.readAllBytes(f);
      originals.add(bytes);
      parsed.add(DescriptorXml.parse(bytes, f.toString()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(t));
        runs.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 5; round++) {
                    for (int i : order) {
                      assertArrayEquals(
                          originals.get(i), DescriptorXml.write(parsed.get(i)), "descriptor " + i);
                    }
                  }
                }));
      }
      for (Future<?> r : runs) {
        r.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void metadataFileName_hostDatabase_notPython2Hash() throws IOException {
    // The 7.0 host names its vibs/*.xml with Python 3's randomised hash: no name can be derived,
    // only the "<name>-" prefix holds (docs/formats.md §2.4 "readers must not derive anything").
    int matches = 0;
    for (Path f : hostVibs()) {
      VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.toString());
      String actual = f.getFileName().toString();
      assertTrue(actual.startsWith(d.name() + "-") && actual.endsWith(".xml"), actual);
      if (actual.equals(DescriptorXml.metadataFileName(d.id(), d.name()))) {
        matches++;
      }
    }
    assertEquals(0, matches);
  }

  @Test
  void parse_hostEsxBase_payloadsMatchRawXml() throws IOException {
    Path f =
        hostVibs().stream()
            .filter(p -> p.getFileName().toString().startsWith("esx-base-"))
            .findFirst()
            .orElseThrow();
    String raw = Files.readString(f);
    // Independent extraction: each <payload ...> start tag's attributes by regex.
    Matcher m = Pattern.compile("<payload ([^>]*)>").matcher(raw);
    List<String> expected = new ArrayList<>();
    while (m.find()) {
      String attrs = m.group(1);
      expected.add(
          attr(attrs, "name")
              + "|"
              + attr(attrs, "type")
              + "|"
              + attr(attrs, "size")
              + "|"
              + attr(attrs, "boot-order")
              + "|"
              + attr(attrs, "vfat-name"));
    }
    assertEquals(30, expected.size());
    VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.toString());
    List<String> actual =
        d.payloads().stream()
            .map(
                p ->
                    p.name()
                        + "|"
                        + p.type()
                        + "|"
                        + p.size()
                        + "|"
                        + (p.hasBootOrder() ? Integer.toString(p.bootOrder()) : "-")
                        + "|"
                        + (p.vfatName().isEmpty() ? "-" : p.vfatName()))
            .toList();
    assertEquals(expected, actual);
    assertTrue(actual.contains("jumpstrt|boot|20|47|jumpstrt.gz"));
    assertEquals(
        List.of(
            new Constraint(
                "esx-update", Relation.GE, new org.esxforge.model.SoftwareVersion("7.0.0-1.0")),
            new Constraint(
                "esx-update", Relation.LT, new org.esxforge.model.SoftwareVersion("7.0.0-1.1"))),
        d.relationships().depends());
    assertEquals("txt-mle", d.payload("b").checksums().get(0).verifyProcess());
    assertEquals(
        "7.0.0-1.0.15843807",
        d.relationships().provides().stream()
            .filter(p -> p.name().equals("esx-version"))
            .findFirst()
            .orElseThrow()
            .version()
            .text());
  }

  private static String attr(String attrs, String name) {
    Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(attrs);
    return m.find() ? m.group(1) : "-";
  }

  // ---- tolerance and errors ---------------------------------------------------------------

  private static final String MINIMAL_BODY =
      "<type>bootbank</type><name>x</name><version>1.0-1</version><vendor>V</vendor>"
          + "<acceptance-level>community</acceptance-level>";

  private static VibDescriptor parse(String xml) throws FormatException {
    return DescriptorXml.parse(xml.getBytes(StandardCharsets.UTF_8), "x.vib!descriptor.xml");
  }

  private static String error(String xml) {
    return assertThrows(FormatException.class, () -> parse(xml)).getMessage();
  }

  @Test
  void parse_prettyPrintedAnyOrderCommentsUnknown_tolerated() throws Exception {
    String xml =
        "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<vib version=\"5.0\">\n"
            + "  <payloads>\n    <payload name=\"p\" type=\"tgz\" size=\"12\">\n"
            + "      <checksum checksum-type=\"sha-256\">\n  ABCDEF  \n</checksum>\n"
            + "    </payload>\n  </payloads>\n  <unknown><deep a=\"1\"/></unknown>\n"
            + "  <acceptance-level> partner </acceptance-level>\n  <vendor>V</vendor>\n"
            + "  <urls />\n  <name> x </name>\n  <type>bootbank</type>\n  <version>1.0-1</version>\n"
            + "  <relationships><conflicts><constraint name=\"old\" relation=\"&lt;&lt;\" version=\"2.0\"/>"
            + "</conflicts><provides><provide name=\"cap\"/><provide name=\"v\" version=\"3\"/></provides>"
            + "</relationships>\n  <system-requires><maintenanceMode install=\"true\" remove=\"false\">"
            + "false</maintenanceMode><hwplatform vendor=\"HPE\" model=\"DL380\"/><hwplatform vendor=\"Dell\"/>"
            + "</system-requires>\n</vib>\n";
    VibDescriptor d = parse(xml);
    assertEquals("x", d.name());
    assertEquals(AcceptanceLevel.PARTNER, d.acceptanceLevel());
    assertEquals("abcdef", d.payloads().get(0).checksums().get(0).hex());
    assertEquals(Relation.LT, d.relationships().conflicts().get(0).relation());
    assertNull(d.relationships().provides().get(0).version());
    assertEquals("3", d.relationships().provides().get(1).version().text());
    assertFalse(d.maintenanceMode());
    assertEquals("true", d.maintenanceModeInstall());
    assertEquals("false", d.maintenanceModeRemove());
    assertEquals("DL380", d.hwPlatforms().get(0).model());
    assertEquals("", d.hwPlatforms().get(1).model());
    // And it writes back in canonical order and parses to the same record.
    String written = new String(DescriptorXml.write(d), StandardCharsets.US_ASCII);
    assertTrue(
        written.contains("<constraint name=\"old\" relation=\"&lt;&lt;\" version=\"2.0\"/>"),
        written);
    assertTrue(
        written.contains(
            "<maintenance-mode install=\"true\" remove=\"false\">false"
                + "</maintenance-mode><hwplatform vendor=\"HPE\" model=\"DL380\"/><hwplatform vendor=\"Dell\"/>"),
        written);
    assertEquals(d, DescriptorXml.parse(DescriptorXml.write(d), "again"));
  }

  @Test
  void write_specialCharacters_escapedAndReparsed() throws Exception {
    VibDescriptor d =
        parse(
            "<vib>"
                + MINIMAL_BODY
                + "<summary>a &lt;b&gt; &amp; \"c\" \u00e9</summary><urls><url key=\"k&quot;1\">u</url></urls></vib>");
    String w = new String(DescriptorXml.write(d), StandardCharsets.US_ASCII);
    assertTrue(w.contains("<summary>a &lt;b&gt; &amp; \"c\" &#233;</summary>"), w);
    assertTrue(w.contains("<url key=\"k&quot;1\">u</url>"), w);
    assertEquals(d, DescriptorXml.parse(w.getBytes(StandardCharsets.US_ASCII), "w"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!DOCTYPE vib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><vib><name>&x;</name></vib>",
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY l2 \"&lol;&lol;\">]><vib/>",
        "<!DOCTYPE vib SYSTEM \"http://evil/x.dtd\"><vib/>"
      })
  void parse_hostileXml_refusedBeforeParsing(String xml) {
    assertEquals(
        "x.vib!descriptor.xml@"
            + xml.indexOf("<!DOCTYPE")
            + ": XML with a DOCTYPE or entity declaration is refused",
        error(xml));
  }

  @Test
  void parse_missingName_namesSourceAndElement() {
    assertEquals(
        "x.vib!descriptor.xml: missing <name>",
        error("<vib>" + MINIMAL_BODY.replace("<name>x</name>", "") + "</vib>"));
  }

  @Test
  void parse_badAcceptanceLevel_namesValue() {
    assertEquals(
        "x.vib!descriptor.xml: invalid <acceptance-level> 'trusted': expected one of "
            + "certified, accepted, partner, community",
        error("<vib>" + MINIMAL_BODY.replace("community", "trusted") + "</vib>"));
  }

  @Test
  void parse_badVersionAndNumbers_nameValue() {
    assertEquals(
        "x.vib!descriptor.xml: empty <version>",
        error("<vib>" + MINIMAL_BODY.replace("1.0-1", " ") + "</vib>"));
    assertEquals(
        "x.vib!descriptor.xml: invalid <payload name='p'> size '12x'",
        error(
            "<vib>"
                + MINIMAL_BODY
                + "<payloads><payload name=\"p\" type=\"vgz\" size=\"12x\"/>"
                + "</payloads></vib>"));
    assertEquals(
        "x.vib!descriptor.xml: <constraint name='a'>: invalid relation '~': expected one "
            + "of << <= = >= >>",
        error(
            "<vib>"
                + MINIMAL_BODY
                + "<relationships><depends><constraint name=\"a\" "
                + "relation=\"~\" version=\"1\"/></depends></relationships></vib>"));
    assertEquals(
        "x.vib!descriptor.xml: invalid <live-install-allowed> 'maybe'",
        error("<vib>" + MINIMAL_BODY + "<live-install-allowed>maybe</live-install-allowed></vib>"));
  }

  @Test
  void parse_whitespaceInIdPart_namesValue() {
    assertEquals(
        "x.vib!descriptor.xml: invalid <version> '1.0 -1': contains whitespace",
        error("<vib>" + MINIMAL_BODY.replace("1.0-1", "1.0 -1") + "</vib>"));
    assertEquals(
        "x.vib!descriptor.xml: invalid <vendor> 'Big Co': contains whitespace",
        error("<vib>" + MINIMAL_BODY.replace(">V<", ">Big Co<") + "</vib>"));
  }

  @Test
  void parse_doctypeAfterLongProlog_stillRefused() {
    String xml =
        "<!--"
            + "x".repeat(70_000)
            + "-->"
            + "<!DOCTYPE vib [<!ENTITY e \"boom\">]><vib>"
            + MINIMAL_BODY.replace(">x<", ">&e;<")
            + "</vib>";
    String msg = error(xml);
    assertTrue(msg.startsWith("x.vib!descriptor.xml: "), msg);
    assertFalse(msg.contains("\n"), msg);
    assertFalse(msg.contains("boom"), msg);
  }

  @Test
  void parse_deepNesting_refused() {
    String xml = "<vib>" + MINIMAL_BODY + "<a>".repeat(100) + "</a>".repeat(100) + "</vib>";
    assertEquals("x.vib!descriptor.xml: malformed XML: elements nested deeper than 64", error(xml));
  }

  @Test
  void parse_malformedXml_oneLine() {
    String msg = error("<vib><name>x</vib>");
    assertTrue(msg.startsWith("x.vib!descriptor.xml: malformed XML: line 1, column "), msg);
    assertFalse(msg.contains("\n"), msg);
    assertEquals("x.vib!descriptor.xml: root element is <foo>, not <vib>", error("<foo/>"));
  }

  @Test
  void parse_oversized_refusedWithoutParsing() {
    byte[] big = new byte[DescriptorParser.MAX_BYTES + 1];
    FormatException e = assertThrows(FormatException.class, () -> DescriptorXml.parse(big, "big"));
    assertEquals("big: descriptor of 16777217 bytes exceeds the limit of 16777216", e.getMessage());
  }

  @Test
  void pythonIsoDate_variants_matchIsoformat() {
    assertEquals(
        "2020-08-20T13:25:51.761433+00:00",
        DescriptorSerializer.pythonIsoDate("2020-08-20T13:25:51.761433"));
    assertEquals(
        "2018-04-16T09:22:27+00:00",
        DescriptorSerializer.pythonIsoDate("2018-04-16T09:22:27.000000+00:00"));
    assertEquals(
        "2018-04-16T09:22:27.500000-05:00",
        DescriptorSerializer.pythonIsoDate("2018-04-16T09:22:27.5-05:00"));
    assertEquals("not a date", DescriptorSerializer.pythonIsoDate("not a date"));
  }

  /**
   * The hand-written reader of {@code pythonIsoDate} agrees with the regular expression it replaced
   * on every one- and two-character edit of sample dates (digits, separators, zones, fractions of
   * 0-7 digits, non-ASCII digits).
   */
  @Test
  void pythonIsoDate_mutants_sameAsTheRegularExpression() {
    java.util.regex.Pattern iso =
        java.util.regex.Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d{1,6}))?(Z|[+-]\\d\\d:\\d\\d)?");
    java.util.function.UnaryOperator<String> reference =
        text -> {
          java.util.regex.Matcher m = iso.matcher(text);
          if (!m.matches()) {
            return text;
          }
          StringBuilder sb = new StringBuilder(m.group(1));
          String frac = m.group(2);
          if (frac != null) {
            String micros = (frac + "000000").substring(0, 6);
            if (!micros.equals("000000")) {
              sb.append('.').append(micros);
            }
          }
          String zone = m.group(3);
          sb.append(zone == null || zone.equals("Z") ? "+00:00" : zone);
          return sb.toString();
        };
    List<String> seeds =
        List.of(
            "2020-03-16T10:48:52.739068+00:00",
            "2020-08-20T13:25:51.761433",
            "2018-04-16T09:22:27Z",
            "2018-04-16T09:22:27.5-05:00",
            "2018-04-16T09:22:27.1234567",
            "2018-04-16T09:22:27.",
            "2018-04-16T09:22:27");
    String alphabet = "0159-:.TZ+ x\u0661";
    int checked = 0;
    for (String seed : seeds) {
      java.util.Set<String> variants = new java.util.LinkedHashSet<>(List.of(seed));
      for (int i = 0; i <= seed.length(); i++) {
        variants.add(seed.substring(0, i)); // cut short
        if (i < seed.length()) {
          variants.add(seed.substring(0, i) + seed.substring(i + 1)); // one character less
        }
        for (char c : alphabet.toCharArray()) {
          variants.add(seed.substring(0, i) + c + seed.substring(i)); // one more
          if (i < seed.length()) {
            String once = seed.substring(0, i) + c + seed.substring(i + 1); // one replaced
            variants.add(once);
            int j = (i * 7 + c) % seed.length();
            variants.add(
                once.substring(0, j)
                    + alphabet.charAt(j % alphabet.length())
                    + once.substring(j + 1));
          }
        }
      }
      for (String v : variants) {
        assertEquals(reference.apply(v), DescriptorSerializer.pythonIsoDate(v), v);
        checked++;
      }
    }
    assertTrue(checked > 2000, checked + " variants");
  }

  @Test
  void writeDatabase_real67HostOrig_equalsTheHostsXmlByteForByte() throws IOException {
    java.nio.file.Path vibs = org.esxforge.testing.Fixtures.real("esximg-6.7-host/vibs");
    List<java.nio.file.Path> origs;
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(vibs)) {
      origs = s.filter(p -> p.toString().endsWith(".xml.orig")).sorted().toList();
    }
    assertEquals(136, origs.size());
    for (java.nio.file.Path orig : origs) {
      VibDescriptor d =
          DescriptorXml.parse(java.nio.file.Files.readAllBytes(orig), orig.toString());
      String xml = orig.toString().substring(0, orig.toString().length() - ".orig".length());
      assertEquals(
          new String(
              java.nio.file.Files.readAllBytes(java.nio.file.Path.of(xml)),
              java.nio.charset.StandardCharsets.UTF_8),
          new String(DescriptorXml.writeDatabase(d), java.nio.charset.StandardCharsets.UTF_8),
          xml);
    }
  }
}
