package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.image.ImgDb;
import org.esxforge.io.Sha256;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.VibId;
import org.esxforge.vib.TrustStore;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification of many VIBs on all cores gives the serial answer. */
class LocalVibsTest {
  @TempDir Path tmp;

  /** The sample HP and Emulex bundles unpacked into depot folders (6 VIBs). */
  private List<Path> folders() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String name :
        List.of("HP-drivers-7.0-offline-bundle.zip", "Emulex-drivers-7.0-offline-bundle.zip")) {
      Path dir = Files.createDirectories(tmp.resolve(name.substring(0, name.indexOf('-'))));
      try (InputStream in = Files.newInputStream(Path.of("samples", name));
          ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          Path f = dir.resolve(e.getName());
          Files.createDirectories(f.getParent());
          Files.copy(zip, f);
        }
      }
      out.add(dir);
    }
    return out;
  }

  private static VibVerifier.Options options() {
    return new VibVerifier.Options(false, TrustStore.builtIn(), Set.of());
  }

  @Test
  void of_manyVibs_inputOrderSizesAndDigestsOfOneRead() throws Exception {
    List<Path> dirs = folders();
    try (Catalog cat =
        Depots.open(
            dirs.stream().map(Path::toString).toList(),
            DepotOptions.defaults(),
            EventHandlers.none())) {
      List<CatalogVib> vibs = new ArrayList<>(cat.vibs().values());
      assertEquals(6, vibs.size());
      List<Long> progress = new ArrayList<>();
      EventHandlers events =
          EventHandlers.of(
              e -> {
                if (e instanceof ProgressEvent p) {
                  progress.add(p.done());
                }
              });
      LocalVibs local = LocalVibs.of(vibs, options(), tmp.resolve("work"), events, true);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), progress);
      for (CatalogVib v : vibs) {
        LocalVibs.Local l = local.all().get(v.id());
        assertEquals(v.packedSize(), l.size(), v.id().toString());
        assertEquals(regionSha256(l), l.sha256(), v.id().toString());
        assertTrue(l.verification().ok(), l.verification().problems().toString());
      }
    }
  }

  /**
   * An installer image needs each VIB's {@code descriptor.xml} and {@code sig.pkcs7} (IMGDB.TGZ):
   * kept when asked for, byte for byte those inside the {@code .vib}; a bundle-only build does not
   * keep them, and asking for them then is a programming error, not an empty database.
   */
  @Test
  void of_databaseFiles_keptOnlyWhenAskedFor() throws Exception {
    try (Catalog cat =
        Depots.open(
            folders().stream().map(Path::toString).toList(),
            DepotOptions.defaults(),
            EventHandlers.none())) {
      List<CatalogVib> vibs = new ArrayList<>(cat.vibs().values());
      LocalVibs kept = LocalVibs.of(vibs, options(), tmp.resolve("k"), EventHandlers.none(), true);
      Map<VibId, ImgDb.VibFiles> files = kept.databaseFiles();
      assertEquals(cat.vibs().keySet(), files.keySet());
      for (CatalogVib v : vibs) {
        Path vib = v.source().materialize(tmp.resolve("m"));
        try (VibFile f = VibFile.open(vib)) {
          ImgDb.VibFiles db = files.get(v.id());
          assertArrayEquals(f.descriptorBytes(), bytesOf(db.descriptorXml()), v.id().toString());
          assertArrayEquals(f.signatureBytes(), bytesOf(db.signature()), v.id().toString());
          assertTrue(f.descriptorBytes().length > 0, v.id().toString());
        }
      }
      LocalVibs bare = LocalVibs.of(vibs, options(), tmp.resolve("b"), EventHandlers.none(), false);
      assertEquals(kept.all().keySet(), bare.all().keySet());
      assertEquals(0, bare.all().values().iterator().next().descriptorBytes().length);
      assertThrows(IllegalStateException.class, bare::databaseFiles);
    }
  }

  private static byte[] bytesOf(IsoSource s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeTo(Channels.newChannel(out));
    assertEquals(s.size(), out.size());
    return out.toByteArray();
  }

  /**
   * VIBs in deflated zip entries are copied, as they are verified, into a few spool files (one per
   * thread, not one per VIB); each VIB is then exactly the bytes of its region there.
   */
  @Test
  void of_deflatedZipEntries_regionsOfFewSpoolFiles() throws Exception {
    try (Catalog cat =
        Depots.open(
            List.of(
                "samples/HP-drivers-7.0-offline-bundle.zip",
                "samples/Emulex-drivers-7.0-offline-bundle.zip"),
            DepotOptions.defaults(),
            EventHandlers.none())) {
      List<CatalogVib> vibs = new ArrayList<>(cat.vibs().values());
      assertTrue(vibs.stream().allMatch(v -> v.source().localRegion().isEmpty()), "deflated");
      Path work = tmp.resolve("work");
      LocalVibs local = LocalVibs.of(vibs, options(), work, EventHandlers.none(), true);
      Set<Path> files = new java.util.HashSet<>();
      for (CatalogVib v : vibs) {
        LocalVibs.Local l = local.all().get(v.id());
        assertTrue(l.file().startsWith(work), l.file().toString());
        files.add(l.file());
        assertEquals(v.packedSize(), l.size(), v.id().toString());
        assertEquals(v.sha256(), regionSha256(l), v.id().toString());
        assertTrue(l.verification().ok(), l.verification().problems().toString());
      }
      assertTrue(files.size() <= Runtime.getRuntime().availableProcessors(), files.toString());
      try (java.util.stream.Stream<Path> all = Files.list(work)) {
        assertEquals(files, all.collect(java.util.stream.Collectors.toSet()));
      }
    }
  }

  /** The SHA-256 of the bytes of {@code l}'s region of its file. */
  private static Sha256 regionSha256(LocalVibs.Local l) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(l.size()));
    try (FileChannel ch = FileChannel.open(l.file())) {
      while (b.hasRemaining()) {
        if (ch.read(b, l.offset() + b.position()) < 0) {
          throw new EOFException(l.file() + ": region ends after the file");
        }
      }
    }
    return Sha256.of(b.array());
  }

  /**
   * Two damaged VIBs (cut short): whichever thread meets which first, the error is always the one a
   * serial run reports, the first damaged VIB in input order.
   */
  @Test
  void of_twoDamagedVibs_firstInInputOrderReportedEveryTime() throws Exception {
    List<Path> dirs = folders();
    try (Catalog cat =
        Depots.open(
            dirs.stream().map(Path::toString).toList(),
            DepotOptions.defaults(),
            EventHandlers.none())) {
      List<CatalogVib> vibs = new ArrayList<>(cat.vibs().values());
      CatalogVib first = vibs.get(2);
      CatalogVib second = vibs.get(4);
      for (CatalogVib v : List.of(first, second)) {
        Path f = v.source().localRegion().orElseThrow().file();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
          raf.setLength(raf.length() - 700);
        }
      }
      for (int i = 0; i < 8; i++) {
        IOException e =
            assertThrows(
                IOException.class,
                () -> LocalVibs.of(vibs, options(), tmp.resolve("w"), EventHandlers.none(), true));
        assertTrue(e.getMessage().contains(first.source().describe()), e.getMessage());
      }
    }
  }
}
