package org.esxforge.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * Dispatches events to registered consumers.
 *
 * <p>Immutable once built, and thread-safe as long as the consumers are.
 */
public final class EventHandlers {
  private static final EventHandlers NONE = new EventHandlers(List.of());

  private final List<Consumer<? super BuildEvent>> consumers;

  private EventHandlers(List<Consumer<? super BuildEvent>> consumers) {
    this.consumers = List.copyOf(consumers);
  }

  /** Handlers that drop every event. */
  public static EventHandlers none() {
    return NONE;
  }

  /** Handlers that pass every event to {@code consumer}. */
  public static EventHandlers of(Consumer<? super BuildEvent> consumer) {
    return new EventHandlers(List.of(consumer));
  }

  public void dispatch(BuildEvent event) {
    for (Consumer<? super BuildEvent> c : consumers) {
      c.accept(event);
    }
  }

  public void info(String message) {
    dispatch(LogEvent.info(message));
  }

  public void warn(String message) {
    dispatch(LogEvent.warn(message));
  }

  public void lifecycle(String message) {
    dispatch(LogEvent.lifecycle(message));
  }

  public void debug(String message) {
    dispatch(LogEvent.debug(message));
  }
}
