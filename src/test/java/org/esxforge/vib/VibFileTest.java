package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.esxforge.io.FormatException;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VibFileTest {
  @TempDir Path tmp;

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  private Path save(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void open_realVib_membersMatchIndependentArScan(VibFixtures.RealVib v) throws IOException {
    try (VibFile f = VibFile.open(save(v.fileName(), v.bytes()))) {
      List<String> names = f.members().stream().map(VibMember::name).toList();
      assertEquals(List.of("descriptor.xml", "sig.pkcs7"), names.subList(0, 2));
      assertEquals(3, names.size());
      for (VibMember m : f.members()) {
        byte[] expected = VibFixtures.arMember(v.bytes(), m.name());
        try (InputStream in = f.openMember(m.name())) {
          assertArrayEquals(expected, in.readAllBytes(), m.name());
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        assertEquals(m.size(), f.transferMember(m.name(), Channels.newChannel(copy)));
        assertArrayEquals(expected, copy.toByteArray());
      }
      assertArrayEquals(VibFixtures.arMember(v.bytes(), "descriptor.xml"), f.descriptorBytes());
      assertArrayEquals(VibFixtures.arMember(v.bytes(), "sig.pkcs7"), f.signatureBytes());
      VibDescriptor d = f.descriptor();
      boolean community = d.acceptanceLevel() == org.esxforge.model.AcceptanceLevel.COMMUNITY;
      assertEquals(community, f.signatureBytes().length == 0);
      assertEquals(v.bytes().length, f.size());
      assertNull(f.member("nope"));
    }
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void matches_realVib_trueOthersFalse(VibFixtures.RealVib v) throws IOException {
    assertTrue(VibFile.matches(v.bytes(), 64));
    assertFalse(VibFile.matches(v.bytes(), 21));
    byte[] deb =
        "!<arch>\ndebian-binary   0           0     0     100644  4         `\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertFalse(VibFile.matches(deb, deb.length));
    byte[] zip =
        Files.readAllBytes(org.esxforge.testing.Fixtures.real("lsimr3-mod-offline-bundle-8x.zip"));
    assertFalse(VibFile.matches(zip, zip.length));
  }

  @Test
  void member_missing_namesFileAndMember() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("net-r8125");
    try (VibFile f = VibFile.open(save("r.vib", v.bytes()))) {
      assertEquals(
          "r.vib: no ar member 'payload1'",
          assertThrows(FormatException.class, () -> f.openMember("payload1")).getMessage());
    }
  }

  /**
   * Reads a VIB the way a consumer does: index, descriptor, signature, every payload drained.
   * Returns normally only for a complete VIB.
   */
  private static void consume(Path p) throws IOException {
    try (VibFile f = VibFile.open(p)) {
      VibDescriptor d = f.descriptor();
      f.signatureBytes();
      for (Payload pl : d.payloads()) {
        try (InputStream in = f.openMember(pl.name())) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    }
  }

  @Test
  void open_truncatedAtEveryHeaderByteAndSampledBody_oneLineFormatException() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    byte[] all = v.bytes();
    long payloadData;
    Path full = save("full.vib", all);
    try (VibFile f = VibFile.open(full)) {
      payloadData = f.members().get(2).dataOffset();
    }
    consume(full); // the whole file is fine
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i <= payloadData + 1; i++) {
      cuts.add(i);
    }
    for (int i = (int) payloadData + 2; i < all.length; i += 3331) {
      cuts.add(i);
    }
    cuts.add(all.length - 1);
    Path p = tmp.resolve("cut.vib");
    for (int cut : cuts) {
      Files.write(p, Arrays.copyOf(all, cut));
      try {
        consume(p);
        fail("no error for a file cut at " + cut);
      } catch (FormatException e) {
        String m = e.getMessage();
        assertTrue(m.startsWith("cut.vib"), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(
            m.contains("truncated") || m.contains("no ar member") || m.contains("pad byte missing"),
            cut + ": " + m);
      }
    }
    assertEquals("cut.vib@0: truncated ar magic: 5 of 8 bytes", cutMessage(all, 5));
    assertEquals("cut.vib: no ar member 'descriptor.xml'", cutMessage(all, 8));
    assertEquals("cut.vib@8: truncated ar header: 22 of 60 bytes", cutMessage(all, 30));
    assertEquals(
        "cut.vib!descriptor.xml@68: member truncated: 32 of 1839 bytes", cutMessage(all, 100));
    assertEquals(
        "cut.vib!descriptor.xml@1907: pad byte missing after odd-sized member: 0 of 1 bytes",
        cutMessage(all, 1907));
    assertEquals("cut.vib: no ar member 'vmkusb-n'", cutMessage(all, (int) payloadData - 60));
    assertEquals(
        "cut.vib!vmkusb-n@" + payloadData + ": member truncated: 351513 of 351514 bytes",
        cutMessage(all, all.length - 1));
  }

  private String cutMessage(byte[] all, int cut) throws IOException {
    Path p = tmp.resolve("cut.vib");
    Files.write(p, Arrays.copyOf(all, cut));
    return assertThrows(FormatException.class, () -> consume(p)).getMessage();
  }

  @Test
  void open_corruptHeaders_clearMessages() throws IOException {
    byte[] all = VibFixtures.named("net-r8125").bytes();
    assertEquals(
        "bad.vib@0: not an ar archive (no !<arch> magic)", openError(patch(all, 0, "!<arkh>\n")));
    assertEquals(
        "bad.vib@8: bad ar header magic: actual 0x2020 != expected 0x600a",
        openError(patch(all, 8 + 58, "  ")));
    assertEquals("bad.vib@56: invalid ar size field '14x8'", openError(patch(all, 8 + 48, "14x8")));
    assertEquals("bad.vib@48: invalid ar mode field '9'", openError(patch(all, 8 + 40, "9")));
    assertEquals(
        "bad.vib@8: unsupported ar member name '//' (long-name tables are not used in VIBs)",
        openError(patch(all, 8, "//              ")));
    assertEquals(
        "bad.vib!descriptor.xml@68: member truncated: " + (all.length - 68) + " of 9999999 bytes",
        openError(patch(all, 8 + 48, "9999999   ")));
    // sig.pkcs7 renamed to descriptor.xml: two members with one name
    int sig = 8 + 60 + 1468;
    assertEquals(
        "bad.vib!descriptor.xml@" + sig + ": duplicate ar member",
        openError(patch(all, sig, "descriptor.xml  ")));
  }

  private static byte[] patch(byte[] b, int off, String s) {
    byte[] c = b.clone();
    byte[] p = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(p, 0, c, off, p.length);
    return c;
  }

  private String openError(byte[] bytes) throws IOException {
    Path p = save("bad.vib", bytes);
    return assertThrows(FormatException.class, () -> VibFile.open(p).close()).getMessage();
  }
}
