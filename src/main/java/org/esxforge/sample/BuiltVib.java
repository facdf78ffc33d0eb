package org.esxforge.sample;

import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.VibWriter;

/**
 * A sample VIB: its descriptor and the bytes of the whole {@code .vib}.
 *
 * <p>Immutable and thread-safe.
 */
final class BuiltVib {
  private final VibDescriptor descriptor;
  private final byte[] bytes;
  private final Sha256 sha256;

  BuiltVib(VibDescriptor descriptor, byte[] bytes, Sha256 sha256) {
    this.descriptor = descriptor;
    this.bytes = bytes.clone();
    this.sha256 = sha256;
  }

  VibDescriptor descriptor() {
    return descriptor;
  }

  Sha256 sha256() {
    return sha256;
  }

  int size() {
    return bytes.length;
  }

  /** A source of the {@code .vib} bytes for {@link VibWriter}-style copying. */
  VibWriter.Source source() {
    return VibWriter.Source.of(bytes, 0, bytes.length);
  }

  byte[] bytes() {
    return bytes.clone();
  }
}
