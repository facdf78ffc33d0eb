package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReadingSkipTest {
  /** Counts the bytes its read methods return (what a hashing or copying stream would see). */
  private static final class Seen extends FilterInputStream {
    long seen;
    int reads;

    Seen(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        seen += n;
      }
      reads++;
      return n;
    }
  }

  @Test
  void skip_readsEveryByteThroughTheStream_inPiecesOfTheBuffer() throws IOException {
    ByteArrayInputStream bytes = new ByteArrayInputStream(new byte[100_000]);
    Seen s = new Seen(bytes);
    assertEquals(70_000, ReadingSkip.skip(s, 70_000, 8192));
    assertEquals(70_000, s.seen);
    assertEquals(9, s.reads); // 8 full pieces and one of 4,464 bytes
    assertEquals(30_000, bytes.available());
  }

  @Test
  void skip_pastTheEnd_returnsWhatThereWas_andNothingForNoBytes() throws IOException {
    Seen s = new Seen(new ByteArrayInputStream(new byte[1000]));
    assertEquals(0, ReadingSkip.skip(s, 0, 8192));
    assertEquals(0, ReadingSkip.skip(s, -5, 8192));
    assertEquals(0, s.reads);
    assertEquals(1000, ReadingSkip.skip(s, 5000, 8192));
    assertEquals(1000, s.seen);
    assertEquals(0, ReadingSkip.skip(s, 10, 8192));
  }
}
