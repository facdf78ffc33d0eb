package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.esxforge.testing.ExternalTools;
import org.esxforge.testing.Sha256Sum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashingChannelTest {
  @TempDir Path dir;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static HashingChannel open(FileChannel ch, boolean async) {
    return async ? HashingChannel.async(ch) : HashingChannel.inline(ch);
  }

  static Sha256 sha256sum(Path file) throws Exception {
    return Sha256Sum.of(file);
  }

  static Set<Thread> hashThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sha256") && t.isAlive())
        .collect(Collectors.toSet());
  }

  /**
   * Writes of every shape (single bytes, heap and direct buffers, writes that span ring slots, file
   * regions at an offset, empty writes): the file holds exactly those bytes in order, and the
   * digest is what sha256sum computes from the file on disk.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void digestEqualsSha256sumOfTheWrittenFile(boolean async) throws Exception {
    byte[] big = random(3 * HashingChannel.SLOT + 12345, 1);
    byte[] region = random(5 * HashingChannel.SLOT + 777, 2);
    Path src = dir.resolve("src.bin");
    Files.write(src, region);
    Path out = dir.resolve("out.bin");
    ByteArrayOutputStream expect = new ByteArrayOutputStream();
    Sha256 digest;
    try (FileChannel ch =
            FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        HashingChannel h = open(ch, async);
        FileChannel in = FileChannel.open(src)) {
      assertEquals(async, h.isAsync());
      for (int i = 0; i < 1000; i++) {
        h.write(ByteBuffer.wrap(new byte[] {(byte) i}));
        expect.write(i);
      }
      assertEquals(0, h.write(ByteBuffer.allocate(0)));
      assertEquals(big.length, h.write(ByteBuffer.wrap(big)));
      expect.write(big);
      ByteBuffer direct = ByteBuffer.allocateDirect(HashingChannel.SLOT + 3);
      direct.put(random(direct.capacity(), 3)).flip();
      byte[] d = new byte[direct.remaining()];
      direct.duplicate().get(d);
      h.write(direct);
      assertFalse(direct.hasRemaining());
      expect.write(d);
      assertEquals(region.length - 99, h.transferFrom(in, 99, region.length - 99));
      expect.write(region, 99, region.length - 99);
      assertEquals(10, h.transferFrom(in, 5, 10));
      expect.write(region, 5, 10);
      assertEquals(expect.size(), h.byteCount());
      digest = h.digest();
      assertEquals(digest, h.digest(), "a second call returns the same digest");
      assertThrows(ClosedChannelException.class, () -> h.write(ByteBuffer.allocate(1)));
    }
    assertArrayEquals(expect.toByteArray(), Files.readAllBytes(out));
    assertEquals(sha256sum(out), digest);
    assertEquals(Sha256.of(expect.toByteArray()), digest);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void emptyOutput_digestOfNothing(boolean async) throws Exception {
    Path out = dir.resolve("empty.bin");
    try (FileChannel ch =
            FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        HashingChannel h = open(ch, async)) {
      assertEquals(sha256sum(Files.createFile(dir.resolve("e"))), h.digest());
    }
    assertEquals(0, Files.size(out));
  }

  @Test
  void transferFrom_fileEndsEarly_returnsWhatWasThere() throws Exception {
    Path src = dir.resolve("short.bin");
    Files.write(src, random(1000, 4));
    Path out = dir.resolve("out.bin");
    try (FileChannel ch =
            FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        HashingChannel h = HashingChannel.async(ch);
        FileChannel in = FileChannel.open(src)) {
      assertEquals(600, h.transferFrom(in, 400, 5000));
      assertEquals(600, h.byteCount());
      h.digest();
    }
    assertEquals(
        sha256sum(out),
        Sha256.of(java.util.Arrays.copyOfRange(Files.readAllBytes(src), 400, 1000)));
  }

  /**
   * The target fails midway (a real ENOSPC from /dev/full, after the hashing thread has taken
   * buffers): the write fails with the file system's error and closing ends the hashing thread.
   */
  @Test
  void targetFailsMidway_errorSurfacesAndNoThreadIsLeft() throws Exception {
    Path full = Path.of("/dev/full");
    ExternalTools.requireThat(Files.isWritable(full), "/dev/full is not writable");
    Set<Thread> before = hashThreads();
    Path src = dir.resolve("src.bin");
    Files.write(src, random(4 * HashingChannel.SLOT, 5));
    try (FileChannel ch = FileChannel.open(full, StandardOpenOption.WRITE);
        FileChannel in = FileChannel.open(src)) {
      HashingChannel h = HashingChannel.async(ch);
      try (h) {
        IOException e =
            assertThrows(IOException.class, () -> h.transferFrom(in, 0, 4 * HashingChannel.SLOT));
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
      }
      assertFalse(h.isOpen());
      assertThrows(ClosedChannelException.class, h::digest);
    }
    assertEquals(before, hashThreads(), "the hashing thread ended");
  }

  /** A writer that gives up midway (its own failure) closes the channel: the thread ends. */
  @Test
  void writerGivesUpMidway_closeEndsTheHashingThread() throws Exception {
    Set<Thread> before = hashThreads();
    Path out = dir.resolve("out.bin");
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      HashingChannel h = HashingChannel.async(ch);
      try (h) {
        h.write(ByteBuffer.wrap(random(3 * HashingChannel.SLOT, 6)));
        assertEquals(before.size() + 1, hashThreads().size());
      }
      assertEquals(before, hashThreads());
    }
  }
}
