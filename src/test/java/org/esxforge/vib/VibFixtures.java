package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.testing.Fixtures;

/**
 * Test-side access to every real VIB in the fixtures: the loose {@code .vib} files and those inside
 * bundle/component zips (read with commons-compress {@link ZipFile}), and the {@code vibs/*.xml}
 * entries of their metadata zips. Has its own tiny ar reader so that tests do not check {@link
 * VibFile} with itself.
 */
final class VibFixtures {
  private VibFixtures() {}

  /** A real VIB: where it came from, its file name, its bytes. */
  record RealVib(String source, String fileName, byte[] bytes) {
    @Override
    public String toString() {
      return fileName;
    }
  }

  /** Every real VIB, loose and zipped, sorted by file name. */
  static List<RealVib> all() throws IOException {
    List<RealVib> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Fixtures.realDir())) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (n.endsWith(".vib")) {
          out.add(new RealVib(n, n, Files.readAllBytes(p)));
        } else if (n.endsWith(".zip")) {
          for (Map.Entry<String, byte[]> e : zipEntries(p, ".vib").entrySet()) {
            String fileName = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            out.add(new RealVib(n + "!" + e.getKey(), fileName, e.getValue()));
          }
        }
      }
    }
    return out;
  }

  /** The VIB whose file name contains {@code fragment}. */
  static RealVib named(String fragment) throws IOException {
    return all().stream()
        .filter(v -> v.source().contains(fragment))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no fixture VIB " + fragment));
  }

  /** Entries of a zip whose names end with {@code suffix}, in central-directory order. */
  static Map<String, byte[]> zipEntries(Path zip, String suffix) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
        if (e.getName().endsWith(suffix)) {
          try (InputStream in = z.getInputStream(e)) {
            out.put(e.getName(), in.readAllBytes());
          }
        }
      }
    }
    return out;
  }

  /** {@code vibs/*.xml} of every metadata zip inside {@code bundle}: name → bytes. */
  static Map<String, byte[]> metadataVibXml(String bundle) throws IOException {
    Path zip = Fixtures.real(bundle);
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> meta : zipEntries(zip, ".zip").entrySet()) {
      Path tmp = Files.createTempFile("meta", ".zip");
      try {
        Files.write(tmp, meta.getValue());
        for (Map.Entry<String, byte[]> e : zipEntries(tmp, ".xml").entrySet()) {
          if (e.getKey().startsWith("vibs/")) {
            out.put(e.getKey().substring(5), e.getValue());
          }
        }
      } finally {
        Files.delete(tmp);
      }
    }
    return out;
  }

  /** A member of an ar archive, found by a plain scan of the 60-byte headers. */
  static byte[] arMember(byte[] ar, String name) {
    int off = 8;
    while (off + 60 <= ar.length) {
      String n = new String(ar, off, 16, StandardCharsets.US_ASCII).trim();
      if (n.endsWith("/")) {
        n = n.substring(0, n.length() - 1);
      }
      int size = Integer.parseInt(new String(ar, off + 48, 10, StandardCharsets.US_ASCII).trim());
      if (n.equals(name)) {
        byte[] out = new byte[size];
        System.arraycopy(ar, off + 60, out, 0, size);
        return out;
      }
      off += 60 + size + (size & 1);
    }
    throw new IllegalStateException("no ar member " + name);
  }
}
