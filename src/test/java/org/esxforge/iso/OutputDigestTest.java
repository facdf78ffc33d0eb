package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.esxforge.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDigestTest {
  @TempDir Path dir;

  /**
   * The writer's last bytes and its end arrive exactly between the digest thread's two reads of the
   * shared state (the seam runs there): the digest must still cover every byte. When the digester
   * read the length before the finished flag, it saw "finished" with a stale length of 0 and the
   * build failed with "digested 0 of 150000 bytes".
   */
  @Test
  void finalAdvanceAndEndBetweenTheDigestersTwoReadsAreDigested() throws IOException {
    byte[] data = new byte[150_000];
    new Random(7).nextBytes(data);
    AtomicInteger calls = new AtomicInteger();
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("out.iso"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      OutputDigest[] self = new OutputDigest[1];
      Object ready = new Object();
      Runnable seam =
          () -> {
            if (calls.getAndIncrement() != 0) {
              return;
            }
            synchronized (ready) {
              while (self[0] == null) {
                try {
                  ready.wait();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
              }
            }
            try {
              ByteBuffer b = ByteBuffer.wrap(data);
              while (b.hasRemaining()) {
                ch.write(b);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            self[0].end(data.length);
          };
      try (OutputDigest digest = new OutputDigest(ch, seam)) {
        synchronized (ready) {
          self[0] = digest;
          ready.notifyAll();
        }
        assertEquals(Sha256.of(data), digest.finish(data.length));
      }
    }
    assertTrue(calls.get() >= 2, "the digester looped again after the seam");
  }
}
