package org.esxforge.depot.xml;

import java.io.IOException;
import java.io.InputStream;
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
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.esxforge.testing.Fixtures;

/** Test-side access to the real fixture zips with plain commons-compress (not our classes). */
public final class RealZips {
  private RealZips() {}

  /** Every real depot zip in the fixtures. */
  public static List<Path> bundles() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.realDir())) {
      return s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
  }

  /** Every member of a zip file, in central-directory order. */
  public static Map<String, byte[]> members(Path zip) throws IOException {
    try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
      return read(z);
    }
  }

  /** Every member of an in-memory zip. */
  public static Map<String, byte[]> members(byte[] zip) throws IOException {
    try (ZipFile z =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
      return read(z);
    }
  }

  /** The members of the bundle's metadata zip (the one whose name ends in metadata.zip). */
  public static Map<String, byte[]> metadata(Path bundle) throws IOException {
    return members(metadataZip(bundle));
  }

  /** The bytes of the bundle's metadata zip (the one whose name ends in metadata.zip). */
  public static byte[] metadataZip(Path bundle) throws IOException {
    for (Map.Entry<String, byte[]> e : members(bundle).entrySet()) {
      if (e.getKey().endsWith("metadata.zip")) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("no metadata zip in " + bundle);
  }

  private static Map<String, byte[]> read(ZipFile z) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
      try (InputStream in = z.getInputStream(e)) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  /** Members whose names start with {@code prefix}. */
  public static List<Map.Entry<String, byte[]>> under(Map<String, byte[]> m, String prefix) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : m.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.add(e);
      }
    }
    return out;
  }
}
