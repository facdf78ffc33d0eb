package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.zip.GZIPOutputStream;
import org.esxforge.model.Checksum;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadChecksumsTest {
  @TempDir Path tmp;

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void verify_realPayloads_everyChecksumPasses(VibFixtures.RealVib v) throws IOException {
    VibDescriptor d = DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "d");
    for (Payload p : d.payloads()) {
      if (v.fileName().contains("lsi")) {
        continue; // its payload is stored under another name; see VibVerifierTest
      }
      byte[] raw = VibFixtures.arMember(v.bytes(), p.name());
      PayloadChecksums.PayloadResult r = PayloadChecksums.verify(p, new ByteArrayInputStream(raw));
      assertEquals(List.of(), r.problems());
      assertEquals(p.checksums().size(), r.results().size());
      assertTrue(
          r.results().stream().allMatch(x -> x.outcome() == PayloadChecksums.Outcome.PASS),
          r.toString());
      assertEquals(raw.length, r.rawSize());
      if (p.uncompressedSize() >= 0) {
        assertEquals(p.uncompressedSize(), r.uncompressedSize());
      }
    }
  }

  @Test
  void verify_real90Vzstd_gunzip1AndFullDecodeBothChecked() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.15-1vmw.900");
    Payload p =
        DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "d")
            .payload("vmkusb-n");
    PayloadChecksums.PayloadResult r =
        PayloadChecksums.verify(
            p, new ByteArrayInputStream(VibFixtures.arMember(v.bytes(), "vmkusb-n")));
    assertEquals(
        List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip", "sha-256-gunzip1"),
        r.results().stream().map(PayloadChecksums.Result::label).toList());
    assertEquals(
        "787f0068d6bc119702016716181146670b63aea74eace6350155814289b3c9e0",
        r.results().get(3).actualHex());
    assertEquals(1191424, r.uncompressedSize());
  }

  @Test
  void verify_flippedByte_namesPayloadAndAlgorithm() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    Payload p =
        DescriptorXml.parse(VibFixtures.arMember(v.bytes(), "descriptor.xml"), "d")
            .payload("vmkusb-n");
    byte[] raw = VibFixtures.arMember(v.bytes(), "vmkusb-n");
    raw[raw.length - 5] ^= 0x01; // inside the gzip trailer's CRC/ISIZE? no: ISIZE is the last 4
    PayloadChecksums.PayloadResult r = PayloadChecksums.verify(p, new ByteArrayInputStream(raw));
    assertTrue(
        r.problems().contains("payload 'vmkusb-n' sha-256 mismatch"), r.problems().toString());
    assertEquals(PayloadChecksums.Outcome.FAIL, r.results().get(1).outcome());
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(data);
    }
    return b.toByteArray();
  }

  private static String hex(String alg, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(data));
  }

  @Test
  void verify_txtMle_notCheckableNeverPassOrFail() throws Exception {
    byte[] content = "kernel".getBytes(StandardCharsets.US_ASCII);
    byte[] raw = gzip(content);
    Payload p =
        new Payload(
            "b",
            "boot",
            raw.length,
            -1,
            10,
            "",
            "",
            List.of(
                new Checksum("sha-256", "txt-mle", "00".repeat(32)),
                new Checksum("sha-256", "gunzip", hex("SHA-256", content)),
                new Checksum("sha-256", "", hex("SHA-256", raw)),
                new Checksum("sha-1", "gunzip", hex("SHA-1", content))));
    PayloadChecksums.PayloadResult r = PayloadChecksums.verify(p, new ByteArrayInputStream(raw));
    assertEquals(List.of(), r.problems());
    assertEquals(PayloadChecksums.Outcome.NOT_CHECKABLE, r.results().get(0).outcome());
    assertEquals(
        "TXT MLE measurement, cannot be recomputed from the payload", r.results().get(0).note());
    assertEquals(
        3, r.results().stream().filter(x -> x.outcome() == PayloadChecksums.Outcome.PASS).count());
    Payload onlyMle =
        new Payload(
            "b",
            "boot",
            raw.length,
            -1,
            10,
            "",
            "",
            List.of(new Checksum("sha-256", "txt-mle", "00".repeat(32))));
    assertEquals(
        List.of("payload 'b' has no checkable checksum"),
        PayloadChecksums.verify(onlyMle, new ByteArrayInputStream(raw)).problems());
  }

  @Test
  void verify_notGzipAndWrongSize_clearProblems() throws Exception {
    byte[] raw = "plain text, not gzip".getBytes(StandardCharsets.US_ASCII);
    Payload p =
        new Payload(
            "x",
            "vgz",
            raw.length + 1,
            -1,
            -1,
            "",
            "",
            List.of(
                new Checksum("sha-256", "", hex("SHA-256", raw)),
                new Checksum("sha-256", "gunzip", "00".repeat(32))));
    PayloadChecksums.PayloadResult r = PayloadChecksums.verify(p, new ByteArrayInputStream(raw));
    assertEquals(
        List.of(
            "payload 'x' size 20 != declared 21",
            "payload 'x' does not decompress: Not in GZIP format"),
        r.problems());
    assertEquals(PayloadChecksums.Outcome.PASS, r.results().get(0).outcome()); // raw still hashed
  }

  @Test
  void verify_declaredUncompressedSizeExceeded_stopsAtLimit() throws Exception {
    byte[] raw = gzip(new byte[10_000]);
    Payload p =
        new Payload(
            "x",
            "vgz",
            raw.length,
            100,
            -1,
            "",
            "",
            List.of(new Checksum("sha-256", "gunzip", hex("SHA-256", new byte[10_000]))));
    assertEquals(
        List.of(
            "payload 'x' does not decompress: gunzip output exceeds the limit of 100 "
                + "bytes (declared uncompressed-size or zip-bomb guard)"),
        PayloadChecksums.verify(p, new ByteArrayInputStream(raw)).problems());
  }

  @Test
  void verify_zipBombWithoutDeclaredSize_stoppedByRatioGuard() throws Exception {
    Path bomb = tmp.resolve("bomb.gz");
    byte[] zeros = new byte[1 << 20];
    try (GZIPOutputStream g = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      for (int i = 0; i < 257; i++) {
        g.write(zeros); // 257 MiB of zeros, about 256 KiB compressed
      }
    }
    long size = Files.size(bomb);
    assertEquals(PayloadChecksums.MIN_LIMIT, PayloadChecksums.ratioLimit(size));
    Payload p =
        new Payload(
            "bomb",
            "vgz",
            size,
            -1,
            -1,
            "",
            "",
            List.of(new Checksum("sha-256", "gunzip", "00".repeat(32))));
    try (InputStream in = Files.newInputStream(bomb)) {
      assertEquals(
          List.of(
              "payload 'bomb' does not decompress: gunzip output exceeds the limit of "
                  + (256L << 20)
                  + " bytes (declared uncompressed-size or zip-bomb guard)"),
          PayloadChecksums.verify(p, in).problems());
    }
  }

  @Test
  void ratioLimit_bounds() {
    assertEquals(256L << 20, PayloadChecksums.ratioLimit(0));
    assertEquals(128L * (10 << 20), PayloadChecksums.ratioLimit(10 << 20));
    assertEquals(16L << 30, PayloadChecksums.ratioLimit(1L << 40));
  }
}
