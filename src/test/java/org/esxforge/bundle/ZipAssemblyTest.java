package org.esxforge.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ZipAssemblyTest {
  /** What DepotWriter wrote before ZipAssembly: each member through ZipArchiveOutputStream. */
  private static byte[] viaStream(Map<String, byte[]> members, Instant time, int level)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      zip.setLevel(level);
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        ZipArchiveEntry z = new ZipArchiveEntry(e.getKey());
        z.setMethod(ZipArchiveEntry.DEFLATED);
        z.setUnixMode(0100644);
        z.setTime(DepotWriter.dosTime(time));
        zip.putArchiveEntry(z);
        zip.write(e.getValue());
        zip.closeArchiveEntry();
      }
      zip.finish();
    }
    return bytes.toByteArray();
  }

  private static byte[] assembled(Map<String, byte[]> members, Instant time, int level)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ZipAssembly.Sink sink = new ZipAssembly.Sink(bytes, DepotWriter.dosTime(time));
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(level)) {
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        sink.put(d.deflate(e.getKey(), e.getValue()));
      }
    }
    sink.finish();
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> members() {
    Random r = new Random(42);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(
        "vendor-index.xml",
        "<vendorList><vendor/></vendorList>\n".getBytes(StandardCharsets.UTF_8));
    m.put("empty.xml", new byte[0]);
    StringBuilder xml = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      xml.append("<vib><name>drv").append(i).append("</name><size>").append(r.nextInt());
      xml.append("</size></vib>\n");
    }
    m.put("vmware.xml", xml.toString().getBytes(StandardCharsets.UTF_8));
    byte[] noise = new byte[200_000];
    r.nextBytes(noise);
    m.put("vibs/noise-1.bin", noise);
    byte[] slice = new byte[8192];
    r.nextBytes(slice);
    m.put("vibs/exactly-one-slice.bin", slice);
    m.put("bulletins/Grüße-ñ-日本.xml", "<bulletin/>".getBytes(StandardCharsets.UTF_8));
    return m;
  }

  @Test
  void sameBytesAsZipArchiveOutputStream_evenAndOddSecondsAndLevels() throws IOException {
    for (Instant t :
        List.of(
            Instant.parse("2024-06-25T07:22:10Z"),
            Instant.parse("2024-06-25T07:22:11Z"),
            Instant.parse("2020-03-16T10:48:52.739Z"))) {
      for (int level : new int[] {Deflater.DEFAULT_COMPRESSION, Deflater.NO_COMPRESSION, 1, 9}) {
        byte[] expected = viaStream(members(), t, level);
        assertArrayEquals(expected, assembled(members(), t, level), t + " level " + level);
      }
    }
  }

  @Test
  void noMembers_sameEmptyZip() throws IOException {
    Instant t = Instant.parse("2024-06-25T07:22:11Z");
    byte[] expected = viaStream(Map.of(), t, Deflater.DEFAULT_COMPRESSION);
    assertArrayEquals(expected, assembled(Map.of(), t, Deflater.DEFAULT_COMPRESSION));
  }

  @Test
  void manyMembers_readBackByTheJdk() throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      m.put("vibs/v" + i + ".xml", ("<vib>" + i + "</vib>").getBytes(StandardCharsets.UTF_8));
    }
    Instant t = Instant.parse("2021-01-01T00:00:01Z");
    byte[] zip = assembled(m, t, Deflater.DEFAULT_COMPRESSION);
    assertArrayEquals(viaStream(m, t, Deflater.DEFAULT_COMPRESSION), zip);
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        assertArrayEquals(m.get(e.getName()), in.readAllBytes(), e.getName());
        names.add(e.getName());
      }
    }
    assertEquals(new ArrayList<>(m.keySet()), names);
  }

  @Test
  void fits_onlyWithoutZip64() {
    assertTrue(ZipAssembly.fits(0xFFFE, 0xFFFF_FFFEL));
    assertFalse(ZipAssembly.fits(0xFFFF, 0));
    assertFalse(ZipAssembly.fits(1, 0xFFFF_FFFFL));
  }

  @Test
  void sink_refusesTheEntryThatWouldNeedZip64() throws IOException {
    ZipAssembly.Sink sink =
        new ZipAssembly.Sink(
            java.io.OutputStream.nullOutputStream(),
            DepotWriter.dosTime(Instant.parse("2024-06-25T07:22:10Z")));
    ZipAssembly.Member m;
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
      m = d.deflate("a", new byte[] {1});
    }
    for (int i = 0; i < 0xFFFE; i++) {
      sink.put(m);
    }
    assertThrows(IllegalStateException.class, () -> sink.put(m));
  }
}
