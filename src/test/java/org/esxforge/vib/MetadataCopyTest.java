package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataCopyTest {
  private static final String DEPOT_ONLY =
      "<relative-path>vib20/x/X_bootbank_x_1.0.vib</relative-path><packed-size>1362</packed-size>"
          + "<checksum checksum-type=\"sha-256\">"
          + "a3725423717d3b479ae34f3984285ae2928d9e00c9424fd411d4bbc839d24364</checksum>";

  private static final String HEAD =
      "<vib version=\"5.0\"><type>bootbank</type><name>x</name><version>1.0</version>"
          + "<vendor>X</vendor><summary>s</summary><software-tags/>";

  private static final String TAIL =
      "<acceptance-level>community</acceptance-level><payloads><payload name=\"x\" type=\"tgz\""
          + " size=\"64\"><checksum checksum-type=\"sha-256\">"
          + "ad64c68804554c23c24681a566a619432faa1552b78f76bbe513eaf3ba6e2efe</checksum>"
          + "</payload></payloads></vib>";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void descriptorSha256_extrasAfterTags_digestOfTheEntryWithoutThem() throws Exception {
    byte[] entry = b(HEAD + DEPOT_ONLY + TAIL);
    byte[] descriptor = b(HEAD + TAIL); // the payload's own <checksum> stays
    assertEquals(Sha256.of(descriptor), MetadataCopy.descriptorSha256(entry));
    assertEquals(
        DescriptorXml.parse(descriptor, "d"), DescriptorXml.parseMetadata(entry, "m").descriptor());
    // indented, extras at the end of <vib>
    byte[] spaced = b(HEAD + "\n  " + TAIL.replace("</vib>", "  " + DEPOT_ONLY + "\n</vib>"));
    byte[] spacedDescriptor = b(HEAD + "\n  " + TAIL.replace("</vib>", "  \n</vib>"));
    assertEquals(Sha256.of(spacedDescriptor), MetadataCopy.descriptorSha256(spaced));
    // an entry without extras is its own copy
    assertEquals(Sha256.of(descriptor), MetadataCopy.descriptorSha256(descriptor));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!-- c -->" + HEAD + DEPOT_ONLY + TAIL, // a comment
        "<?xml version=\"1.0\"?>" + HEAD + DEPOT_ONLY + TAIL, // a declaration
        HEAD + "<packed-size/>" + TAIL, // an empty element
        HEAD + "<packed-size>1<b/></packed-size>" + TAIL, // not text only
        HEAD + "]]" + DEPOT_ONLY + ">" + TAIL, // the cut would join text into ']]>'
        HEAD + "x" + DEPOT_ONLY + TAIL, // text beside it
        " " + HEAD + DEPOT_ONLY + TAIL, // not starting with '<'
      })
  void descriptorSha256_formsThatCannotBeCutSafely_null(String entry) {
    assertNull(MetadataCopy.descriptorSha256(b(entry)));
  }

  @Test
  void parseMetadataEntry_realBundles_copyOnlyWhereTheVibsOwnDescriptorIsTheCutEntry()
      throws IOException {
    Map<String, Boolean> copied = new TreeMap<>();
    for (VibFixtures.RealVib v : VibFixtures.all()) {
      int bang = v.source().indexOf('!');
      if (bang < 0) {
        continue;
      }
      byte[] own = VibFixtures.arMember(v.bytes(), "descriptor.xml");
      VibDescriptor ownParsed = DescriptorXml.parse(own, v.fileName());
      for (Map.Entry<String, byte[]> e :
          VibFixtures.metadataVibXml(v.source().substring(0, bang)).entrySet()) {
        DescriptorXml.MetadataEntry m = DescriptorXml.parseMetadataEntry(e.getValue(), e.getKey());
        if (!m.metadata().descriptor().id().equals(ownParsed.id())) {
          continue;
        }
        boolean same = m.copy() != null && m.copy().sha256().equals(Sha256.of(own));
        copied.put(v.fileName(), same);
        if (same) {
          assertSame(m.metadata().descriptor(), m.copy().descriptor());
          assertEquals(ownParsed, m.copy().descriptor(), v.fileName());
          ParsedDescriptor probed = ParsedDescriptor.parse(own, "probe", m.copy());
          assertSame(m.copy(), probed);
        } else {
          assertNotEquals(ParsedDescriptor.parse(own, "probe", m.copy()), m.copy());
        }
      }
    }
    // VMware's 6.7 and 7.0 nvme-community depots copy the descriptor; the others re-serialise it
    // (release date, element order), and the lsimr3 mod's metadata drops a softwarePlatform
    Map<String, Boolean> expected = new TreeMap<>();
    expected.put("BCM_bootbank_lsi-mr3_7.732.03.00-1MOD.800.1.0.20613240.vib", false);
    expected.put("VMW_bootbank_nvme-community_1.0.1.0-1vmw.670.0.0.8169922.vib", true);
    expected.put("VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807.vib", true);
    expected.put("VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib", false);
    expected.put("VMW_bootbank_vmkusb-nic-fling_1.15-1vmw.900.0.84947163.vib", false);
    expected.put("VMW_bootbank_vmkusb-nic-fling_2.1-6vmw.670.2.48.39203948.vib", false);
    expected.put("net55-r8168-8.045a-napi.x86_64.vib", false);
    assertEquals(expected, copied);
  }
}
