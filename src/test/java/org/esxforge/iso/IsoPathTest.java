package org.esxforge.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoPathTest {

  @Test
  void parse_lowerCase_upperCased() throws Exception {
    IsoPath p = IsoPath.parse("/efi/boot/bootx64.efi");
    assertEquals("/EFI/BOOT/BOOTX64.EFI", p.path());
    assertEquals(List.of("EFI", "BOOT", "BOOTX64.EFI"), p.components());
    assertEquals("BOOTX64.EFI", p.name());
    assertEquals(IsoPath.parse("/EFI/BOOT"), p.parent());
    assertEquals(
        List.of(IsoPath.ROOT, IsoPath.parse("/EFI"), IsoPath.parse("/EFI/BOOT")), p.ancestors());
  }

  @Test
  void parse_root_isRoot() throws Exception {
    assertTrue(IsoPath.parse("/").isRoot());
    assertEquals(IsoPath.ROOT, IsoPath.ROOT.parent());
  }

  @Test
  void parse_limits_accepted() throws Exception {
    IsoPath.parse("/ABCDEFGH.XYZ");
    IsoPath.parse("/A_0/B/C/D/E/F/G/ABCDEFGH.XYZ");
    assertFalse(IsoPath.parse("/A/B/C/D/E/F/G/H").isValidDirectory());
    assertTrue(IsoPath.parse("/A/B/C/D/E/F/G").isValidDirectory());
    assertFalse(IsoPath.parse("/B.B00").isValidDirectory());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "B.B00|must start with '/'",
        "/A/|must not end with '/'",
        "/A//B|empty component",
        "/ABCDEFGHI.TXT|name 'ABCDEFGHI.TXT' does not fit 8.3",
        "/A.TEXT|name 'A.TEXT' does not fit 8.3",
        "/ABCDEFGHI/X|directory name 'ABCDEFGHI' longer than 8 characters",
        "/A.B/X|character '.' is not a d-character (A-Z 0-9 _)",
        "/A-B.TXT|character '-' is not a d-character (A-Z 0-9 _)",
        "/A.B.C|character '.' is not a d-character (A-Z 0-9 _)",
        "/.TXT|name '.TXT' has no part before the dot",
        "/A/B/C/D/E/F/G/H/I|deeper than 8 levels",
      })
  void parse_invalid_throwsWithInput(String input, String reason) {
    InvalidIsoPathException e =
        assertThrows(InvalidIsoPathException.class, () -> IsoPath.parse(input));
    assertEquals(input, e.input());
    assertEquals("invalid ISO 9660 path '" + input + "': " + reason, e.getMessage());
  }
}
