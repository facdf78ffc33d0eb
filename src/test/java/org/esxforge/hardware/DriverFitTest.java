package org.esxforge.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

/**
 * Which real drivers can load on the real ESXi 7.0 GA host, judged against the provides of its real
 * esx-base (src/test/fixtures/real/esximg-7.0-hpe-host), and the words used when not.
 */
class DriverFitTest {

  private static DriverFit seventy() throws IOException {
    Path vibs = Fixtures.real("esximg-7.0-hpe-host/vibs");
    VibDescriptor esxBase;
    try (Stream<Path> s = Files.list(vibs)) {
      Path p =
          s.filter(f -> f.getFileName().toString().startsWith("esx-base-"))
              .findFirst()
              .orElseThrow();
      esxBase = DescriptorXml.parse(Files.readAllBytes(p), p.toString());
    }
    ImageProfile profile =
        ImageProfile.builder("host-7.0", AcceptanceLevel.PARTNER).addVib(esxBase.id()).build();
    Map<VibId, VibDescriptor> d = new HashMap<>();
    d.put(esxBase.id(), esxBase);
    return DriverFit.of(profile, d, id -> List.of());
  }

  private static VibDescriptor fromZip(String zip) throws IOException {
    try (ZipFile z = ZipFile.builder().setPath(Fixtures.real(zip)).get()) {
      for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) {
        if (e.getName().endsWith(".vib")) {
          try (InputStream in = z.getInputStream(e)) {
            byte[] vib = in.readAllBytes();
            return DescriptorXml.parse(member(vib, "descriptor.xml"), zip);
          }
        }
      }
    }
    throw new IllegalStateException("no VIB in " + zip);
  }

  private static byte[] member(byte[] ar, String name) {
    int pos = 8;
    while (pos + 60 <= ar.length) {
      String n = new String(ar, pos, 16, java.nio.charset.StandardCharsets.US_ASCII).strip();
      int size =
          Integer.parseInt(
              new String(ar, pos + 48, 10, java.nio.charset.StandardCharsets.US_ASCII).strip());
      if (n.equals(name) || n.equals(name + "/")) {
        return java.util.Arrays.copyOfRange(ar, pos + 60, pos + 60 + size);
      }
      pos += 60 + size + (size & 1);
    }
    throw new IllegalStateException(name);
  }

  @Test
  void releaseComesFromTheRealEsxBase() throws IOException {
    assertEquals("7.0.0", seventy().release());
  }

  @Test
  void usbNicFlings_onlyTheBuildsForOtherReleasesAreRefused_withTheirRelease() throws IOException {
    DriverFit f = seventy();
    assertEquals(
        Optional.of(
            "is made for ESXi 6.7.0: needs vmkapi_incompat_2_5_0_0, which ESXi"
                + " 7.0.0 does not provide"),
        f.cannotLoad(
            fromZip("ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip"), List.of()));
    assertEquals(
        Optional.of("is made for ESXi 8.0, not ESXi 7.0.0"),
        f.cannotLoad(
            fromZip("ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip"), List.of()));
    assertEquals(
        Optional.of("is made for ESXi 9.0, not ESXi 7.0.0"),
        f.cannotLoad(
            fromZip("ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip"), List.of()));
    // the 6.7 NVMe Fling needs only vmkapi_2_5_0_0, which 7.0 still provides
    assertEquals(
        Optional.empty(),
        f.cannotLoad(
            fromZip(
                "nvme-community-driver_1.0.1.0-1vmw.670.0.0.8169922-offline_bundle-17658145.zip"),
            List.of()));
  }

  @Test
  void vmklinuxMaps_neverLoadOnSevenOrLater() throws IOException {
    DriverFit f = seventy();
    VibDescriptor r8168 = fromZip("net55-r8168-8.045a-napi-offline_bundle.zip");
    DeviceClaim linux =
        new DeviceClaim(
            "pci",
            "linux",
            "r8168",
            "10ec8168" + ".".repeat(14),
            "network",
            "etc/vmware/driver.map.d/r8168.map");
    assertEquals(
        Optional.of(
            "is a vmklinux driver (regtype=linux in "
                + "etc/vmware/driver.map.d/r8168.map) made for ESXi 5.5; ESXi 7.0 and later cannot load "
                + "vmklinux drivers"),
        f.cannotLoad(r8168, List.of(linux)));
    // without its map the API levels alone still refuse it
    assertEquals(
        Optional.of(
            "is made for ESXi 5.5: needs vmkapi_2_2_0_0, "
                + "com.vmware.driverAPI-9.2.2.0, which ESXi 7.0.0 does not provide"),
        f.cannotLoad(r8168, List.of()));
  }
}
