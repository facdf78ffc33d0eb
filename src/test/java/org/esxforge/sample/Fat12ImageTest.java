package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fat12ImageTest {
  @TempDir Path tmp;

  @Test
  void write_nestedFiles_readBackByMtoolsAndFsck() throws Exception {
    Path mcopy = ExternalTools.require("mcopy");
    Path fsck = ExternalTools.require("fsck.vfat");
    byte[] big = new Drbg("fat-test").nextBytes(300_000);
    byte[] img =
        Fat12Image.write(
            "EFIBOOT",
            Map.of(
                "EFI/BOOT/BOOTX64.EFI",
                big,
                "EFI/BOOT/SMALL.TXT",
                "hello\n".getBytes(StandardCharsets.US_ASCII),
                "EMPTY.BIN",
                new byte[0]));
    assertEquals(1 << 20, img.length);
    Path f = tmp.resolve("efiboot.img");
    Files.write(f, img);
    Path out = tmp.resolve("out.efi");
    run(mcopy.toString(), "-n", "-i", f.toString(), "::/EFI/BOOT/BOOTX64.EFI", out.toString());
    assertArrayEquals(big, Files.readAllBytes(out));
    Path small = tmp.resolve("small.txt");
    run(mcopy.toString(), "-n", "-i", f.toString(), "::/EFI/BOOT/SMALL.TXT", small.toString());
    assertEquals("hello\n", Files.readString(small));
    String fsckOut = run(fsck.toString(), "-n", f.toString());
    assertTrue(fsckOut.contains("6 files, 589/2021 clusters"), fsckOut); // 3 files + 3 dirs
  }

  @Test
  void write_twice_sameBytes() {
    Map<String, byte[]> files = Map.of("EFI/BOOT/BOOTX64.EFI", new byte[] {1, 2, 3});
    assertArrayEquals(Fat12Image.write("EFIBOOT", files), Fat12Image.write("EFIBOOT", files));
  }

  @Test
  void write_lowerCaseName_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fat12Image.write("X", Map.of("efi/boot.efi", new byte[1])));
    assertEquals("not an upper-case 8.3 name: efi", e.getMessage());
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out;
  }
}
