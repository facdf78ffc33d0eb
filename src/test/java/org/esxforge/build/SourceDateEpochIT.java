package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.esxforge.cli.Main;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.sample.SampleVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SOURCE_DATE_EPOCH} is read from the environment {@code Main.run} is given (not the
 * process's): two builds that differ only in it differ in every timestamp — zip entry times, the
 * {@code vmware.xml} timestamp, profile creation and modification times, tar and gzip times inside
 * {@code IMGDB.TGZ}, ISO volume and directory dates — and in nothing else.
 */
class SourceDateEpochIT {
  private static final Instant T1 = Instant.ofEpochSecond(1_000_000_000L); // 2001-09-09T01:46:40Z
  private static final Instant T2 = Instant.ofEpochSecond(1_234_567_890L); // 2009-02-13T23:31:30Z

  @TempDir Path tmp;

  private Path[] build(Instant t, String tag) {
    Path iso = tmp.resolve(tag + "/x.iso");
    Path bundle = tmp.resolve(tag + "/x.zip");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.put("SOURCE_DATE_EPOCH", Long.toString(t.getEpochSecond()));
    int code =
        Main.run(
            new String[] {
              "build",
              "-d",
              Samples.depot(SampleVersion.V7_0).folder().toString(),
              "--trust",
              Samples.depot(SampleVersion.V7_0).caPem().toString(),
              "--name",
              "SDE",
              "--add",
              Samples.nvme70(),
              "--iso",
              iso.toString(),
              "--bundle",
              bundle.toString()
            },
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, out + "\n" + err);
    return new Path[] {iso, bundle};
  }

  /** Text with every rendering of {@code t} replaced by {@code <T>}. */
  private static String normalize(String text, Instant t) {
    String s = text;
    for (String pattern : List.of("yyyy-MM-dd'T'HH:mm:ss", "yyyyMMddHHmmss")) {
      s = s.replace(DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(t), "<T>");
    }
    return s.replace(Long.toString(t.getEpochSecond()), "<T>");
  }

  private static void sameUpToTime(String where, byte[] a, byte[] b) throws IOException {
    if (Arrays.equals(a, b)) {
      return;
    }
    if (where.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      sameZip(where, a, b);
    } else if (where.toLowerCase(Locale.ROOT).endsWith(".tgz")) {
      sameTgz(where, a, b);
    } else {
      assertEquals(
          normalize(new String(a, StandardCharsets.UTF_8), T1),
          normalize(new String(b, StandardCharsets.UTF_8), T2),
          where);
    }
  }

  private static void sameZip(String where, byte[] a, byte[] b) throws IOException {
    Map<String, byte[]> ma = new LinkedHashMap<>();
    Map<String, byte[]> mb = new LinkedHashMap<>();
    zip(a, ma, T1, where);
    zip(b, mb, T2, where);
    assertEquals(List.copyOf(ma.keySet()), List.copyOf(mb.keySet()), where);
    for (String n : ma.keySet()) {
      sameUpToTime(where + "!" + n, ma.get(n), mb.get(n));
    }
  }

  private static void zip(byte[] z, Map<String, byte[]> out, Instant t, String where)
      throws IOException {
    try (ZipFile f =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(z)).get()) {
      for (ZipArchiveEntry e : java.util.Collections.list(f.getEntries())) {
        // the DOS date/time holds the UTC wall clock of t (two-second resolution)
        java.time.LocalDateTime dos =
            java.time.LocalDateTime.ofInstant(
                e.getTime() == -1 ? Instant.EPOCH : Instant.ofEpochMilli(e.getTime()),
                java.time.ZoneId.systemDefault());
        assertEquals(
            java.time.LocalDateTime.ofInstant(t, ZoneOffset.UTC)
                .withSecond(t.atZone(ZoneOffset.UTC).getSecond() / 2 * 2),
            dos,
            where + "!" + e.getName());
        try (var in = f.getInputStream(e)) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    }
  }

  private static void sameTgz(String where, byte[] a, byte[] b) throws IOException {
    Map<String, byte[]> ma = tgz(a, T1, where);
    Map<String, byte[]> mb = tgz(b, T2, where);
    assertEquals(List.copyOf(ma.keySet()), List.copyOf(mb.keySet()), where);
    for (String n : ma.keySet()) {
      sameUpToTime(where + "!" + n, ma.get(n), mb.get(n));
    }
  }

  private static Map<String, byte[]> tgz(byte[] b, Instant t, String where) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (GzipCompressorInputStream gz =
        new GzipCompressorInputStream(new ByteArrayInputStream(b))) {
      assertEquals(t.toEpochMilli(), gz.getMetaData().getModificationTime(), where + " gzip mtime");
      TarArchiveInputStream tar = new TarArchiveInputStream(gz);
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        assertEquals(t, e.getModTime().toInstant(), where + "!" + e.getName() + " mtime");
        out.put(e.getName(), tar.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void build_sourceDateEpochFromMainsEnvironment_changesEveryTimestampAndNothingElse()
      throws Exception {
    Path[] a = build(T1, "a");
    Path[] b = build(T2, "b");
    sameZip("bundle", Files.readAllBytes(a[1]), Files.readAllBytes(b[1]));

    byte[] isoA = Files.readAllBytes(a[0]);
    byte[] isoB = Files.readAllBytes(b[0]);
    int dated = 0;
    try (IsoFileSystem fa = IsoFileSystem.open(a[0]);
        IsoFileSystem fb = IsoFileSystem.open(b[0])) {
      assertEquals(fa.entries().keySet(), fb.entries().keySet());
      assertEquals(fa.bootCatalog(), fb.bootCatalog());
      for (IsoFileSystem.Entry e : fa.entries().values()) {
        if (e.directory()) {
          continue;
        }
        // a compressed archive with other times may differ in size, moving later files
        byte[] ca = fa.read(e, Integer.MAX_VALUE - 8);
        byte[] cb = fb.read(fb.entries().get(e.path()), Integer.MAX_VALUE - 8);
        if (!Arrays.equals(ca, cb)) {
          dated++;
        }
        sameUpToTime(e.path(), ca, cb);
      }
    }
    assertTrue(dated >= 1, "IMGDB.TGZ carries the time");
    assertTrue(
        new String(isoA, 16 * 2048 + 813, 14, StandardCharsets.US_ASCII).equals("20010909014640"),
        "volume creation date from SOURCE_DATE_EPOCH");
    assertTrue(
        new String(isoB, 16 * 2048 + 813, 14, StandardCharsets.US_ASCII).equals("20090213233130"),
        "volume creation date from SOURCE_DATE_EPOCH");
  }
}
