package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.io.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VibArchiveInputStreamTest {
  @TempDir Path tmp;

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  private Path save(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  // ---- streaming -----------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("realVibs")
  void nextMember_realVibOneByteAtATime_sameAsRandomAccess(VibFixtures.RealVib v)
      throws IOException {
    List<VibMember> expected;
    try (VibFile f = VibFile.open(save(v.fileName(), v.bytes()))) {
      expected = f.members();
    }
    InputStream trickle =
        new InputStream() {
          final ByteArrayInputStream in = new ByteArrayInputStream(v.bytes());

          @Override
          public int read() {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1));
          }
        };
    try (VibArchiveInputStream s = new VibArchiveInputStream(trickle, v.fileName())) {
      List<VibMember> seen = new ArrayList<>();
      VibMember m;
      while ((m = s.nextMember()) != null) {
        seen.add(m);
        byte[] data = m.name().equals("descriptor.xml") ? s.readMember(1 << 20) : s.readAllBytes();
        assertArrayEquals(VibFixtures.arMember(v.bytes(), m.name()), data, m.name());
      }
      assertEquals(expected, seen);
    }
  }

  @Test
  void nextMember_truncatedStream_formatExceptionOrCleanPrefix() throws IOException {
    byte[] all = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803").bytes();
    List<String> full = List.of("descriptor.xml", "sig.pkcs7", "vmkusb-n");
    int clean = 0;
    for (int cut = 0; cut < all.length; cut += cut < 5500 ? 1 : 4099) {
      List<String> seen = new ArrayList<>();
      try (VibArchiveInputStream s =
          new VibArchiveInputStream(new ByteArrayInputStream(all, 0, cut), "s.vib")) {
        VibMember m;
        while ((m = s.nextMember()) != null) {
          seen.add(m.name());
          s.transferTo(java.io.OutputStream.nullOutputStream());
        }
        // Stream ended on a member boundary: a strict prefix, the caller sees what is missing.
        assertTrue(seen.size() < 3 && seen.equals(full.subList(0, seen.size())), cut + " " + seen);
        clean++;
      } catch (FormatException e) {
        assertTrue(e.getMessage().startsWith("s.vib"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
      }
    }
    assertEquals(3, clean); // after the magic, after descriptor+pad, after sig.pkcs7
    assertEquals(
        "s.vib!descriptor.xml@100: member truncated: 32 of 1839 bytes",
        assertThrows(
                FormatException.class,
                () -> {
                  try (VibArchiveInputStream s =
                      new VibArchiveInputStream(new ByteArrayInputStream(all, 0, 100), "s.vib")) {
                    s.nextMember();
                    s.readAllBytes();
                  }
                })
            .getMessage());
  }

  @Test
  void readMember_overLimit_refusedBeforeAllocation() throws IOException {
    byte[] all = VibFixtures.named("net-r8125").bytes();
    try (VibArchiveInputStream s = new VibArchiveInputStream(new ByteArrayInputStream(all), "s")) {
      s.nextMember();
      assertEquals(
          "s!descriptor.xml@68: member of 1468 bytes exceeds the limit of 1000",
          assertThrows(FormatException.class, () -> s.readMember(1000)).getMessage());
    }
  }

  @Test
  void nextMember_oddMemberWithoutPad_clearMessage() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(ArHeader.GLOBAL_MAGIC);
    out.write(ArHeader.of("descriptor.xml", 3).toBytes(ArHeader.ModeFormat.ZERO));
    out.write(new byte[] {'<', 'a', '>'});
    try (VibArchiveInputStream s =
        new VibArchiveInputStream(new ByteArrayInputStream(out.toByteArray()), "p.vib")) {
      s.nextMember();
      assertEquals(
          "p.vib!descriptor.xml@71: pad byte missing after odd-sized member: 0 of 1 bytes",
          assertThrows(FormatException.class, s::nextMember).getMessage());
    }
  }
}
