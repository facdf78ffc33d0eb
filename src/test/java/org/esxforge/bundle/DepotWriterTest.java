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
import java.util.Set;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Fails after the hashing thread took part of the zip, whether the failing VIB was read ahead on
   * the bundle's VIB thread or by the writer: no file and no thread are left.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, EntriesAhead.MAX_ENTRY})
  void writeZip_sourceFails_noFileLeft(long aheadMaxEntry) throws Exception {
    java.util.function.Supplier<java.util.Set<Thread>> ourThreads =
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> Set.of("sha256", "bundle-vibs").contains(t.getName()) && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    java.util.Set<Thread> before = ourThreads.get();
    DepotContent c = realVib(failing(Files.size(Fixtures.real("net-r8125-9.011.00-10.vib"))));
    Path zip = tmp.resolve("bundle.zip");
    IOException e =
        assertThrows(IOException.class, () -> DepotWriter.writeZip(c, zip, true, aheadMaxEntry));
    assertEquals("disk on fire", e.getMessage());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.toList());
    }
    assertEquals(before, ourThreads.get());
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

  /**
   * The assembled zip (ZipAssembly) and the one through ZipArchiveOutputStream are the same bytes,
   * also for a VIB whose source writes in pieces smaller and larger than the deflater's 8 KiB
   * slices, at an odd second (a time that needs extra fields).
   */
  @Test
  void writeZip_assembledAndThroughTheStream_sameBytes() throws Exception {
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    byte[] bytes = Files.readAllBytes(vib);
    VibDescriptor d;
    try (VibFile f = VibFile.open(vib)) {
      d = f.descriptor();
    }
    Path otherVib = Fixtures.real("lsimr3-mod-8x.vib");
    byte[] otherBytes = Files.readAllBytes(otherVib);
    VibDescriptor other;
    try (VibFile f = VibFile.open(otherVib)) {
      other = f.descriptor();
    }
    VibWriter.Source pieces =
        VibWriter.Source.generated(
            bytes.length,
            out -> {
              int at = 0;
              for (int n : new int[] {1, 100, 8192, 8193, 70_000}) {
                int len = Math.min(n, bytes.length - at);
                out.write(bytes, at, len);
                at += len;
              }
              out.write(bytes, at, bytes.length - at);
            });
    for (Instant t : List.of(T, T.plusSeconds(1))) {
      DepotContent c =
          new DepotContent(
              DepotIndex.Vendor.offline("Realtek", "RTL"),
              List.of("7.0.0"),
              List.of(),
              List.of(),
              List.of(),
              List.of(
                  new DepotContent.Vib(d, pieces, bytes.length, Sha256.of(bytes)),
                  new DepotContent.Vib(
                      other,
                      VibWriter.Source.of(otherVib),
                      otherBytes.length,
                      Sha256.of(otherBytes))),
              t);
      Path stream = tmp.resolve("stream.zip");
      Sha256 b = DepotWriter.writeZip(c, stream, false);
      // every VIB made ahead on the bundle's VIB thread, none, or only the smaller one
      for (long aheadMaxEntry : new long[] {Long.MAX_VALUE, 0, otherBytes.length}) {
        Path assembled = tmp.resolve("assembled.zip");
        Sha256 a = DepotWriter.writeZip(c, assembled, true, aheadMaxEntry);
        assertArrayEquals(
            Files.readAllBytes(stream), Files.readAllBytes(assembled), t + " " + aheadMaxEntry);
        assertEquals(b, a);
        assertEquals(org.esxforge.testing.Sha256Sum.of(assembled), a);
      }
      // metadata.zip streamed into the bundle turns out larger than reserved: written again
      Path again = tmp.resolve("again.zip");
      Sha256 a = DepotWriter.writeZip(c, again, true, EntriesAhead.MAX_ENTRY, 0);
      assertArrayEquals(Files.readAllBytes(stream), Files.readAllBytes(again), t.toString());
      assertEquals(b, a);
      try (Stream<Path> files = Files.list(tmp)) {
        assertEquals(
            Set.of("stream.zip", "assembled.zip", "again.zip"),
            files
                .map(f -> f.getFileName().toString())
                .collect(java.util.stream.Collectors.toSet()));
      }
    }
  }

  /**
   * Many VIBs, more than {@link EntriesAhead#BUDGET} bytes together, made ahead while the writer is
   * busy: the same bytes as the stream writes, in the same order.
   */
  @Test
  void writeZip_moreVibsThanTheBudgetHolds_sameBytesAsTheStream() throws Exception {
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    byte[] bytes = Files.readAllBytes(vib);
    VibDescriptor d;
    try (VibFile f = VibFile.open(vib)) {
      d = f.descriptor();
    }
    int count = (int) (EntriesAhead.BUDGET / bytes.length) + 20;
    List<DepotContent.Vib> vibs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      vibs.add(
          new DepotContent.Vib(
              named(d, d.name() + "-" + i),
              VibWriter.Source.of(vib),
              bytes.length,
              Sha256.of(bytes)));
    }
    DepotContent c =
        new DepotContent(
            DepotIndex.Vendor.offline("Realtek", "RTL"),
            List.of("7.0.0"),
            List.of(),
            List.of(),
            List.of(),
            vibs,
            T);
    Path stream = tmp.resolve("stream.zip");
    Path assembled = tmp.resolve("assembled.zip");
    DepotWriter.writeZip(c, stream, false);
    DepotWriter.writeZip(c, assembled, true);
    assertArrayEquals(Files.readAllBytes(stream), Files.readAllBytes(assembled));
  }

  /** {@code d} under another name (so that many copies of one real VIB are distinct VIBs). */
  private static VibDescriptor named(VibDescriptor d, String name) throws Exception {
    java.lang.reflect.RecordComponent[] parts = VibDescriptor.class.getRecordComponents();
    Object[] values = new Object[parts.length];
    Class<?>[] types = new Class<?>[parts.length];
    for (int i = 0; i < parts.length; i++) {
      types[i] = parts[i].getType();
      values[i] = parts[i].getName().equals("name") ? name : parts[i].getAccessor().invoke(d);
    }
    return VibDescriptor.class.getDeclaredConstructor(types).newInstance(values);
  }
}
