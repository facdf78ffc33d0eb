package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.esxforge.io.Sha256;
import org.esxforge.model.Checksum;
import org.esxforge.sample.SampleModel.VibSpec;
import org.junit.jupiter.api.Test;

class PayloadSynthTest {
  private static final SampleModel M = SampleModel.load(SampleModel.ESXI_70_GA);
  private static final Instant T = Instant.parse("2020-03-16T10:48:52Z");

  @Test
  void make_driverVgz_gzipOfVmtarLaidOutLikeTheRealOne() {
    VibSpec lpfc = M.vib("lpfc");
    SynthPayload p =
        PayloadSynth.make(lpfc, lpfc.payloads().get(0), BootImages.placeholders("t"), T, false);
    byte[] raw = p.bytes();
    assertArrayEquals(
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff},
        java.util.Arrays.copyOf(raw, 10));
    byte[] tar = Gzip.gunzip(raw);
    List<String> names = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    int off = 0;
    while (!isZero(tar, off)) {
      names.add(field(tar, off, 100) + ":" + (char) tar[off + 156]);
      assertEquals("visor  \0", new String(tar, off + 257, 8, StandardCharsets.ISO_8859_1));
      assertEquals("root", field(tar, off + 265, 32));
      long sum = 0;
      for (int i = 0; i < 512; i++) {
        sum += (i >= 148 && i < 156) ? ' ' : tar[off + i] & 0xff;
      }
      assertEquals(sum, Long.parseLong(field(tar, off + 148, 6), 8));
      long dataOffset = ByteBuffer.wrap(tar, off + 496, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (tar[off + 156] != '5') {
        offsets.add(dataOffset);
        assertEquals(0, dataOffset % 4096, names.get(names.size() - 1));
      }
      off += 512;
    }
    assertEquals(
        List.of(
            "etc/:5",
            "etc/vmware/:5",
            "etc/vmware/default.map.d/:5",
            "etc/vmware/default.map.d/lpfc.map:0",
            "usr/:5",
            "usr/lib/:5",
            "usr/lib/vmware/:5",
            "usr/lib/vmware/vmkmod/:5",
            "usr/lib/vmware/vmkmod/lpfc:7",
            "usr/share/:5",
            "usr/share/hwdata/:5",
            "usr/share/hwdata/default.pciids.d/:5",
            "usr/share/hwdata/default.pciids.d/lpfc.ids:0"),
        names);
    assertTrue(isZero(tar, off + 512), "two zero blocks after the headers");
    assertEquals(8192L, offsets.get(0));
    String map = new String(tar, offsets.get(0).intValue(), 62, StandardCharsets.US_ASCII);
    // the 22-digit native form of the real maps (vendor, device, '.' for subsystem and class)
    assertTrue(
        map.startsWith("regtype=native,bus=pci,id=10dfe100..............,driver=lpfc\n"), map);
    assertEquals(
        List.of(
            "etc/vmware/default.map.d/lpfc.map",
            "usr/lib/vmware/vmkmod/lpfc",
            "usr/share/hwdata/default.pciids.d/lpfc.ids"),
        p.files());
    List<Checksum> sums = p.payload().checksums();
    assertEquals(new Checksum("sha-256", "gunzip", Sha256.of(tar).hex()), sums.get(0));
    assertEquals(new Checksum("sha-256", "", Sha256.of(raw).hex()), sums.get(1));
    assertEquals(raw.length, p.payload().size());
  }

  @Test
  void make_toolsTgz_plainUstarReadableByCommonsCompress() throws Exception {
    VibSpec tools = M.vib("tools-light");
    SynthPayload p =
        PayloadSynth.make(tools, tools.payloads().get(0), BootImages.placeholders("t"), T, true);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(Gzip.gunzip(p.bytes())))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        assertEquals(T, e.getLastModifiedDate().toInstant());
        assertEquals("root", e.getUserName());
      }
    }
    assertEquals(
        List.of("vmtools/", "vmtools/isoimages_manifest.txt", "vmtools/windows.iso"), names);
    assertEquals(Gzip.gunzip(p.bytes()).length, p.payload().uncompressedSize());
  }

  @Test
  void make_kernelB_gzipOfTheElfWithSyntheticTxtMle() {
    byte[] elf = new Drbg("elf").nextBytes(3000);
    BootImages boot =
        new BootImages(elf, new byte[1], Fat12Image.empty("X"), new byte[1], new byte[1], "");
    VibSpec base = M.vib("esx-base");
    SynthPayload b =
        PayloadSynth.make(
            base,
            base.payloads().stream().filter(x -> x.name().equals("b")).findFirst().orElseThrow(),
            boot,
            T,
            false);
    assertArrayEquals(elf, Gzip.gunzip(b.bytes()));
    Checksum mle = b.payload().checksums().get(0);
    assertEquals("txt-mle", mle.verifyProcess());
    byte[] prefix = PayloadSynth.TXT_MLE_PREFIX.getBytes(StandardCharsets.US_ASCII);
    byte[] measured = new byte[prefix.length + elf.length];
    System.arraycopy(prefix, 0, measured, 0, prefix.length);
    System.arraycopy(elf, 0, measured, prefix.length, elf.length);
    assertEquals(Sha256.of(measured).hex(), mle.hex());
    assertEquals(10, b.payload().bootOrder());
  }

  private static boolean isZero(byte[] b, int off) {
    for (int i = 0; i < 512; i++) {
      if (b[off + i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] b, int off, int len) {
    int n = 0;
    while (n < len && b[off + n] != 0) {
      n++;
    }
    return new String(b, off, n, StandardCharsets.US_ASCII).trim();
  }
}
