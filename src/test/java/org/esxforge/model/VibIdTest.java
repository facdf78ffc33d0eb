package org.esxforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VibIdTest {
  @Test
  void parse_everyCharacter_refusedExactlyWhenWhiteSpace() throws Exception {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String text = "VMW_bootbank_a" + c + "b_1.0";
      if (Character.isWhitespace(c)) {
        InvalidModelException e =
            assertThrows(InvalidModelException.class, () -> VibId.parse(text), "U+" + (int) c);
        assertEquals(
            new InvalidModelException("VIB id", text, "expected <vendor>_<type>_<name>_<version>")
                .getMessage(),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VibId(text));
      } else {
        assertEquals(text, VibId.parse(text).value(), "U+" + (int) c);
      }
    }
  }

  @Test
  void parse_surroundingWhiteSpace_trimmed() throws Exception {
    assertEquals("VMW_bootbank_a_1.0", VibId.parse(" VMW_bootbank_a_1.0\n").value());
  }

  @Test
  void parse_tooFewParts_refused() {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> VibId.parse("VMW_bootbank_a"));
    assertEquals(
        new InvalidModelException(
                "VIB id", "VMW_bootbank_a", "expected <vendor>_<type>_<name>_<version>")
            .getMessage(),
        e.getMessage());
  }
}
