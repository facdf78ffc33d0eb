package org.esxforge.depot.xml;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;

/**
 * A parsed image profile plus the IMGDB-only per-VIB payload map (payload name → local 8.3 file
 * name, docs/formats.md §5.7). The map is empty for depot profiles.
 *
 * <p>Immutable and thread-safe.
 */
public record ProfileDocument(
    ImageProfile profile, SortedMap<VibId, SortedMap<String, String>> payloads) {
  public ProfileDocument {
    SortedMap<VibId, SortedMap<String, String>> copy = new TreeMap<>();
    for (Map.Entry<VibId, SortedMap<String, String>> e : payloads.entrySet()) {
      copy.put(e.getKey(), Collections.unmodifiableSortedMap(new TreeMap<>(e.getValue())));
    }
    payloads = Collections.unmodifiableSortedMap(copy);
  }
}
