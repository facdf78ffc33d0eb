package org.esxforge.iso;

import org.esxforge.event.EventHandlers;

/**
 * The {@link IsoWriter} implementations: the bundled pure-Java writer and the external-tool
 * fallback (xorriso, genisoimage, mkisofs). Stateless and thread-safe.
 */
public final class IsoWriters {
  private IsoWriters() {}

  /** The bundled writer, without events. */
  public static IsoWriter builtin() {
    return new BuiltinIsoWriter(EventHandlers.none());
  }

  /** The bundled writer, reporting {@code ProgressEvent}s to {@code events}. */
  public static IsoWriter builtin(EventHandlers events) {
    return new BuiltinIsoWriter(events);
  }

  /** An external tool, without events. */
  public static IsoWriter external(ExternalIsoTool tool) {
    return new ExternalIsoWriter(tool, EventHandlers.none());
  }

  /** An external tool, reporting what it runs to {@code events}. */
  public static IsoWriter external(ExternalIsoTool tool, EventHandlers events) {
    return new ExternalIsoWriter(tool, events);
  }

  /**
   * The size in bytes the built-in writer gives {@code image}, from its layout alone (nothing is
   * read or written; sources need only their declared sizes).
   */
  public static long plannedSize(IsoImage image) {
    return IsoLayout.plan(image).byteCount();
  }
}
