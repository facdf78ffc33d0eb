package org.esxforge.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class OrderedMembersTest {
  /** Members of different sizes (one much larger), so that they finish out of order. */
  private static List<Map.Entry<String, Supplier<byte[]>>> entries(int n) {
    List<Map.Entry<String, Supplier<byte[]>>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int size = i == 1 ? 3_000_000 : 100 + (i * 37) % 5000;
      String text = ("<member " + i + "/>").repeat(size / 12 + 1);
      out.add(Map.entry("m/" + i + ".xml", () -> text.getBytes(StandardCharsets.US_ASCII)));
    }
    return out;
  }

  @Test
  void forEach_manyMembers_inOrderAndAsOneDeflaterMakesThem() throws Exception {
    List<Map.Entry<String, Supplier<byte[]>>> entries = entries(3000);
    List<ZipAssembly.Member> got = new ArrayList<>();
    OrderedMembers.forEach(entries, got::add);
    assertEquals(entries.size(), got.size());
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
      for (int i = 0; i < entries.size(); i++) {
        Map.Entry<String, Supplier<byte[]>> e = entries.get(i);
        ZipAssembly.Member want = d.deflate(e.getKey(), e.getValue().get());
        assertEquals(want.name, got.get(i).name);
        assertEquals(want.crc, got.get(i).crc);
        assertEquals(want.size, got.get(i).size);
        assertArrayEquals(bytes(want), bytes(got.get(i)), want.name);
      }
    }
  }

  /**
   * Whichever thread makes the failing member, and however far ahead of the writer, the members
   * before it are written and then its exception is thrown (repeated: the threads race).
   */
  @Test
  void forEach_memberFails_everyMemberBeforeItThenItsException() {
    List<Map.Entry<String, Supplier<byte[]>>> entries = new ArrayList<>(entries(400));
    for (int failing : new int[] {1, 2, 250, 399}) {
      List<Map.Entry<String, Supplier<byte[]>>> some = new ArrayList<>(entries);
      some.set(
          failing,
          Map.entry(
              "m/x.xml",
              () -> {
                throw new UncheckedIOException(new IOException("disk on fire"));
              }));
      for (int round = 0; round < 10; round++) {
        AtomicInteger written = new AtomicInteger();
        UncheckedIOException e =
            assertThrows(
                UncheckedIOException.class,
                () -> OrderedMembers.forEach(some, m -> written.incrementAndGet()));
        assertEquals("disk on fire", e.getCause().getMessage());
        assertEquals(failing, written.get(), "round " + round);
      }
    }
  }

  /** A body that fails with an I/O error: the members before it written, then that error. */
  @Test
  void forEachWritten_bodyThrowsIoException_membersBeforeItThenIt() {
    List<Map.Entry<String, org.esxforge.io.AtomicFiles.StreamWriter>> bodies = new ArrayList<>();
    for (Map.Entry<String, Supplier<byte[]>> e : entries(300)) {
      bodies.add(Map.entry(e.getKey(), o -> o.write(e.getValue().get())));
    }
    bodies.set(
        123,
        Map.entry(
            "m/x.xml",
            o -> {
              o.write(new byte[100]);
              throw new IOException("pipe burst");
            }));
    AtomicInteger written = new AtomicInteger();
    IOException e =
        assertThrows(
            IOException.class,
            () -> OrderedMembers.forEachWritten(bodies, m -> written.incrementAndGet()));
    assertEquals("pipe burst", e.getMessage());
    assertEquals(123, written.get());
  }

  @Test
  void forEach_writerFails_itsException() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                OrderedMembers.forEach(
                    entries(50),
                    m -> {
                      throw new IOException("full");
                    }));
    assertEquals("full", e.getMessage());
  }

  private static byte[] bytes(ZipAssembly.Member m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ZipAssembly.Sink sink = new ZipAssembly.Sink(out, 0);
    sink.put(m);
    return out.toByteArray();
  }
}
