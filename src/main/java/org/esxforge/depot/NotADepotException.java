package org.esxforge.depot;

import org.esxforge.io.FormatException;

/**
 * A location that is readable but is no depot of any kind (a text file, an installer ISO, an empty
 * folder): the input is intact, just not what was asked for. The CLI reports it as a usage error
 * (exit 2), not as corrupt input.
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public final class NotADepotException extends FormatException {
  private static final long serialVersionUID = 1L;

  NotADepotException(String location, String what) {
    super(location, "not a depot: " + what);
  }
}
