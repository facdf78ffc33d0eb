package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicFiles}, forced to disk or not: the target holds the whole new bytes or stays as it
 * was, and no temp file is left beside it either way.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_forcedAndUnforced_replaceTheTargetWhole() throws IOException {
    Path forced = dir.resolve("forced.bin");
    Path unforced = dir.resolve("unforced.bin");
    Files.writeString(forced, "old");
    Files.writeString(unforced, "old");
    byte[] bytes = "new bytes".getBytes(StandardCharsets.US_ASCII);

    int n = AtomicFiles.write(forced, ch -> ch.write(ByteBuffer.wrap(bytes)));
    int m = AtomicFiles.writeUnforced(unforced, ch -> ch.write(ByteBuffer.wrap(bytes)));

    assertEquals(bytes.length, n);
    assertEquals(bytes.length, m);
    assertArrayEquals(bytes, Files.readAllBytes(forced));
    assertArrayEquals(bytes, Files.readAllBytes(unforced));
    assertEquals(List.of("forced.bin", "unforced.bin"), names());
  }

  @Test
  void writeStreamUnforced_writesTheBytes() throws IOException {
    Path target = dir.resolve("sub/out.bin");
    AtomicFiles.writeStreamUnforced(target, out -> out.write(new byte[100_000]));
    assertEquals(100_000, Files.size(target));
  }

  @Test
  void failingWriter_forcedOrNot_leavesTheTargetAndNoTempFile() throws IOException {
    Path target = dir.resolve("out.bin");
    Files.writeString(target, "old");
    IOException forced =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    ch -> {
                      ch.write(ByteBuffer.wrap(new byte[4096]));
                      throw new IOException("disk full");
                    }));
    IOException unforced =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeStreamUnforced(
                    target,
                    out -> {
                      out.write(new byte[4096]);
                      throw new IOException("source gone");
                    }));
    assertEquals("disk full", forced.getMessage());
    assertEquals("source gone", unforced.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("out.bin"), names());
  }
}
