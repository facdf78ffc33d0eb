package org.esxforge.testkernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKernelTest {
  @TempDir Path dir;

  @Test
  void build_twice_bitIdenticalMultibootElf() throws Exception {
    ExternalTools.require("gcc");
    Path a = TestKernel.build(dir.resolve("a"));
    Path b = TestKernel.build(dir.resolve("b"));
    byte[] ka = Files.readAllBytes(a);
    assertArrayEquals(ka, Files.readAllBytes(b));
    assertEquals("b.b00", a.getFileName().toString());
    // 32-bit little-endian ELF, i386
    assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 1, 1}, java.util.Arrays.copyOf(ka, 6));
    assertEquals(3, ka[18]);
    // multiboot v1 header within the first 8 KiB, 4-aligned, checksum sums to 0
    ByteBuffer bb = ByteBuffer.wrap(ka).order(ByteOrder.LITTLE_ENDIAN);
    int at = -1;
    for (int i = 0; i + 12 <= Math.min(8192, ka.length); i += 4) {
      if (bb.getInt(i) == 0x1BADB002) {
        at = i;
        break;
      }
    }
    assertTrue(at >= 0, "multiboot header");
    assertEquals(3, bb.getInt(at + 4));
    assertEquals(0, bb.getInt(at) + bb.getInt(at + 4) + bb.getInt(at + 8));
    if (ExternalTools.find("grub-file").isPresent()) {
      Process p = new ProcessBuilder("grub-file", "--is-x86-multiboot", a.toString()).start();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), "grub-file --is-x86-multiboot");
    }
  }
}
