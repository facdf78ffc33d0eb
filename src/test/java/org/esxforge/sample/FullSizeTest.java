package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.esxforge.io.Sha256;
import org.esxforge.model.Payload;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Sha256Sum;
import org.esxforge.vib.PayloadChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullSizeTest {
  private static final SampleModel M = SampleModel.load(SampleModel.ESXI_70_GA);
  private static final Instant T = Instant.parse("2020-03-16T10:48:52Z");
  private static final BootImages BOOTABLE =
      new BootImages(new byte[64], new byte[64], new byte[64], new byte[64], new byte[64], "");

  @TempDir Path dir;

  static String comment(byte[] raw) {
    assertEquals(0x10, raw[3], "FCOMMENT flag");
    int end = 10;
    while (raw[end] != 0) {
      end++;
    }
    return new String(raw, 10, end - 10, StandardCharsets.ISO_8859_1);
  }

  /** Every size around the stored-block and tag-digit boundaries comes out exact. */
  @Test
  void gzip_exactSizeAtEveryBoundary() throws Exception {
    byte[] content = "content".getBytes(StandardCharsets.US_ASCII);
    FullSize.Tagger tagger = (n, crc) -> "tag size=" + n + " crc32=" + String.format("%08x", crc);
    for (long target :
        List.of(60L, 65_535L + 30, 65_535L + 40, 65_540L + 34, 2L * 65_540 + 30, 1_000_037L)) {
      for (FullSize.Tagger t : Arrays.asList(tagger, null)) {
        FullSize.Made m = FullSize.gzip(content, target, "seed", t, List.of("sha-256"));
        assertNotNull(m, "target " + target);
        assertEquals(target, m.bytes().length);
        byte[] inner = Gzip.gunzip(m.bytes());
        assertEquals(m.innerLength(), inner.length);
        assertArrayEquals(content, Arrays.copyOf(inner, content.length));
        if (t != null) {
          CRC32 crc = new CRC32();
          crc.update(inner);
          assertEquals(
              "tag size=" + inner.length + " crc32=" + String.format("%08x", crc.getValue()),
              comment(m.bytes()).stripTrailing());
        }
      }
    }
    assertNull(FullSize.gzip(content, 20, "seed", tagger, List.of()), "no room for the content");
  }

  /**
   * A full-size payload of the real {@code s} (12,374,755 bytes recorded): exactly that long, gzip
   * (the tool) accepts it, its tag describes its content, and esxforge's payload verifier agrees
   * with every checksum; the same seed gives the same bytes.
   */
  @Test
  void make_fullSize_realSizeAndEveryChecksumHolds() throws Exception {
    VibSpec base = M.vib("esx-base");
    PayloadSpec s =
        base.payloads().stream().filter(p -> p.name().equals("s")).findFirst().orElseThrow();
    assertEquals(12_374_755L, s.realSize());
    SynthPayload p = PayloadSynth.make(base, s, BOOTABLE, T, false, SampleSize.FULL);
    byte[] raw = p.bytes();
    assertEquals(12_374_755, raw.length);
    assertEquals(raw.length, p.payload().size());
    Path f = dir.resolve("s.v00");
    Files.write(f, raw);
    Path gzip = ExternalTools.require("gzip");
    Process t = new ProcessBuilder(gzip.toString(), "-t", f.toString()).start();
    assertEquals(
        0, t.waitFor(), new String(t.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    byte[] inner = Gzip.gunzip(raw);
    CRC32 crc = new CRC32();
    crc.update(inner);
    String tag = comment(raw).stripTrailing();
    assertTrue(
        tag.endsWith(" size=" + inner.length + " crc32=" + String.format("%08x", crc.getValue())),
        tag);
    assertTrue(tag.startsWith("esxforge-module v1 name=s.v?? vib=" + base.id()), tag);
    Payload d = p.payload();
    PayloadChecksums.PayloadResult r = PayloadChecksums.verify(d, new ByteArrayInputStream(raw));
    assertTrue(r.ok(), r.toString());
    String sha =
        d.checksums().stream()
            .filter(c -> c.verifyProcess().isEmpty())
            .findFirst()
            .orElseThrow()
            .hex();
    assertEquals(Sha256Sum.of(f).hex(), sha);
    SynthPayload standard = PayloadSynth.make(base, s, BOOTABLE, T, false);
    byte[] small = Gzip.gunzip(standard.bytes());
    assertArrayEquals(small, Arrays.copyOf(inner, small.length), "the standard content leads");
    assertArrayEquals(raw, PayloadSynth.make(base, s, BOOTABLE, T, false, SampleSize.FULL).bytes());
    assertEquals(Sha256.of(raw), Sha256.of(p.bytes()));
  }

  /** The kernel and non-gzip payloads keep their standard form. */
  @Test
  void make_fullSize_kernelKeepsItsStandardForm() {
    VibSpec base = M.vib("esx-base");
    PayloadSpec b =
        base.payloads().stream().filter(p -> p.name().equals("b")).findFirst().orElseThrow();
    assertArrayEquals(
        PayloadSynth.make(base, b, BOOTABLE, T, false).bytes(),
        PayloadSynth.make(base, b, BOOTABLE, T, false, SampleSize.FULL).bytes());
  }
}
