package org.esxforge.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.io.Sha256;
import org.esxforge.testing.Fixtures;

/** Unpacks real offline bundles (read in place, never modified) into directories to serve. */
public final class RealDepots {
  public static final String USB_FLING =
      "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";
  public static final String R8168 = "net55-r8168-8.045a-napi-offline_bundle.zip";

  private RealDepots() {}

  /** Unpacks {@code fixture} into {@code dir}; returns dir. */
  public static Path unpack(String fixture, Path dir) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(Fixtures.real(fixture)).get()) {
      Enumeration<ZipArchiveEntry> en = zip.getEntries();
      while (en.hasMoreElements()) {
        ZipArchiveEntry e = en.nextElement();
        if (e.isDirectory() || e.getName().contains("..")) {
          continue;
        }
        Path out = dir.resolve(e.getName());
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, out);
        }
      }
    }
    return dir;
  }

  /** Serves every file below {@code dir} at {@code prefix + relative path}. */
  public static void serve(FaultServer server, Path dir, String prefix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        server.serve(
            prefix + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
  }

  /** The .vib files below {@code dir}, by SHA-256. */
  public static TreeMap<Sha256, Path> vibs(Path dir) throws IOException {
    TreeMap<Sha256, Path> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".vib"))::iterator) {
        m.put(Sha256.of(Files.readAllBytes(p)), p);
      }
    }
    return m;
  }

  /** Every blob in a cache: [path, hashes to its name]. */
  public static List<String> badBlobs(Path cacheDir) throws IOException {
    List<String> bad = new ArrayList<>();
    try (Stream<Path> s = Files.walk(cacheDir.resolve("blobs"))) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        if (!Sha256.of(Files.readAllBytes(p)).hex().equals(p.getFileName().toString())) {
          bad.add(p.toString());
        }
      }
    }
    return bad;
  }
}
