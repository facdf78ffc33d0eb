package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArHeaderTest {
  private static byte[] patch(byte[] b, int off, String s) {
    byte[] c = b.clone();
    byte[] p = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(p, 0, c, off, p.length);
    return c;
  }

  @Test
  void parse_modeAndNameVariants_accepted() throws Exception {
    for (String mode : List.of("0", "0o0", "644", "100644", "100000", "")) {
      byte[] h = ArHeader.of("payload1", 5).toBytes(ArHeader.ModeFormat.ZERO);
      byte[] p = patch(patch(h, 40, "        "), 40, mode);
      p = patch(p, 0, "payload1/       ");
      ArHeader a = ArHeader.parse(p, 0, "x", 8);
      assertEquals("payload1", a.name());
      assertEquals(mode.isEmpty() ? 0 : Integer.parseInt(mode.replace("0o", ""), 8), a.mode());
      assertEquals(5, a.size());
    }
    byte[] gnu =
        "payload1/       1757492682  0     0     100644  3888      `\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        new ArHeader("payload1", 1757492682L, 0, 0, 0100644, 3888), ArHeader.parse(gnu, 0, "x", 0));
  }

  @Test
  void toBytes_modeFormats_vmwareLayout() {
    assertEquals(
        "descriptor.xml  0           0     0     0       1839      `\n",
        new String(
            ArHeader.of("descriptor.xml", 1839).toBytes(ArHeader.ModeFormat.ZERO),
            StandardCharsets.US_ASCII));
    assertEquals(
        "vmkusb-n        0           0     0     0o0     351514    `\n",
        new String(
            ArHeader.of("vmkusb-n", 351514).toBytes(ArHeader.ModeFormat.PYTHON3_OCTAL),
            StandardCharsets.US_ASCII));
    assertThrows(
        IllegalArgumentException.class,
        () -> ArHeader.of("sixteen-chars-xx", 1).toBytes(ArHeader.ModeFormat.ZERO));
  }

  @Test
  void matches_globalMagic() {
    assertTrue(ArHeader.matches("!<arch>\nxyz".getBytes(StandardCharsets.US_ASCII), 8));
    assertFalse(ArHeader.matches("!<arch>\n".getBytes(StandardCharsets.US_ASCII), 7));
    assertFalse(ArHeader.matches("PK\u0003\u0004....".getBytes(StandardCharsets.US_ASCII), 8));
  }
}
