package org.esxforge.cli;

import java.nio.file.Path;
import org.esxforge.build.BuildException;
import org.esxforge.io.Messages;
import org.jspecify.annotations.Nullable;

/**
 * Names the setting of a {@link BuildException} the way the user gave it: as a flag on the command
 * line, as a field in a recipe. A failure about a setting the user gave (a mistyped {@code --base},
 * an unknown {@code --iso-writer}, no outputs) is a usage error (exit 2).
 *
 * <p>Stateless and thread-safe.
 */
final class BuildFailures {
  private BuildFailures() {}

  /** For {@code esxforge build -d …}: {@code --base latest:9.0: no profile matches …}. */
  static ExitCodeException ofFlags(BuildException e) {
    String flag =
        switch (e.setting()) {
          case BASE -> "--base";
          case ISO_WRITER -> "--iso-writer";
          case OUTPUTS -> "--iso/--bundle/--pxe";
          case DEPOTS -> "-d";
          case NONE -> null;
        };
    return of(e, flag);
  }

  /** For a recipe: {@code profiles/x.yaml: base latest:9.0: no profile matches …}. */
  static ExitCodeException ofRecipe(BuildException e, Path recipe) {
    String field =
        switch (e.setting()) {
          case BASE -> "base";
          case ISO_WRITER -> "outputs.isoWriter";
          case OUTPUTS -> "outputs";
          case DEPOTS -> "depots";
          case NONE -> null;
        };
    return of(e, field == null ? null : recipe + ": " + field);
  }

  private static ExitCodeException of(BuildException e, @Nullable String name) {
    if (name == null) {
      return new ExitCodeException(ExitCode.FAILURE, Messages.of(e));
    }
    return new ExitCodeException(
        ExitCode.USAGE, name + (e.input() == null ? "" : " " + e.input()) + ": " + e.what());
  }
}
