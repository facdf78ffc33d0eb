package org.esxforge.depot;

import java.util.List;
import java.util.Objects;
import org.esxforge.depot.xml.DepotIndex;

/**
 * What one depot location held.
 *
 * <p>Immutable and thread-safe.
 *
 * @param location the location as the user gave it (credentials in a URL's user-info removed)
 * @param vendors from the depot index; empty when the depot has none (loose VIB)
 * @param metadata the metadata zips the vendor indexes listed
 */
public record DepotInfo(
    String location,
    DepotKind kind,
    List<DepotIndex.Vendor> vendors,
    List<MetadataEntry> metadata,
    int vibCount,
    int bulletinCount,
    int profileCount,
    int releaseUnitCount) {

  public DepotInfo {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    vendors = List.copyOf(vendors);
    metadata = List.copyOf(metadata);
  }

  /**
   * One vendor-index {@code metadata} entry.
   *
   * @param url the resolved URL of the metadata zip (a member path for local depots)
   */
  public record MetadataEntry(String productId, String version, String channel, String url) {}
}
