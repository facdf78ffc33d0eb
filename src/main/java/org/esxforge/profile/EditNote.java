package org.esxforge.profile;

import java.util.Objects;

/**
 * One thing an edit did, with its kind, so a front end chooses what to show by kind, never by
 * searching the text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what sort of change it records
 * @param text the sentence for people, e.g. {@code replaced X by the newer Y (same name)}
 */
public record EditNote(Kind kind, String text) {
  /** What an edit note records. */
  public enum Kind {
    /** A VIB was added as asked: {@code added ID}. */
    ADDED,
    /** A VIB was removed as asked: {@code removed ID}. */
    REMOVED,
    /** A member was displaced by an added VIB: same name, or the added VIB's {@code replaces}. */
    REPLACED,
    /** An added VIB was in the profile already. */
    ALREADY_PRESENT,
    /** The profile's acceptance level changed. */
    ACCEPTANCE,
    /** A name was resolved to an older version because newer ones do not fit the platform. */
    PLATFORM_CHOICE,
    /** A driver was added for a device of the given hardware list. */
    FOR_DEVICE
  }

  public EditNote {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** Whether this only repeats a change that the profile diff lists anyway (plain add/remove). */
  public boolean plainChange() {
    return kind == Kind.ADDED || kind == Kind.REMOVED;
  }

  /** The text. */
  @Override
  public String toString() {
    return text;
  }
}
