package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import org.junit.jupiter.api.Test;

class ByteArrayChannelTest {

  @Test
  void read_fromAnyPosition_thenEndOfData() throws Exception {
    ByteArrayChannel c = new ByteArrayChannel(new byte[] {1, 2, 3, 4, 5});
    assertEquals(5, c.size());
    ByteBuffer b = ByteBuffer.allocate(3);
    assertEquals(3, c.read(b));
    assertArrayEquals(new byte[] {1, 2, 3}, b.array());
    c.position(4);
    b.clear();
    assertEquals(1, c.read(b));
    assertEquals(5, c.position());
    assertEquals(-1, c.read(b));
    c.position(9);
    assertEquals(-1, c.read(ByteBuffer.allocate(1)));
    assertThrows(IllegalArgumentException.class, () -> c.position(-1));
  }

  @Test
  void writes_refused() {
    ByteArrayChannel c = new ByteArrayChannel(new byte[1]);
    assertThrows(NonWritableChannelException.class, () -> c.write(ByteBuffer.allocate(1)));
    assertThrows(NonWritableChannelException.class, () -> c.truncate(0));
  }

  @Test
  void close_releasesTheBytesAndRefusesFurtherUse() throws Exception {
    ByteArrayChannel c = new ByteArrayChannel(new byte[] {1});
    assertTrue(c.isOpen());
    c.close();
    assertFalse(c.isOpen());
    assertThrows(ClosedChannelException.class, () -> c.read(ByteBuffer.allocate(1)));
    assertThrows(ClosedChannelException.class, c::size);
    assertThrows(ClosedChannelException.class, c::position);
    c.close(); // twice is fine
  }
}
