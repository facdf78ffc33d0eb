package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.esxforge.io.FormatException;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.PciDevice;
import org.esxforge.model.VibDescriptor;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Device claims read from the real fixtures' payloads, checked against an independent reader. */
class DeviceMapsTest {

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  /**
   * Every device map inside every real VIB (vmtar in vgz, plain tar in tgz, vmtar in the 9.0
   * gzip+zstd form) is found with the same bytes as a Python reader that shares no code with
   * esxforge (mapfiles.py: ar split, gzip module, zstd CLI, tarfile or its own vmtar walk).
   */
  @ParameterizedTest
  @MethodSource("realVibs")
  void mapFiles_equalAnIndependentReader(VibFixtures.RealVib v, @TempDir Path tmp)
      throws Exception {
    Path python = ExternalTools.require("python3");
    ExternalTools.require("zstd");
    Path vib = tmp.resolve("x.vib");
    Files.write(vib, v.bytes());
    Path script = tmp.resolve("mapfiles.py");
    try (InputStream in = DeviceMapsTest.class.getResourceAsStream("mapfiles.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p =
        new ProcessBuilder(python.toString(), script.toString(), vib.toString())
            .redirectErrorStream(true)
            .start();
    String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), expected);

    TreeSet<String> ours = new TreeSet<>();
    VibDescriptor d = DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "d");
    try (VibArchiveInputStream ar =
        new VibArchiveInputStream(new ByteArrayInputStream(v.bytes()), v.fileName())) {
      for (VibMember m = ar.nextMember(); m != null; m = ar.nextMember()) {
        if (m.name().equals("descriptor.xml") || m.name().equals("sig.pkcs7")) {
          continue;
        }
        // read by content, whatever the descriptor calls the member (lsimr3's is misnamed)
        String type = d.payload(m.name()) != null ? d.payload(m.name()).type() : "tgz";
        for (Map.Entry<String, byte[]> e :
            PayloadFiles.read(type, ar, m.size(), DeviceMaps::isMapFile, 1 << 20, m.name())
                .entrySet()) {
          ours.add(m.name() + " " + e.getKey() + " " + sha256(e.getValue()));
        }
      }
    }
    assertEquals(new TreeSet<>(expected.lines().toList()), ours, v.source());
    assertFalse(ours.isEmpty(), "every real fixture VIB is a driver with a device map");
  }

  @Test
  void realtek8168_isAVmklinuxClaimOn10ec8168() throws IOException {
    List<DeviceClaim> claims = claimsOf("net55-r8168");
    PciDevice rtl = new PciDevice("", 0x10ec, 0x8168, -1, -1, 0x02, 0x00, -1, "", "", 1);
    DeviceClaim c = claims.stream().filter(x -> x.matches(rtl)).findFirst().orElseThrow();
    assertEquals("r8168", c.driver());
    assertTrue(c.vmklinux());
    assertEquals("network", c.deviceClass());
    assertEquals("etc/vmware/driver.map.d/r8168.map", c.mapFile());
    assertEquals("10ec8168........", c.pattern().substring(0, 16));
  }

  @Test
  void nvmeCommunity700_claimsEveryNvmeControllerByClass() throws IOException {
    List<DeviceClaim> claims = claimsOf("3vmw.700");
    PciDevice samsung =
        new PciDevice("", 0x144d, 0xa808, 0x144d, 0xa801, 0x01, 0x08, 0x02, "", "", 1);
    DeviceClaim c = claims.stream().filter(x -> x.matches(samsung)).findFirst().orElseThrow();
    assertEquals("nvme_community", c.driver());
    assertEquals("class 01:08:02", c.describePattern());
    assertFalse(c.vmklinux());
    // without a class (a plain vendor:device list) a class-only claim cannot match
    PciDevice unknownClass = new PciDevice("", 0x144d, 0xa808, -1, -1, -1, -1, -1, "", "", 1);
    assertFalse(
        claims.stream().filter(x -> x.specificity() < 8).anyMatch(x -> x.matches(unknownClass)));
    // a device named by id is matched by id
    PciDevice apple = new PciDevice("", 0x106b, 0x2005, -1, -1, -1, -1, -1, "", "", 1);
    assertTrue(claims.stream().anyMatch(x -> x.matches(apple)));
  }

  @Test
  void usbNicFling90_vzstdPayloadGivesItsPciAndAcpiClaims() throws IOException {
    List<DeviceClaim> claims = claimsOf("ESXi90-VMKUSB");
    assertTrue(claims.stream().anyMatch(c -> c.bus().equals("acpi")));
    PciDevice xhci = new PciDevice("", 0x8086, 0xa36d, -1, -1, 0x0c, 0x03, 0x30, "", "", 1);
    assertTrue(
        claims.stream().anyMatch(c -> c.matches(xhci) && c.driver().equals("vmkusb_nic_fling")));
  }

  @Test
  void mayClaim_usesTheFileListSoOtherVibsAreNeverRead() throws IOException {
    byte[] xml = VibFixtures.arMember(VibFixtures.named("net55-r8168").bytes(), "descriptor.xml");
    assertTrue(DeviceMaps.mayClaim(DescriptorXml.parse(xml, "d")));
    String other =
        new String(xml, StandardCharsets.UTF_8)
            .replace("etc/vmware/driver.map.d/r8168.map", "usr/lib/vmware/x.dat");
    assertFalse(
        DeviceMaps.mayClaim(DescriptorXml.parse(other.getBytes(StandardCharsets.UTF_8), "d")));
  }

  @Test
  void parse_skipsCommentsAndIncompleteLinesAndPadsShortNativeIds() {
    String map =
        "# comment\n\nregtype=native,bus=pci,id=8086100e,driver=ne1000\n"
            + "regtype=native,bus=pci,driver=broken\n"
            + "regtype=linux,bus=pci,id=10ec:8168 10ec:8168,driver=r8168,class=network # tail\n";
    List<DeviceClaim> c =
        DeviceMaps.parse("etc/vmware/default.map.d/x.map", map.getBytes(StandardCharsets.US_ASCII));
    assertEquals(2, c.size());
    assertEquals("8086100e..............", c.get(0).pattern());
    assertEquals("10ec816810ec8168......", c.get(1).pattern());
  }

  @Test
  void payloadBomb_failsWithOneLine() throws IOException {
    // one tar entry of 260 MiB of zeros: about 260 KiB gzip'd, so over the 256 MiB floor of the
    // decompression bound; the reader must stop there even though it only skips the entry
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(gz))) {
      TarArchiveEntry e = new TarArchiveEntry("usr/lib/big.dat");
      long size = 260L << 20;
      e.setSize(size);
      tar.putArchiveEntry(e);
      byte[] zeros = new byte[1 << 20];
      for (long i = 0; i < size; i += zeros.length) {
        tar.write(zeros);
      }
      tar.closeArchiveEntry();
    }
    byte[] raw = gz.toByteArray();
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                PayloadFiles.read(
                    "tgz",
                    new ByteArrayInputStream(raw),
                    raw.length,
                    p -> true,
                    1024,
                    "bomb.vib!p"));
    assertTrue(e.getMessage().startsWith("bomb.vib!p"), e.getMessage());
  }

  @Test
  void corruptGzip_failsWithOneLine() {
    byte[] raw = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                PayloadFiles.read(
                    "vgz", new ByteArrayInputStream(raw), raw.length, p -> true, 1024, "x.vib!p"));
    assertTrue(e.getMessage().contains("does not decompress"), e.getMessage());
  }

  private static List<DeviceClaim> claimsOf(String fragment) throws IOException {
    VibFixtures.RealVib v = VibFixtures.named(fragment);
    VibDescriptor d = DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "d");
    return DeviceMaps.read(d, new ByteArrayInputStream(v.bytes()), v.fileName());
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
