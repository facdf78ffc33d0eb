package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VibWriterTest {
  @TempDir Path tmp;

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void write_realVibMembers_identicalBytesForVmwareVibs(VibFixtures.RealVib v) throws IOException {
    Path in = tmp.resolve(v.fileName());
    Files.write(in, v.bytes());
    boolean gnu = new String(v.bytes(), 8, 16, StandardCharsets.US_ASCII).contains("/");
    ArHeader.ModeFormat mode =
        new String(v.bytes(), 48, 8, StandardCharsets.US_ASCII).trim().equals("0o0")
            ? ArHeader.ModeFormat.PYTHON3_OCTAL
            : ArHeader.ModeFormat.ZERO;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VibWriter.Result r;
    try (VibFile f = VibFile.open(in)) {
      List<VibWriter.Entry> payloads = new ArrayList<>();
      for (VibMember m : f.members().subList(2, f.members().size())) {
        payloads.add(
            new VibWriter.Entry(m.name(), VibWriter.Source.of(in, m.dataOffset(), m.size())));
      }
      r = VibWriter.write(out, f.descriptorBytes(), f.signatureBytes(), payloads, mode);
    }
    byte[] written = out.toByteArray();
    assertEquals(written.length, r.size());
    assertEquals(Sha256.of(written), r.sha256());
    if (!gnu) {
      assertArrayEquals(v.bytes(), written);
    } else {
      // GNU ar (v-front, vibauthor) headers carry '/', mtimes and modes: the rewrite normalises
      // them to VMware's and keeps every member byte.
      assertNotEquals(Sha256.of(v.bytes()), r.sha256());
      assertEquals(v.bytes().length, written.length);
      Path w = tmp.resolve("re-" + v.fileName());
      Files.write(w, written);
      try (VibFile a = VibFile.open(in);
          VibFile b = VibFile.open(w)) {
        assertEquals(a.members(), b.members());
        for (VibMember m : a.members()) {
          try (InputStream x = a.openMember(m.name());
              InputStream y = b.openMember(m.name())) {
            assertArrayEquals(x.readAllBytes(), y.readAllBytes());
          }
        }
      }
      assertTrue(
          new String(written, 8, 60, StandardCharsets.US_ASCII)
              .startsWith("descriptor.xml  0           0     0     0  "));
    }
  }

  @Test
  void write_toPath_atomicAndSameAsStream() throws IOException {
    byte[] desc = "<vib/>".getBytes(StandardCharsets.US_ASCII); // 6 bytes, even
    byte[] payload = {1, 2, 3}; // odd: padded
    Path src = tmp.resolve("p.bin");
    Files.write(src, new byte[] {9, 1, 2, 3, 9});
    List<VibWriter.Entry> entries =
        List.of(
            new VibWriter.Entry("a", VibWriter.Source.of(payload, 0, 3)),
            new VibWriter.Entry("b", VibWriter.Source.of(src, 1, 3)),
            new VibWriter.Entry("c", VibWriter.Source.generated(3, o -> o.write(payload))),
            new VibWriter.Entry("d", VibWriter.Source.of(src)));
    Path target = tmp.resolve("out/x.vib");
    VibWriter.Result r =
        VibWriter.write(target, desc, new byte[0], entries, ArHeader.ModeFormat.ZERO);
    byte[] bytes = Files.readAllBytes(target);
    assertEquals(new VibWriter.Result(bytes.length, Sha256.of(bytes)), r);
    // 8 + (60+6) + (60+0) + 3*(60+3+1) + (60+5+1)
    assertEquals(8 + 66 + 60 + 3 * 64 + 66, bytes.length);
    try (VibFile f = VibFile.open(target)) {
      assertEquals(
          List.of("descriptor.xml", "sig.pkcs7", "a", "b", "c", "d"),
          f.members().stream().map(VibMember::name).toList());
      for (String n : List.of("a", "b", "c")) {
        try (InputStream in = f.openMember(n)) {
          assertArrayEquals(payload, in.readAllBytes());
        }
      }
      assertEquals(0, f.signatureBytes().length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VibWriter.write(out, desc, new byte[0], entries, ArHeader.ModeFormat.ZERO);
    assertArrayEquals(bytes, out.toByteArray());
  }

  @Test
  void write_badInputs_refusedAndNothingLeft() throws IOException {
    Path target = tmp.resolve("bad.vib");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                VibWriter.write(
                    target,
                    new byte[0],
                    new byte[0],
                    List.of(
                        new VibWriter.Entry(
                            "sixteen-chars-xx", VibWriter.Source.of(new byte[1], 0, 1))),
                    ArHeader.ModeFormat.ZERO));
    assertEquals(
        "payload name 'sixteen-chars-xx' must be 1 to 15 characters (longer names need a "
            + "GNU ar name table)",
        e.getMessage());
    assertEquals(
        "duplicate member name 'sig.pkcs7'",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    VibWriter.write(
                        target,
                        new byte[0],
                        new byte[0],
                        List.of(
                            new VibWriter.Entry(
                                "sig.pkcs7", VibWriter.Source.of(new byte[1], 0, 1))),
                        ArHeader.ModeFormat.ZERO))
            .getMessage());
    IOException io =
        assertThrows(
            IOException.class,
            () ->
                VibWriter.write(
                    target,
                    new byte[0],
                    new byte[0],
                    List.of(
                        new VibWriter.Entry(
                            "short", VibWriter.Source.generated(10, o -> o.write(1)))),
                    ArHeader.ModeFormat.ZERO));
    assertEquals("payload 'short': source wrote 1 of 10 bytes", io.getMessage());
    assertFalse(Files.exists(target));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.toList()); // no temp file left either
    }
  }
}
