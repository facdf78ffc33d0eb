package org.esxforge.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What to throw for a failure caught on another thread (a worker's {@code Throwable}, the cause of
 * an {@code ExecutionException}), so that the caller fails as if it had done the work itself.
 *
 * <p>Thread-safe (stateless).
 */
public final class ThreadFailures {
  private ThreadFailures() {}

  /**
   * Throws {@code failure} from here when it is a {@link RuntimeException} or an {@link Error};
   * returns it when it is an {@link IOException}, and any other (checked) failure wrapped in one,
   * for the caller to {@code throw} (null, a failure without a cause, gives an IOException too).
   */
  public static IOException toThrow(@Nullable Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IOException(failure);
  }
}
