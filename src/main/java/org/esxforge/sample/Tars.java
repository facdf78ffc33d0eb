package org.esxforge.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Deterministic plain ustar archives (for {@code tgz} payloads and GRUB memdisks): entries sorted
 * by name, parent directories first, uid/gid 0, owner and group {@code root}, modes 0755/0644, one
 * fixed mtime.
 *
 * <p>Thread-safe (stateless).
 */
final class Tars {
  private Tars() {}

  static byte[] ustar(Map<String, byte[]> files, Instant mtime) {
    TreeSet<String> dirs = new TreeSet<>();
    for (String p : files.keySet()) {
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        dirs.add(p.substring(0, i + 1));
      }
    }
    TreeMap<String, byte[]> all = new TreeMap<>(files);
    dirs.forEach(d -> all.put(d, null));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        boolean dir = e.getValue() == null;
        TarArchiveEntry t = new TarArchiveEntry(e.getKey());
        t.setModTime(java.util.Date.from(mtime));
        t.setIds(0, 0);
        t.setNames("root", "root");
        t.setMode(dir ? 040755 : 0100644);
        t.setSize(dir ? 0 : e.getValue().length);
        tar.putArchiveEntry(t);
        if (!dir) {
          tar.write(e.getValue());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
