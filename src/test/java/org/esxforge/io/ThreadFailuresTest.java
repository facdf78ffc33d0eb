package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {
  /** The cause a real worker thread failed with, as its Future reports it. */
  private static Throwable failedOnAnotherThread(Throwable t) throws Exception {
    var pool = Executors.newSingleThreadExecutor();
    try {
      Future<Object> f =
          pool.submit(
              () -> {
                if (t instanceof Exception e) {
                  throw e;
                }
                throw (Error) t;
              });
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      return e.getCause();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toThrow_ioExceptionReturnedAsItIs() throws Exception {
    IOException io = new IOException("disk full");
    assertSame(io, ThreadFailures.toThrow(failedOnAnotherThread(io)));
  }

  @Test
  void toThrow_uncheckedThrownAsTheyAre() throws Exception {
    IllegalStateException r = new IllegalStateException("bug");
    assertSame(
        r,
        assertThrows(
            IllegalStateException.class, () -> ThreadFailures.toThrow(failedOnAnotherThread(r))));
    OutOfMemoryError err = new OutOfMemoryError("heap");
    assertSame(
        err,
        assertThrows(
            OutOfMemoryError.class, () -> ThreadFailures.toThrow(failedOnAnotherThread(err))));
  }

  @Test
  void toThrow_otherCheckedWrapped_nullGivesAnIoExceptionToo() throws Exception {
    Exception checked = new java.util.concurrent.TimeoutException("slow");
    IOException wrapped = ThreadFailures.toThrow(failedOnAnotherThread(checked));
    assertSame(checked, wrapped.getCause());
    assertEquals(IOException.class, ThreadFailures.toThrow(null).getClass());
    assertNull(ThreadFailures.toThrow(null).getCause());
  }
}
