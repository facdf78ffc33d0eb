package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.esxforge.sample.SampleModel.VibSpec;
import org.junit.jupiter.api.Test;

class ModuleTagTest {
  private static final SampleModel M = SampleModel.load(SampleModel.ESXI_70_GA);
  private static final Instant T = Instant.parse("2020-03-16T10:48:52Z");
  private static final BootImages BOOTABLE =
      new BootImages(new byte[64], new byte[64], new byte[64], new byte[64], new byte[64], "");

  @Test
  void make_bootableDepot_moduleCarriesItsTagInTheGzipComment() {
    VibSpec base = M.vib("esx-base");
    SampleModel.PayloadSpec s =
        base.payloads().stream().filter(p -> p.name().equals("s")).findFirst().orElseThrow();
    SynthPayload p = PayloadSynth.make(base, s, BOOTABLE, T, false);
    byte[] raw = p.bytes();
    assertEquals(0x10, raw[3], "FCOMMENT flag");
    int end = 10;
    while (raw[end] != 0) {
      end++;
    }
    String tag = new String(raw, 10, end - 10, StandardCharsets.ISO_8859_1);
    byte[] inner = Gzip.gunzip(raw);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(inner);
    assertEquals(
        "esxforge-module v1 name=s.v?? vib="
            + base.id()
            + " payload=s grp=2 bo=100 idx="
            + base.payloads().indexOf(s)
            + " size="
            + inner.length
            + " crc32="
            + String.format("%08x", crc.getValue()),
        tag);
  }

  @Test
  void make_tagLeavesGunzipChecksumsAndContentAlone() {
    VibSpec base = M.vib("esx-base");
    for (SampleModel.PayloadSpec s : base.payloads()) {
      if (!ModuleTag.MODULE_TYPES.contains(s.type()) || s.name().equals("b")) {
        continue;
      }
      SynthPayload tagged = PayloadSynth.make(base, s, BOOTABLE, T, false);
      SynthPayload plain = PayloadSynth.make(base, s, BootImages.placeholders("t"), T, false);
      assertArrayEquals(Gzip.gunzip(plain.bytes()), Gzip.gunzip(tagged.bytes()), s.name());
      assertEquals(0, plain.bytes()[3], s.name());
      for (int i = 0; i < tagged.payload().checksums().size(); i++) {
        var c = tagged.payload().checksums().get(i);
        if (c.verifyProcess().equals("gunzip")) {
          assertEquals(plain.payload().checksums().get(i), c, s.name());
        }
      }
    }
  }

  @Test
  void name_vfatNameOrBaseWithTypeLetter() {
    VibSpec base = M.vib("esx-base");
    assertTrue(
        base.payloads().stream()
            .anyMatch(p -> p.name().equals("jumpstrt") && ModuleTag.name(p).equals("jumpstrt.gz")));
    VibSpec elx = M.vib("elx-esx-libelxima.so");
    assertEquals(
        "elx_esx_.v??",
        ModuleTag.name(
            elx.payloads().stream().filter(p -> p.type().equals("vgz")).findFirst().orElseThrow()));
    assertTrue(
        Arrays.asList("boot", "vgz", "tgz").stream().allMatch(ModuleTag.MODULE_TYPES::contains));
  }
}
