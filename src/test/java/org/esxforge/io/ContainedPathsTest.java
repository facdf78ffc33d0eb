package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ContainedPathsTest {
  @Test
  void member_bundlePaths_kept() throws FormatException {
    assertEquals(
        "vib20/ne1000/VMW_bootbank_ne1000_0.8.4-10vmw.700.1.0.15843807.vib",
        ContainedPaths.member(
            "b.zip", "vib20/ne1000/VMW_bootbank_ne1000_0.8.4-10vmw.700.1.0.15843807.vib"));
    assertNull(ContainedPaths.problem("vibs/"));
    assertNull(ContainedPaths.problem(".hidden/a..b/c."));
  }

  @Test
  void member_dotDotSegment_refusedWithTheProblem() {
    FormatException e =
        assertThrows(FormatException.class, () -> ContainedPaths.member("b.zip", "vib20/../x"));
    assertEquals(
        "b.zip: refusing to write member 'vib20/../x' ('..' segment; it would land outside the"
            + " archive's tree)",
        e.getMessage());
  }

  /**
   * The quick pass never answers for a name the full check refuses: every name of up to four
   * characters from an alphabet of separators, dots, a drive colon, a backslash, a control
   * character and letters gets the same verdict as the rules written out one by one.
   */
  @Test
  void problem_everyShortName_sameVerdictAsTheRules() {
    char[] alphabet = {'a', 'C', '/', '.', ':', '\\', '\u0001', '\u00e9'};
    int checked = 0;
    for (int length = 0; length <= 4; length++) {
      int[] digits = new int[length];
      while (true) {
        StringBuilder sb = new StringBuilder();
        for (int d : digits) {
          sb.append(alphabet[d]);
        }
        String name = sb.toString();
        assertEquals(rules(name), ContainedPaths.problem(name), "'" + name + "'");
        checked++;
        int i = length - 1;
        while (i >= 0 && ++digits[i] == alphabet.length) {
          digits[i--] = 0;
        }
        if (i < 0) {
          break;
        }
      }
    }
    assertEquals(1 + 8 + 64 + 512 + 4096, checked);
  }

  /** The rules of {@link ContainedPaths}, one at a time, in the order they are reported. */
  private static @Nullable String rules(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.startsWith("/")) {
      return "absolute path";
    }
    String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String[] segments = body.split("/", -1);
    if (segments[0].length() == 2
        && segments[0].charAt(1) == ':'
        && Character.isLetter(segments[0].charAt(0))) {
      return "drive letter";
    }
    for (String s : segments) {
      if (s.isEmpty()) {
        return "empty path segment";
      }
      if (s.equals(".") || s.equals("..")) {
        return "'" + s + "' segment";
      }
      for (char c : s.toCharArray()) {
        if (c == '\\') {
          return "backslash";
        }
        if (Character.isISOControl(c)) {
          return "control character U+" + String.format("%04X", (int) c);
        }
      }
    }
    return null;
  }
}
