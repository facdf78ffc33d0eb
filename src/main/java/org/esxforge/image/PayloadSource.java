package org.esxforge.image;

import java.io.IOException;
import org.esxforge.iso.IsoSource;

/**
 * Supplies the bytes of a payload (e.g. a region of a cached {@code .vib} file). The returned
 * source declares its size up front and streams on {@link IsoSource#writeTo}; nothing is loaded
 * into memory. Implementations must be safe to call from the thread that writes the image.
 */
@FunctionalInterface
public interface PayloadSource {
  /** The bytes of {@code ref}; throws if the payload is not available. */
  IsoSource open(PayloadRef ref) throws IOException;
}
