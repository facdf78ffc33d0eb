package org.esxforge.depot.xml;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A vendor index ({@code vendor-index.xml} / {@code vmw-esx-index.xml}, docs/formats.md §1.2): the
 * metadata zips of one vendor, one entry per (product, version).
 *
 * <p>Immutable and thread-safe.
 */
public record VendorIndex(List<VendorIndex.Metadata> metadata) {

  public VendorIndex {
    metadata = List.copyOf(metadata);
  }

  /**
   * One {@code <metadata>}. Strings are "" when absent.
   *
   * @param version ESXi version, may hold a {@code *} wildcard ({@code 5.*})
   * @param patchUrl {@code null} when the element is absent (VMware); v-front writes it empty
   * @param url the metadata zip, relative to the vendor index or absolute
   */
  public record Metadata(
      String productId,
      String version,
      String locale,
      @Nullable String patchUrl,
      String url,
      String channelName) {
    public Metadata {
      productId = Objects.requireNonNullElse(productId, "");
      version = Objects.requireNonNullElse(version, "");
      locale = Objects.requireNonNullElse(locale, "");
      Objects.requireNonNull(url, "url");
      channelName = Objects.requireNonNullElse(channelName, "");
    }

    /** An entry as VMware writes it: product {@code embeddedEsx}, channel {@code default}. */
    public static Metadata of(String version, String url) {
      return new Metadata("embeddedEsx", version, "", null, url, "default");
    }
  }
}
