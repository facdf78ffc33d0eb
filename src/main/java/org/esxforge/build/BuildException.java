package org.esxforge.build;

import org.jspecify.annotations.Nullable;

/**
 * A build that cannot be done for a reason the user can act on (base profile not found, ISO writer
 * not installed, a profile that cannot become an installer ISO). The message is one line.
 *
 * <p>A failure about one setting of the request carries it as structured fields — {@link
 * #setting()}, the {@link #input()} given for it and {@link #what()} is wrong — so that each front
 * end names the setting its own way: the CLI as its flag ({@code --base latest:9.0: …}), a recipe
 * as its field. {@link #getMessage()} names the setting in neutral words ({@code base profile
 * 'latest:9.0': …}).
 *
 * <p>Immutable (as exceptions go) and thread-safe.
 */
public class BuildException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The request setting a failure is about. */
  public enum Setting {
    /** No single setting (e.g. the profile cannot become an installer ISO). */
    NONE("build"),
    /** {@link BuildRequest#base()}. */
    BASE("base profile"),
    /** {@link BuildRequest#isoWriter()}. */
    ISO_WRITER("ISO writer"),
    /** {@link BuildRequest#iso()} and {@link BuildRequest#bundle()}. */
    OUTPUTS("outputs"),
    /** {@link BuildRequest#depots()}. */
    DEPOTS("depots");

    private final String words;

    Setting(String words) {
      this.words = words;
    }

    /** The setting in neutral words, e.g. {@code base profile}. */
    public String words() {
      return words;
    }
  }

  private final Setting setting;
  private final @Nullable String input;
  private final String what;

  public BuildException(String message) {
    this(Setting.NONE, null, message, null);
  }

  public BuildException(String message, Throwable cause) {
    this(Setting.NONE, null, message, cause);
  }

  /** A failure about {@code setting}, whose value was {@code input} (or null). */
  public BuildException(Setting setting, @Nullable String input, String what) {
    this(setting, input, what, null);
  }

  private BuildException(
      Setting setting, @Nullable String input, String what, @Nullable Throwable cause) {
    super(message(setting, input, what), cause);
    this.setting = setting;
    this.input = input;
    this.what = what;
  }

  private static String message(Setting setting, @Nullable String input, String what) {
    if (setting == Setting.NONE) {
      return what;
    }
    return setting.words() + (input == null ? "" : " '" + input + "'") + ": " + what;
  }

  public Setting setting() {
    return setting;
  }

  /** The value given for {@link #setting()}, or null. */
  public @Nullable String input() {
    return input;
  }

  /** What is wrong, without naming the setting. */
  public String what() {
    return what;
  }
}
