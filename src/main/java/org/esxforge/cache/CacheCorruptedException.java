package org.esxforge.cache;

import java.io.IOException;

/**
 * A cache entry failed verification (its bytes no longer hash to its name, or its index record is
 * unreadable). The entry has already been removed when this is thrown; the message says so and
 * names the remedy.
 *
 * <p>Immutable.
 */
public final class CacheCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  public CacheCorruptedException(String message) {
    super(message);
  }
}
