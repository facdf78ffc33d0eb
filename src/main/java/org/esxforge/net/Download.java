package org.esxforge.net;

import java.net.URI;
import org.esxforge.io.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link HttpTransport#download}.
 *
 * @param notModified the server answered 304 to a conditional request; nothing was written
 * @param byteCount size of the downloaded file (0 when not modified)
 * @param sha256 digest of the downloaded file, computed while writing ({@code null} when not
 *     modified)
 * @param etag the response's ETag, or {@code null}
 * @param lastModified the response's Last-Modified, or {@code null}
 * @param attempts how many requests it took
 * @param location the URL the body came from after redirects (the requested one when none)
 * @param lengthProven the body's end was announced by the server ({@code Content-Length} matched,
 *     or a chunked body's last chunk arrived, or the caller's expected size matched); false for a
 *     body that just stopped when the connection closed, which may be truncated
 *     <p>Immutable.
 */
public record Download(
    boolean notModified,
    long byteCount,
    @Nullable Sha256 sha256,
    @Nullable String etag,
    @Nullable String lastModified,
    int attempts,
    URI location,
    boolean lengthProven) {

  /**
   * Validators for a conditional GET ({@code If-None-Match} / {@code If-Modified-Since}); either
   * may be {@code null}. Immutable.
   */
  public record Validators(@Nullable String etag, @Nullable String lastModified) {
    public static Validators none() {
      return new Validators(null, null);
    }

    public boolean isEmpty() {
      return etag == null && lastModified == null;
    }
  }

  /** The SHA-256 of the body; only a {@link #notModified()} answer has none. */
  public Sha256 bodySha256() {
    if (sha256 == null) {
      throw new IllegalStateException("a 304 Not Modified answer has no body digest");
    }
    return sha256;
  }
}
