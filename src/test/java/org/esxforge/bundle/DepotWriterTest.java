package org.esxforge.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepotWriterTest {
  private static final Instant T = Instant.parse("2024-06-25T07:22:11Z");
  @TempDir Path tmp;

  private DepotContent realVib(VibWriter.Source source) throws IOException {
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    VibDescriptor d;
    try (VibFile f = VibFile.open(vib)) {
      d = f.descriptor();
    }
    byte[] bytes = Files.readAllBytes(vib);
    return new DepotContent(
        DepotIndex.Vendor.offline("Realtek", "RTL"),
        List.of("7.0.0"),
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new DepotContent.Vib(
                d,
                source == null ? VibWriter.Source.of(vib) : source,
                bytes.length,
                Sha256.of(bytes))),
        T);
  }

  @Test
  void writeZip_realVib_copiedUnchangedAndVmwareOrder() throws Exception {
    DepotContent c = realVib(null);
    Path zip = tmp.resolve("bundle.zip");
    Sha256 written = DepotWriter.writeZip(c, zip);
    assertEquals(org.esxforge.testing.Sha256Sum.of(zip), written);
    try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
      List<String> names =
          Collections.list(z.getEntriesInPhysicalOrder()).stream()
              .map(ZipArchiveEntry::getName)
              .toList();
      String vibPath = c.vibs().get(0).relativePath();
      assertEquals(List.of("index.xml", "vendor-index.xml", "metadata.zip", vibPath), names);
      try (InputStream in = z.getInputStream(z.getEntry(vibPath))) {
        assertArrayEquals(
            Files.readAllBytes(Fixtures.real("net-r8125-9.011.00-10.vib")), in.readAllBytes());
      }
    }
    Path again = tmp.resolve("again.zip");
    DepotWriter.writeZip(c, again);
    assertArrayEquals(Files.readAllBytes(zip), Files.readAllBytes(again));
  }

  /** Fails after the hashing thread took part of the zip: no file and no thread are left. */
  @Test
  void writeZip_sourceFails_noFileLeft() throws Exception {
    java.util.function.Supplier<java.util.Set<Thread>> hashThreads =
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sha256") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    java.util.Set<Thread> before = hashThreads.get();
    DepotContent c = realVib(failing(Files.size(Fixtures.real("net-r8125-9.011.00-10.vib"))));
    Path zip = tmp.resolve("bundle.zip");
    IOException e = assertThrows(IOException.class, () -> DepotWriter.writeZip(c, zip));
    assertEquals("disk on fire", e.getMessage());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.toList());
    }
    assertEquals(before, hashThreads.get());
  }

  @Test
  void writeFolder_sourceFails_oldFolderKeptAndNoTempLeft() throws Exception {
    Path dir = tmp.resolve("depot");
    DepotWriter.writeFolder(realVib(null), dir);
    byte[] before = Files.readAllBytes(dir.resolve("metadata.zip"));
    DepotContent bad = realVib(failing(Files.size(Fixtures.real("net-r8125-9.011.00-10.vib"))));
    assertThrows(IOException.class, () -> DepotWriter.writeFolder(bad, dir));
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("metadata.zip")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(dir), s.toList());
    }
    assertFalse(Files.exists(dir.resolve("index.xml.tmp")));
  }

  private static VibWriter.Source failing(long size) {
    return new VibWriter.Source() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(new byte[100]);
        throw new IOException("disk on fire");
      }
    };
  }

  @Test
  void writeZip_otherTimeZone_sameBytes() throws Exception {
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
      DepotWriter.writeZip(realVib(null), tmp.resolve("utc.zip"));
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Kolkata"));
      DepotWriter.writeZip(realVib(null), tmp.resolve("ist.zip"));
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
    assertArrayEquals(
        Files.readAllBytes(tmp.resolve("utc.zip")), Files.readAllBytes(tmp.resolve("ist.zip")));
  }
}
