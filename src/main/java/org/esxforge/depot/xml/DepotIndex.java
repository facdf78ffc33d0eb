package org.esxforge.depot.xml;

import java.util.List;
import java.util.Objects;

/**
 * A depot index ({@code index.xml} / {@code vmw-depot-index.xml}, docs/formats.md §1.1): the list
 * of vendors, each pointing at its vendor index.
 *
 * <p>Immutable and thread-safe.
 */
public record DepotIndex(List<DepotIndex.Vendor> vendors) {

  /** The content type of ESX depots. */
  public static final String ESX_CONTENT_TYPE = "http://www.vmware.com/depotmanagement/esx";

  public DepotIndex {
    vendors = List.copyOf(vendors);
  }

  /**
   * One {@code <vendor>}. Strings are "" when absent.
   *
   * @param code short vendor code, e.g. {@code VMX}
   * @param indexFile the vendor index file name, e.g. {@code vendor-index.xml}
   * @param patchUrl empty, relative or absolute
   * @param relativePath directory of the vendor index relative to the depot index, or absolute
   * @param contentName e.g. {@code VMware ESX}
   * @param contentType e.g. {@link #ESX_CONTENT_TYPE}
   */
  public record Vendor(
      String name,
      String code,
      String indexFile,
      String patchUrl,
      String relativePath,
      String contentName,
      String contentType) {
    public Vendor {
      name = Objects.requireNonNullElse(name, "");
      code = Objects.requireNonNullElse(code, "");
      indexFile = Objects.requireNonNullElse(indexFile, "");
      patchUrl = Objects.requireNonNullElse(patchUrl, "");
      relativePath = Objects.requireNonNullElse(relativePath, "");
      contentName = Objects.requireNonNullElse(contentName, "");
      contentType = Objects.requireNonNullElse(contentType, "");
    }

    /** A vendor as VMware writes it in offline bundles: empty paths, ESX content. */
    public static Vendor offline(String name, String code) {
      return new Vendor(name, code, "vendor-index.xml", "", "", "VMware ESX", ESX_CONTENT_TYPE);
    }
  }
}
