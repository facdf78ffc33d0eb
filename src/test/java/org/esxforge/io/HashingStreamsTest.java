package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream members of the hashing family agree with sha256sum on the same bytes. */
class HashingStreamsTest {
  @TempDir Path dir;

  @Test
  void ofFile_inputStream_outputStream_agreeWithSha256sum() throws Exception {
    byte[] data = HashingChannelTest.random((1 << 20) + 4321, 9);
    Path f = dir.resolve("data.bin");
    Files.write(f, data);
    Sha256 oracle = HashingChannelTest.sha256sum(f);

    assertEquals(oracle, Sha256.ofFile(f));

    try (HashingInputStream in = HashingInputStream.of(Files.newInputStream(f))) {
      assertEquals(data[0] & 0xff, in.read());
      assertEquals(100, in.skip(100));
      byte[] rest = in.readAllBytes();
      assertEquals(data.length - 101, rest.length);
      assertEquals(data.length, in.count());
      assertEquals(oracle, in.sha256());
    }

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    HashingOutputStream out = new HashingOutputStream(sink);
    out.write(data[0]);
    out.write(data, 1, data.length - 1);
    out.close();
    assertEquals(data.length, out.count());
    assertEquals(oracle, out.sha256());
    assertArrayEquals(data, sink.toByteArray());
  }

  @Test
  void borrowing_leavesTheSourceOpen_drainReadsToTheEnd() throws Exception {
    boolean[] closed = new boolean[1];
    InputStream src =
        new ByteArrayInputStream("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    try (HashingInputStream in = HashingInputStream.borrowing(src)) {
      assertEquals(
          new Sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
          in.drain());
    }
    assertEquals(false, closed[0]);
  }
}
