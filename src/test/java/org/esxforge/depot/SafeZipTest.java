package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafeZip} over {@link ZipDirectory}: zips written by the JDK and by commons-compress
 * (ZIP64, Unicode path fields, data descriptors, a comment) read back exactly; structural damage,
 * CRC errors, mismatched local headers, encryption and unknown methods fail with one line each.
 */
class SafeZipTest {
  private static final byte[] TEXT =
      "<vib><name>x</name></vib>\n".repeat(200).getBytes(StandardCharsets.UTF_8);
  private static final byte[] BINARY = binary(70_000);

  private static byte[] binary(int n) {
    byte[] b = new byte[n];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    return b;
  }

  /** A zip by the JDK: one stored member, one deflated with a data descriptor, a directory. */
  private static byte[] jdkZip(String comment) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bos)) {
      z.setComment(comment);
      z.putNextEntry(new ZipEntry("dir/"));
      z.closeEntry();
      ZipEntry stored = new ZipEntry("vib20/a/a.vib");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(BINARY.length);
      CRC32 c = new CRC32();
      c.update(BINARY);
      stored.setCrc(c.getValue());
      z.putNextEntry(stored);
      z.write(BINARY);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("vibs/a.xml"));
      z.write(TEXT);
      z.closeEntry();
    }
    return bos.toByteArray();
  }

  private static SafeZip open(byte[] zip) throws IOException {
    return SafeZip.open(zip, "z.zip", DepotOptions.defaults(), new AtomicLong());
  }

  private static byte[] readStream(SafeZip z, String name) throws IOException {
    try (InputStream in = z.open(z.entry(name))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] small = new byte[7]; // small reads go through the region's buffer
      int n;
      while ((n = in.read(small)) > 0) {
        out.write(small, 0, n);
      }
      return out.toByteArray();
    }
  }

  @Test
  void open_jdkZipWithComment_namesInOrderAndBytesExact() throws Exception {
    try (SafeZip z = open(jdkZip("a comment with PK\5\6 in it"))) {
      assertEquals(List.of("dir/", "vib20/a/a.vib", "vibs/a.xml"), z.names());
      assertTrue(z.entry("dir/").isDirectory());
      assertEquals(BINARY.length, z.entry("vib20/a/a.vib").getSize());
      assertArrayEquals(BINARY, z.read(z.entry("vib20/a/a.vib"), 1 << 20));
      assertArrayEquals(TEXT, z.read(z.entry("vibs/a.xml"), 1 << 20));
      assertArrayEquals(BINARY, readStream(z, "vib20/a/a.vib"));
      assertArrayEquals(TEXT, readStream(z, "vibs/a.xml"));
      assertNull(z.entry("missing"));
    }
  }

  @Test
  void region_storedEntryOfLocalFile_pointsAtItsExactBytes(@TempDir Path tmp) throws Exception {
    byte[] zip = jdkZip("");
    Path f = tmp.resolve("d.zip");
    Files.write(f, zip);
    try (SafeZip z = SafeZip.open(f, "d.zip", DepotOptions.defaults(), new AtomicLong())) {
      LocalRegion r = z.region(z.entry("vib20/a/a.vib"));
      assertNotNull(r);
      assertEquals(BINARY.length, r.length());
      assertArrayEquals(
          BINARY, Arrays.copyOfRange(zip, (int) r.offset(), (int) (r.offset() + r.length())));
      assertNull(z.region(z.entry("vibs/a.xml")), "deflated: no region");
      assertArrayEquals(BINARY, readStream(z, "vib20/a/a.vib"));
      assertArrayEquals(TEXT, readStream(z, "vibs/a.xml"));
    }
  }

  @Test
  void open_zip64WithUnicodePathFields_readBack() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    String name = "vibs/caf\u00e9-\u00fc.xml";
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bos)) {
      z.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
      z.setEncoding("CP437"); // the raw name is not UTF-8: only the Unicode path field is
      z.setUseLanguageEncodingFlag(false);
      z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.ALWAYS);
      ZipArchiveEntry e = new ZipArchiveEntry(name);
      z.putArchiveEntry(e);
      z.write(TEXT);
      z.closeArchiveEntry();
      ZipArchiveEntry s = new ZipArchiveEntry("b.bin");
      s.setMethod(ZipMethod.STORED.getCode());
      s.setSize(BINARY.length);
      CRC32 c = new CRC32();
      c.update(BINARY);
      s.setCrc(c.getValue());
      z.putArchiveEntry(s);
      z.write(BINARY);
      z.closeArchiveEntry();
    }
    byte[] zip = bos.toByteArray();
    try (SafeZip z = open(zip)) {
      assertEquals(List.of(name, "b.bin"), z.names());
      assertArrayEquals(TEXT, z.read(z.entry(name), 1 << 20));
      assertArrayEquals(BINARY, z.read(z.entry("b.bin"), 1 << 20));
      assertArrayEquals(TEXT, readStream(z, name));
    }
  }

  @Test
  void read_afterClose_arrayReleasedAndReadsRefused() throws Exception {
    SafeZip z = open(jdkZip(""));
    SafeZip.Entry e = z.entry("vibs/a.xml");
    z.close();
    FormatException ex = assertThrows(FormatException.class, () -> z.read(e, 1 << 20));
    assertEquals("z.zip!vibs/a.xml: unreadable entry: zip closed", ex.getMessage());
  }

  /** Offset of the first occurrence of a 4-byte signature at or after {@code from}. */
  private static int find(byte[] zip, int signature, int from) {
    for (int i = from; i + 4 <= zip.length; i++) {
      if (ZipDirectory.int32(zip, i) == signature) {
        return i;
      }
    }
    throw new IllegalStateException("signature not found");
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void put32(byte[] b, int at, long v) {
    for (int k = 0; k < 4; k++) {
      b[at + k] = (byte) (v >>> (8 * k));
    }
  }

  private static int central(byte[] zip, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; ; i++) {
      i = find(zip, 0x02014b50, i);
      if (ZipDirectory.uint16(zip, i + 28) == n.length
          && Arrays.equals(Arrays.copyOfRange(zip, i + 46, i + 46 + n.length), n)) {
        return i;
      }
    }
  }

  private static String failure(byte[] zip, String read) {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> {
              try (SafeZip z = open(zip)) {
                if (read != null) {
                  z.read(z.entry(read), 1 << 20);
                }
              }
            });
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void read_wrongCrc_checksumMismatch() throws Exception {
    byte[] zip = jdkZip("");
    int c = central(zip, "vibs/a.xml");
    long crc = ZipDirectory.uint32(zip, c + 16);
    put32(zip, c + 16, crc ^ 1);
    assertEquals(
        String.format(
            "z.zip!vibs/a.xml: CRC-32 mismatch: actual %08x != expected %08x", crc, crc ^ 1),
        failure(zip, "vibs/a.xml"));
  }

  @Test
  void read_localHeaderNamesAnotherMember_refused() throws Exception {
    byte[] zip = jdkZip("");
    int c = central(zip, "vibs/a.xml");
    int local = (int) ZipDirectory.uint32(zip, c + 42);
    zip[local + 30 + 5] = 'b'; // vibs/a.xml -> vibs/b.xml in the local header only
    assertEquals(
        "z.zip!vibs/a.xml: corrupt zip entry: local header names 'vibs/b.xml', the central"
            + " directory 'vibs/a.xml'",
        failure(zip, "vibs/a.xml"));
  }

  @Test
  void read_encryptedOrUnknownMethod_unsupported() throws Exception {
    byte[] zip = jdkZip("");
    int c = central(zip, "vibs/a.xml");
    put16(zip, c + 8, ZipDirectory.uint16(zip, c + 8) | 1);
    assertEquals("z.zip!vibs/a.xml: unsupported zip entry: encrypted", failure(zip, "vibs/a.xml"));
    byte[] other = jdkZip("");
    put16(other, central(other, "vibs/a.xml") + 10, 14); // LZMA
    assertEquals(
        "z.zip!vibs/a.xml: unsupported zip entry: compression method 14",
        failure(other, "vibs/a.xml"));
  }

  @Test
  void read_storedSizesDiffer_refused() throws Exception {
    byte[] zip = jdkZip("");
    int c = central(zip, "vib20/a/a.vib");
    put32(zip, c + 24, 10);
    assertEquals(
        "z.zip!vib20/a/a.vib: corrupt zip entry: stored with 70000 bytes but declares 10",
        failure(zip, "vib20/a/a.vib"));
  }

  @Test
  void read_dataRunsPastTheEnd_truncatedEntry() throws Exception {
    byte[] zip = jdkZip("");
    int c = central(zip, "vib20/a/a.vib");
    put32(zip, c + 20, 100_000);
    put32(zip, c + 24, 100_000);
    String m = failure(zip, "vib20/a/a.vib");
    assertTrue(m.startsWith("z.zip!vib20/a/a.vib: corrupt zip entry: truncated entry: 100000"), m);
  }

  @Test
  void open_damagedDirectory_oneLineEach() throws Exception {
    byte[] good = jdkZip("");
    int end = find(good, 0x06054b50, 0);

    byte[] outside = good.clone();
    put32(outside, end + 16, good.length); // central directory offset past the end
    assertTrue(
        failure(outside, null).startsWith("z.zip: corrupt or truncated zip archive (central"),
        failure(outside, null));

    byte[] disks = good.clone();
    put16(disks, end + 4, 1);
    assertEquals(
        "z.zip: corrupt or truncated zip archive (archive spans several disks)",
        failure(disks, null));

    byte[] badHeader = good.clone();
    badHeader[central(good, "vibs/a.xml")] = 'X';
    assertTrue(
        failure(badHeader, null)
            .startsWith("z.zip: corrupt or truncated zip archive (bad central directory header"),
        failure(badHeader, null));

    byte[] longName = good.clone();
    put16(longName, central(good, "vibs/a.xml") + 28, 60_000);
    assertTrue(failure(longName, null).contains("runs past its end"), failure(longName, null));

    byte[] headerOffset = good.clone();
    put32(headerOffset, central(good, "vibs/a.xml") + 42, end);
    assertTrue(
        failure(headerOffset, null).contains("has sizes or an offset outside the archive"),
        failure(headerOffset, null));

    byte[] noEnd = Arrays.copyOf(good, end + 10);
    assertEquals(
        "z.zip: corrupt or truncated zip archive (no end of central directory record)",
        failure(noEnd, null));
    assertEquals(
        "z.zip: corrupt or truncated zip archive (no end of central directory record: 5 bytes)",
        failure(new byte[5], null));
  }

  @Test
  void open_everyTruncation_oneLineFailureOrExactBytes() throws Exception {
    byte[] good = jdkZip("c");
    for (int cut = 0; cut < good.length; cut++) {
      byte[] z = Arrays.copyOf(good, cut);
      try (SafeZip s = open(z)) {
        // only a cut inside the comment can leave a readable zip: then the data is all there
        assertArrayEquals(TEXT, s.read(s.entry("vibs/a.xml"), 1 << 20), "cut " + cut);
      } catch (FormatException e) {
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
      }
    }
  }

  @Test
  void fileData_positionalReads_independentOfEachOther(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("b");
    Files.write(f, BINARY);
    try (ZipDirectory.FileData d = new ZipDirectory.FileData(f);
        FileChannel unused = FileChannel.open(f)) {
      byte[] a = new byte[10];
      byte[] b = new byte[10];
      d.readFully(100, a, 0, 10);
      d.readFully(5, b, 0, 10);
      assertArrayEquals(Arrays.copyOfRange(BINARY, 100, 110), a);
      assertArrayEquals(Arrays.copyOfRange(BINARY, 5, 15), b);
      assertThrows(java.io.EOFException.class, () -> d.readFully(BINARY.length - 5, a, 0, 10));
    }
  }

  /** The rule for entry names, as it was first written (replace, then six checks). */
  private static boolean unsafeName(String name) {
    String n = name.replace('\\', '/');
    boolean drive = n.length() >= 2 && n.charAt(1) == ':' && Character.isLetter(n.charAt(0));
    return n.startsWith("/")
        || drive
        || n.indexOf('\0') >= 0
        || n.equals("..")
        || n.startsWith("../")
        || n.endsWith("/..")
        || n.contains("/../");
  }

  @Test
  void open_entryNames_refusedExactlyWhenUnsafe() throws Exception {
    List<String> names =
        new java.util.ArrayList<>(
            List.of(
                "..", "../x", "a/..", "a/../b", "/x", "\\x", "..\\x", "a\\..", "C:x", "c:/x",
                "a\0b", "...", "a..", "..a/b", "a/.../b", "a/./b", ".", "a", "x:"));
    java.util.Random r = new java.util.Random(5);
    String alphabet = "a./\\:\0C";
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 1 + r.nextInt(6); k > 0; k--) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      names.add(b.toString());
    }
    int refused = 0;
    for (String name : names) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(bos)) { // keeps '\\' as it is
        z.putNextEntry(new ZipEntry(name));
        z.write(TEXT, 0, 10);
        z.closeEntry();
      }
      if (unsafeName(name)) {
        refused++;
        FormatException e = assertThrows(FormatException.class, () -> open(bos.toByteArray()));
        assertEquals(
            "z.zip: unsafe zip entry name '" + name + "' (absolute path or '..': path traversal)",
            e.getMessage());
      } else {
        try (SafeZip z = open(bos.toByteArray())) {
          assertEquals(List.of(name), z.names(), name);
        }
      }
    }
    assertTrue(refused > 500 && refused < names.size() - 500, "refused " + refused);
  }

  /** Two small members, stored and deflated (with a data descriptor), as a VIB depot has them. */
  private static byte[] smallZip() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    byte[] small = Arrays.copyOf(BINARY, 300);
    try (ZipOutputStream z = new ZipOutputStream(bos)) {
      ZipEntry stored = new ZipEntry("vib20/s/s.vib");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(small.length);
      CRC32 c = new CRC32();
      c.update(small);
      stored.setCrc(c.getValue());
      z.putNextEntry(stored);
      z.write(small);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("vib20/d/d.vib"));
      z.write(TEXT);
      z.closeEntry();
    }
    return bos.toByteArray();
  }

  /** What reading every member through {@link SafeZip#open(SafeZip.Entry)} gives. */
  private static String outcome(byte[] zip, Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    SafeZip z;
    try {
      if (file != null) {
        Files.write(file, zip);
        z = SafeZip.open(file, "z.zip", DepotOptions.defaults(), new AtomicLong());
      } else {
        z = open(zip);
      }
    } catch (FormatException e) {
      return "open: " + e.getMessage();
    }
    try (z) {
      for (String name : z.names()) {
        try {
          Sha256 sha = Sha256.of(readStream(z, name));
          out.append(name).append(" sha ").append(sha);
        } catch (FormatException e) {
          out.append(e.getMessage());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A small member of a local file is read with its local header in one read; every damage to the
   * local headers and every truncation gives the same bytes or the same one-line failure as reading
   * it from memory (a read per structure).
   */
  @Test
  void open_smallMembersOfAFile_sameOutcomeAsFromMemory(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("z.zip");
    byte[] good = smallZip();
    assertEquals(
        "vib20/s/s.vib sha "
            + Sha256.of(Arrays.copyOf(BINARY, 300))
            + "\nvib20/d/d.vib sha "
            + Sha256.of(TEXT)
            + "\n",
        outcome(good, f));
    int failures = 0;
    int cd = find(good, 0x02014b50, 0);
    for (int at = 0; at < cd; at++) {
      for (int flip : new int[] {0x01, 0x80, 0xff}) {
        byte[] z = good.clone();
        z[at] ^= (byte) flip;
        String fromFile = outcome(z, f);
        assertEquals(outcome(z, null), fromFile, "byte " + at + " ^ " + flip);
        failures += fromFile.contains("sha ") && fromFile.split("sha ").length == 3 ? 0 : 1;
      }
    }
    for (int cut = 0; cut < good.length; cut++) {
      byte[] z = Arrays.copyOf(good, cut);
      assertEquals(outcome(z, null), outcome(z, f), "cut " + cut);
    }
    // a local extra field longer than the central directory's: the data is read on its own
    int local = (int) ZipDirectory.uint32(good, central(good, "vib20/s/s.vib") + 42);
    int nameEnd = local + 30 + "vib20/s/s.vib".length();
    byte[] extra = new byte[good.length + 8];
    System.arraycopy(good, 0, extra, 0, nameEnd);
    System.arraycopy(good, nameEnd, extra, nameEnd + 8, good.length - nameEnd);
    put16(extra, local + 28, 8);
    put16(extra, nameEnd, 0xcafe); // an unknown extra field of 4 bytes
    put16(extra, nameEnd + 2, 4);
    int d = central(extra, "vib20/d/d.vib");
    put32(extra, d + 42, ZipDirectory.uint32(extra, d + 42) + 8);
    int end = find(extra, 0x06054b50, 0);
    put32(extra, end + 16, ZipDirectory.uint32(extra, end + 16) + 8);
    assertEquals(outcome(good, null), outcome(extra, f));
    assertTrue(failures > 100, "damaged headers that failed: " + failures);
  }
}
