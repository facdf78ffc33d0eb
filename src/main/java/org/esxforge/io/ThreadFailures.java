package org.esxforge.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Work done on another thread: what to throw for a failure caught there (a worker's {@code
 * Throwable}, the cause of an {@code ExecutionException}), so that the caller fails as if it had
 * done the work itself, and waiting for such a thread to end.
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

  /**
   * Waits for {@code thread} to end, even when this thread is interrupted meanwhile (the worker may
   * still use what the caller is about to close); the interrupt is kept and restored on return.
   */
  public static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
