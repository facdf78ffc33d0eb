package org.esxforge.event;

import java.util.Objects;

/** A message for the user. Immutable. */
public record LogEvent(Level level, String message) implements BuildEvent {

  /** Severity, lowest first. */
  public enum Level {
    DEBUG,
    INFO,
    LIFECYCLE,
    WARN,
    ERROR
  }

  public LogEvent {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  public static LogEvent info(String message) {
    return new LogEvent(Level.INFO, message);
  }

  public static LogEvent lifecycle(String message) {
    return new LogEvent(Level.LIFECYCLE, message);
  }

  public static LogEvent warn(String message) {
    return new LogEvent(Level.WARN, message);
  }

  public static LogEvent debug(String message) {
    return new LogEvent(Level.DEBUG, message);
  }
}
