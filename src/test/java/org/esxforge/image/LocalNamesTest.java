package org.esxforge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

/** {@link LocalNames} against the names a real installer wrote (fixtures/real/esximg-6.7-host). */
class LocalNamesTest {
  @Test
  void assign_real67Host_everyPayloadNamedAsTheHostNamedIt() throws Exception {
    Path db = Fixtures.real("esximg-6.7-host");
    Path profileFile;
    try (Stream<Path> s = Files.list(db.resolve("profiles"))) {
      profileFile = s.findFirst().orElseThrow();
    }
    ProfileDocument real =
        ProfileXml.parseDocument(Files.readAllBytes(profileFile), profileFile.toString());
    Map<VibId, VibDescriptor> descriptors = new TreeMap<>();
    try (Stream<Path> s = Files.list(db.resolve("vibs"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".xml.orig")).toList()) {
        VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.toString());
        descriptors.put(d.id(), d);
      }
    }
    assertEquals(136, real.profile().vibIds().size());
    assertEquals(descriptors.keySet(), new java.util.TreeSet<>(real.profile().vibIds()));
    List<VibDescriptor> sorted = new ArrayList<>(descriptors.values());
    Map<PayloadRef, String> names = LocalNames.assign(sorted);

    // the host's profile names each payload by its name (VMware's 6.7 writer cut the
    // payload-name attribute of driver VIBs to 8 characters, e.g. 'lsu-lsi-')
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> got = new TreeMap<>();
    int payloads = 0;
    for (VibDescriptor d : sorted) {
      Map<String, String> hostNames = real.payloads().get(d.id());
      for (Map.Entry<String, String> e : hostNames.entrySet()) {
        expected.put(d.id() + "!" + e.getKey(), e.getValue());
      }
      for (var p : d.payloads()) {
        String key = hostNames.containsKey(p.name()) ? p.name() : p.name().substring(0, 8);
        got.put(d.id() + "!" + key, names.get(new PayloadRef(d.id(), p.name())));
        payloads++;
      }
    }
    assertEquals(expected, got);
    assertEquals(168, payloads);
    assertEquals("bootx64..b00", got.get("VMware_bootbank_esx-base_6.7.0-0.0.8169922!BOOTx64.EFI"));
    assertEquals(
        "shim_lib.v05", got.get("VMW_bootbank_shim-libfcoe-9-2-2-0_6.7.0-0.0.8169922!shim-lib"));
  }

  @Test
  void base_vmwareForm_keepsDotsModulesMapThem() {
    assertEquals("bootx64.", LocalNames.base("BOOTx64.EFI"));
    assertEquals("lsu_lsi_", LocalNames.base("lsu-lsi-lsi-mr3"));
    assertEquals("weird_na", LocalNames.isoBase("Weird.Name!"));
  }
}
