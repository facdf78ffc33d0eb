package org.esxforge.cache;

import java.util.Objects;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * What the cache knows about a URL whose content is not addressed by a digest the depot declares
 * ({@code index.xml}, {@code vendor-index.xml}, {@code metadata.zip}): the blob that holds its last
 * fetched content and the validators for a conditional GET.
 *
 * @param url the URL with secrets removed, for display (the cache never stores tokens)
 * @param sha256 the blob holding the content, or {@code null} for a URL the server answered 404
 *     (remembered so that {@code --offline} replays the same probes, e.g. of a depot folder's index
 *     names)
 * @param size its size in bytes
 * @param etag the ETag the server sent, or {@code null}
 * @param lastModified the Last-Modified the server sent, or {@code null}
 * @param location the URL the content came from after redirects, or {@code null} when it was not
 *     redirected (or the final URL holds a secret, which the cache never stores)
 *     <p>Immutable.
 */
public record UrlEntry(
    String url,
    @Nullable Sha256 sha256,
    long size,
    @Nullable String etag,
    @Nullable String lastModified,
    @Nullable String location) {
  /** An entry of content that was not redirected. */
  public UrlEntry(String url, Sha256 sha256, long size, String etag, String lastModified) {
    this(url, sha256, size, etag, lastModified, null);
  }

  /** A URL the server answered 404. */
  public static UrlEntry notFound(String url) {
    return new UrlEntry(url, null, 0, null, null, null);
  }

  /** True for a remembered 404. */
  public boolean isNotFound() {
    return sha256 == null;
  }

  public UrlEntry {
    Objects.requireNonNull(url, "url");
    if (size < 0 || (sha256 == null && size != 0)) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
  }
}
