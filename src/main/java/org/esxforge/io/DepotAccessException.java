package org.esxforge.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A depot location could not be read (network, HTTP status, permissions). The URI is redacted by
 * the thrower; {@link #status()} is the HTTP status or -1.
 *
 * <p>Immutable and thread-safe.
 */
public class DepotAccessException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final int status;
  private final @Nullable String hint;

  public DepotAccessException(
      String uri, int status, String what, @Nullable String hint, @Nullable Throwable cause) {
    super(uri + ": " + what + (hint == null || hint.isEmpty() ? "" : ". " + hint), cause);
    this.uri = uri;
    this.status = status;
    this.hint = hint;
  }

  public String uri() {
    return uri;
  }

  public int status() {
    return status;
  }

  /** One remedy sentence, or {@code null}. */
  public @Nullable String hint() {
    return hint;
  }
}
