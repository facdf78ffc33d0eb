package org.esxforge.depot.xml;

import java.util.List;
import java.util.Objects;
import org.esxforge.model.Bulletin;

/**
 * A parsed {@code vmware.xml} (docs/formats.md §2.2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param version always {@code 3.0} in real files
 * @param timestamp raw text, e.g. {@code 2024-06-25T07:22:11.326293}
 * @param bulletins in document order
 * @param vibs every distinct VIB summary, in order of first appearance
 */
public record MetadataDocument(
    String version, String timestamp, List<Bulletin> bulletins, List<VibSummary> vibs) {
  public MetadataDocument {
    version = Objects.requireNonNullElse(version, "");
    timestamp = Objects.requireNonNullElse(timestamp, "");
    bulletins = List.copyOf(bulletins);
    vibs = List.copyOf(vibs);
  }
}
