package org.esxforge.cli;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Shell-style globs ({@code *}, {@code ?}) for name filters, case-insensitive like PowerCLI. */
final class Globs {
  private Globs() {}

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  static boolean matches(@Nullable String glob, String text) {
    return glob == null || compile(glob).matcher(text).matches();
  }
}
