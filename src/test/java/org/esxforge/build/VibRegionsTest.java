package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.esxforge.io.FormatException;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VibRegionsTest {
  @TempDir Path tmp;

  private static byte[] bytesOf(VibWriter.Source s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.writeTo(out);
    return out.toByteArray();
  }

  /** Regions of one file, larger and smaller than the copy buffer, read through one channel. */
  @Test
  void region_severalOfOneFile_theirBytes() throws Exception {
    Path vib = Fixtures.real("net-r8125-9.011.00-10.vib");
    byte[] all = Files.readAllBytes(vib);
    try (VibRegions files = new VibRegions()) {
      VibWriter.Source whole = files.region(vib, 0, all.length);
      VibWriter.Source tail = files.region(vib, 70_000, all.length - 70_000);
      VibWriter.Source none = files.region(vib, 5, 0);
      assertEquals(all.length, whole.size());
      assertArrayEquals(all, bytesOf(whole));
      assertArrayEquals(Arrays.copyOfRange(all, 70_000, all.length), bytesOf(tail));
      assertArrayEquals(new byte[0], bytesOf(none));
      assertArrayEquals(all, bytesOf(whole)); // read again: the channel is still open
    }
  }

  @Test
  void region_pastTheEnd_formatExceptionNamingTheFile() throws Exception {
    Path f = Files.write(tmp.resolve("spool"), new byte[100]);
    try (VibRegions files = new VibRegions()) {
      FormatException e =
          assertThrows(FormatException.class, () -> bytesOf(files.region(f, 60, 50)));
      assertEquals(f + "@60: region truncated: 40 of 50 bytes", e.getMessage());
    }
  }

  @Test
  void region_afterClose_refused() throws Exception {
    Path f = Files.write(tmp.resolve("spool"), new byte[10]);
    VibRegions files = new VibRegions();
    VibWriter.Source s = files.region(f, 0, 10);
    assertEquals(10, bytesOf(s).length);
    files.close();
    IOException e = assertThrows(IOException.class, () -> bytesOf(s));
    assertEquals(f + ": closed", e.getMessage());
  }
}
