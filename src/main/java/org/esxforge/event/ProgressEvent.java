package org.esxforge.event;

import java.util.Objects;

/**
 * Progress of one task, e.g. a download or an ISO write: {@code done} of {@code total} units
 * ({@code total} is -1 when unknown). Immutable.
 */
public record ProgressEvent(String task, long done, long total, String unit) implements BuildEvent {
  public ProgressEvent {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(unit, "unit");
  }
}
