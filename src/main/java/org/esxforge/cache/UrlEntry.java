package org.esxforge.cache;

import java.util.Objects;
import org.esxforge.io.Sha256;

/**
 * What the cache knows about a URL whose content is not addressed by a digest the depot declares
 * ({@code index.xml}, {@code vendor-index.xml}, {@code metadata.zip}): the blob that holds its last
 * fetched content and the validators for a conditional GET.
 *
 * @param url the URL with secrets removed, for display (the cache never stores tokens)
 * @param sha256 the blob holding the content
 * @param size its size in bytes
 * @param etag the ETag the server sent, or {@code null}
 * @param lastModified the Last-Modified the server sent, or {@code null}
 *     <p>Immutable.
 */
public record UrlEntry(String url, Sha256 sha256, long size, String etag, String lastModified) {
  public UrlEntry {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
  }
}
