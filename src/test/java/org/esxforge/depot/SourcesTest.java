package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.io.FormatException;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  private static final String COMPONENT =
      "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";

  /** The real component re-zipped with every member STORED. */
  static byte[] storedCopy() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : RealZips.members(Fixtures.real(COMPONENT)).entrySet()) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.getKey());
        ze.setMethod(ZipArchiveEntry.STORED);
        ze.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        ze.setCrc(crc.getValue());
        z.putArchiveEntry(ze);
        z.write(e.getValue());
        z.closeArchiveEntry();
      }
    }
    return bos.toByteArray();
  }

  @Test
  void localRegion_storedZipEntry_exactVibBytes(@TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("stored.zip");
    Files.write(p, storedCopy());
    try (Catalog c = DepotsRealFixturesTest.open(p.toString())) {
      CatalogVib v = c.vibs().values().iterator().next();
      LocalRegion r = v.source().localRegion().orElseThrow();
      assertEquals(p, r.file());
      assertEquals(v.packedSize(), r.length());
      ByteBuffer buf = ByteBuffer.allocate((int) r.length());
      try (FileChannel ch = FileChannel.open(p)) {
        ch.read(buf, r.offset());
      }
      assertEquals(v.sha256().hex(), Independent.sha256(buf.array()));
    }
  }

  @Test
  void localRegion_deflatedEntry_emptyButMaterializeCopies(@TempDir Path tmp) throws Exception {
    try (Catalog c = DepotsRealFixturesTest.open(Fixtures.real(COMPONENT).toString())) {
      CatalogVib v = c.vibs().values().iterator().next();
      assertTrue(v.source().localRegion().isEmpty());
      Path copy = v.source().materialize(tmp.resolve("t"));
      assertEquals(tmp.resolve("t").resolve(v.id() + ".vib"), copy);
      assertEquals(v.sha256().hex(), Independent.sha256(Files.readAllBytes(copy)));
      byte[] streamed;
      try (InputStream in = v.source().open()) {
        streamed = in.readAllBytes();
      }
      assertArrayEquals(Files.readAllBytes(copy), streamed);
    }
  }

  @Test
  void open_fileShorterThanMetadata_sizeMismatchAtEnd(@TempDir Path tmp) throws Exception {
    Path f = Files.write(tmp.resolve("x.vib"), new byte[] {1, 2, 3});
    VibSource s = new Sources.FileRegion(f, 0, 3, 5, f.toString());
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> {
              try (InputStream in = s.open()) {
                in.readAllBytes();
              }
            });
    assertEquals(
        f + ": size mismatch: actual 3 bytes != expected 5 bytes (depot metadata)", e.getMessage());
  }

  @Test
  void open_missingVib_oneLine() {
    VibSource s = new Sources.Missing("b.zip!vib20/x/x.vib");
    FormatException e = assertThrows(FormatException.class, s::open);
    assertEquals(
        "b.zip!vib20/x/x.vib: VIB listed in the depot metadata is missing", e.getMessage());
  }
}
