package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Arrays lent per thread: never to two borrowers at once, reused once given back. */
class ScratchBuffersTest {
  @Test
  void borrow_nested_distinctArraysOfTheSize() {
    try (ScratchBuffers.Lent a = ScratchBuffers.borrow();
        ScratchBuffers.Lent b = ScratchBuffers.borrow()) {
      assertNotSame(a.bytes(), b.bytes());
      assertEquals(ScratchBuffers.SIZE, a.bytes().length);
      assertEquals(ScratchBuffers.SIZE, b.bytes().length);
    }
  }

  @Test
  void borrow_afterGivingBack_theSameArrayAgain() {
    byte[] first;
    try (ScratchBuffers.Lent a = ScratchBuffers.borrow()) {
      first = a.bytes();
    }
    try (ScratchBuffers.Lent again = ScratchBuffers.borrow()) {
      assertSame(first, again.bytes());
    }
  }

  @Test
  void close_twice_givesBackOnce_andTheArrayIsNoLongerReachable() {
    ScratchBuffers.Lent a = ScratchBuffers.borrow();
    byte[] bytes = a.bytes();
    a.close();
    a.close(); // must not put the array back twice: two later borrowers would share it
    try (ScratchBuffers.Lent b = ScratchBuffers.borrow();
        ScratchBuffers.Lent c = ScratchBuffers.borrow()) {
      assertSame(bytes, b.bytes());
      assertNotSame(bytes, c.bytes());
    }
    assertThrows(IllegalStateException.class, a::bytes);
  }

  @Test
  void giveBack_manyAtOnce_keepsAtMostKeptPerThread() {
    List<ScratchBuffers.Lent> lent = new ArrayList<>();
    for (int i = 0; i < ScratchBuffers.KEPT + 3; i++) {
      lent.add(ScratchBuffers.borrow());
    }
    Set<byte[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ScratchBuffers.Lent l : lent) {
      given.add(l.bytes());
      l.close();
    }
    List<ScratchBuffers.Lent> again = new ArrayList<>();
    int reused = 0;
    for (int i = 0; i < ScratchBuffers.KEPT + 3; i++) {
      ScratchBuffers.Lent l = ScratchBuffers.borrow();
      again.add(l);
      if (given.contains(l.bytes())) {
        reused++;
      }
    }
    again.forEach(ScratchBuffers.Lent::close);
    assertEquals(ScratchBuffers.KEPT, reused);
  }

  @Test
  void borrow_onAnotherThread_notThisThreadsArray() throws Exception {
    byte[] mine;
    try (ScratchBuffers.Lent a = ScratchBuffers.borrow()) {
      mine = a.bytes();
    }
    byte[] theirs =
        CompletableFuture.supplyAsync(
                () -> {
                  try (ScratchBuffers.Lent b = ScratchBuffers.borrow()) {
                    return b.bytes();
                  }
                },
                r -> new Thread(r).start())
            .get();
    assertNotSame(mine, theirs);
  }
}
