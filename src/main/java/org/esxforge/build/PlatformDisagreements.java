package org.esxforge.build;

import java.util.Map;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.PlatformCompatibility;
import org.esxforge.profile.ValidationContext;

/**
 * Says (as a warning) where a VIB's signed descriptor and the component holding it name different
 * platforms, e.g. the lsi-mr3 bundle's component claims {@code 5.*} while its descriptor says
 * {@code 8.0}. The descriptor wins ({@link PlatformCompatibility}); the user should know the
 * package is inconsistent.
 *
 * <p>Stateless and thread-safe.
 */
final class PlatformDisagreements {
  private PlatformDisagreements() {}

  static void warn(Map<VibId, VibDescriptor> signed, ValidationContext ctx,
      EventHandlers events) {
    signed.forEach((id, d) -> PlatformCompatibility.disagreement(d, ctx.componentPlatforms(id))
        .ifPresent(m -> events.warn(id + ": " + m)));
  }
}
