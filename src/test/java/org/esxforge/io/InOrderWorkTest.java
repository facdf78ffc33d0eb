package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link InOrderWork}: the results and the failure of a serial run, whatever the threads do, and no
 * helper left running when it returns or throws.
 */
class InOrderWorkTest {
  /** Tasks that take longer the lower their index, so that helpers finish out of order. */
  private static int slowFirst(int i, int n) {
    long until = System.nanoTime() + (n - i) * 200_000L;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    return i * 10;
  }

  private static boolean helperAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void results_handedInIndexOrderOnTheCallingThread_onEveryWorker() throws IOException {
    int n = 200;
    Thread caller = Thread.currentThread();
    List<Integer> handed = new ArrayList<>();
    Set<Integer> workers = ConcurrentHashMap.newKeySet();
    InOrderWork.run(
        n,
        4,
        "in-order-test",
        (i, worker) -> {
          workers.add(worker);
          return slowFirst(i, n);
        },
        (i, r) -> {
          assertSame(caller, Thread.currentThread());
          assertEquals(i * 10, r);
          handed.add(i);
        });
    assertEquals(IntStream.range(0, n).boxed().toList(), handed);
    assertTrue(workers.contains(0), "the calling thread works too");
    assertTrue(workers.stream().allMatch(w -> w >= 0 && w < 4), workers.toString());
    assertFalse(helperAlive("in-order-test"));
  }

  @Test
  void failures_theFirstInIndexOrderIsThrownAfterEveryEarlierResult() {
    for (int round = 0; round < 20; round++) {
      List<Integer> handed = Collections.synchronizedList(new ArrayList<>());
      Set<Integer> ran = ConcurrentHashMap.newKeySet();
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  InOrderWork.run(
                      100,
                      3,
                      "in-order-fail",
                      (i, worker) -> {
                        ran.add(i);
                        if (i == 70) {
                          throw new IOException("late " + i); // fails at once
                        }
                        if (i == 40) {
                          slowFirst(0, 100); // fails last
                          throw new IOException("first " + i);
                        }
                        return i;
                      },
                      (i, r) -> handed.add(i)));
      assertEquals("first 40", e.getMessage());
      assertEquals(IntStream.range(0, 40).boxed().toList(), handed);
      assertTrue(ran.containsAll(IntStream.range(0, 41).boxed().toList()), "every task before it");
      assertFalse(helperAlive("in-order-fail"));
    }
  }

  @Test
  void sinkFailure_stopsTheWorkAndIsThrown_runtimeFailuresStayUnchecked() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                InOrderWork.run(
                    50,
                    2,
                    "in-order-sink",
                    (i, worker) -> i,
                    (i, r) -> {
                      if (i == 5) {
                        throw new IOException("disk full");
                      }
                    }));
    assertEquals("disk full", e.getMessage());
    IllegalStateException r =
        assertThrows(
            IllegalStateException.class,
            () ->
                InOrderWork.<Integer>run(
                    10,
                    2,
                    "in-order-runtime",
                    (i, worker) -> {
                      if (i == 3) {
                        throw new IllegalStateException("bug");
                      }
                      return i;
                    },
                    (i, x) -> {}));
    assertEquals("bug", r.getMessage());
    assertFalse(helperAlive("in-order-sink"));
    assertFalse(helperAlive("in-order-runtime"));
  }

  @Test
  void oneThreadOrNoTask_runsOnTheCallerAlone() throws IOException {
    List<Integer> handed = new ArrayList<>();
    Set<Integer> workers = ConcurrentHashMap.newKeySet();
    InOrderWork.run(
        5,
        1,
        "in-order-one",
        (i, worker) -> {
          workers.add(worker);
          return i;
        },
        (i, r) -> handed.add(r));
    assertEquals(List.of(0, 1, 2, 3, 4), handed);
    assertEquals(Set.of(0), workers);
    InOrderWork.run(
        0,
        4,
        "in-order-none",
        (i, worker) -> {
          throw new AssertionError("no task");
        },
        (i, r) -> {
          throw new AssertionError("no result");
        });
  }
}
