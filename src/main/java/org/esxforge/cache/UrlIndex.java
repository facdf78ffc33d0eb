package org.esxforge.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Sha256;

/**
 * The URL index: one small JSON file per URL at {@code urls/<sha256 of the full url>.json}, written
 * atomically. The file name is a one-way hash of the full URL (so a URL with a secret token maps to
 * its own record without storing the token); the record holds the redacted form for display. One
 * file per URL means concurrent writers of different URLs never conflict, and a torn file is
 * impossible.
 *
 * <p>Thread-safe (stateless over the file system; writes are serialised by {@link CacheLock}).
 */
final class UrlIndex {
  static final String DIR = "urls";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Path dir;

  UrlIndex(Path cacheDir) {
    this.dir = cacheDir.resolve(DIR);
  }

  Path fileOf(String url) {
    return dir.resolve(Sha256.of(url.getBytes(StandardCharsets.UTF_8)).hex() + ".json");
  }

  Optional<UrlEntry> get(String key) throws IOException {
    Path f = fileOf(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(parse(f, bytes));
  }

  void put(String key, UrlEntry e) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", e.url());
    m.put("sha256", e.sha256() == null ? null : e.sha256().hex());
    m.put("size", e.size());
    m.put("etag", e.etag());
    m.put("lastModified", e.lastModified());
    if (e.location() != null) {
      m.put("location", e.location());
    }
    AtomicFiles.writeBytes(fileOf(key), JSON.writeValueAsBytes(m));
  }

  void remove(String key) throws IOException {
    Files.deleteIfExists(fileOf(key));
  }

  /** Every readable entry by its record file; unreadable files are deleted. */
  Map<Path, UrlEntry> all() throws IOException {
    Map<Path, UrlEntry> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : files) {
      try {
        out.put(f, parse(f, Files.readAllBytes(f)));
      } catch (CacheCorruptedException | NoSuchFileException e) {
        // parse() already removed it
      }
    }
    return out;
  }

  private static UrlEntry parse(Path f, byte[] bytes) throws IOException {
    try {
      Map<?, ?> m = JSON.readValue(bytes, Map.class);
      String url = (String) m.get("url");
      Number size = (Number) m.get("size");
      if (url == null || size == null) {
        throw new IOException("no url or size");
      }
      return new UrlEntry(
          url,
          m.get("sha256") == null ? null : new Sha256((String) m.get("sha256")),
          size.longValue(),
          (String) m.get("etag"),
          (String) m.get("lastModified"),
          (String) m.get("location"));
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException notWritable) {
        // a read-only cache: skip the record
      }
      throw new CacheCorruptedException(
          f + ": unreadable cache index record; it was deleted and will be re-fetched");
    }
  }
}
