package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TeeInputStreamTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  void copy_holdsEveryByteRead_bySingleBytesPiecesAndSkips_inOrder() throws IOException {
    byte[] data = bytes(50_000);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (InputStream in = new TeeInputStream(new ByteArrayInputStream(data), copy, 1000)) {
      assertEquals(data[0] & 0xFF, in.read());
      byte[] piece = new byte[300];
      assertEquals(300, in.read(piece, 0, 300));
      assertArrayEquals(Arrays.copyOfRange(data, 1, 301), piece);
      assertEquals(20_000, in.skip(20_000)); // read through the stream, so copied as well
      assertEquals(data.length - 20_301, in.readAllBytes().length);
      assertEquals(-1, in.read());
      assertEquals(-1, in.read(piece, 0, 300));
    }
    assertArrayEquals(data, copy.toByteArray());
  }

  @Test
  void close_closesTheSource_notTheCopy_andMarkIsRefused() throws IOException {
    boolean[] closed = new boolean[2];
    InputStream source =
        new ByteArrayInputStream(bytes(10)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    ByteArrayOutputStream copy =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[1] = true;
          }
        };
    TeeInputStream in = new TeeInputStream(source, copy, 4);
    assertFalse(in.markSupported());
    in.mark(100);
    assertEquals(10, in.readAllBytes().length);
    assertThrows(IOException.class, in::reset);
    in.close();
    assertTrue(closed[0]);
    assertFalse(closed[1]);
    assertEquals(10, copy.size());
  }
}
