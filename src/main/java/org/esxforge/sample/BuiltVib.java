package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.VibWriter;
import org.jspecify.annotations.Nullable;

/**
 * A sample VIB: its descriptor and the bytes of the whole {@code .vib}, held in memory (the
 * standard sample) or in a spool file (the full-size sample, whose VIBs would not fit in a small
 * heap all at once: together about 600 MB).
 *
 * <p>Immutable and thread-safe; a spooled VIB's file must outlive it unchanged.
 */
final class BuiltVib {
  private final VibDescriptor descriptor;
  private final byte @Nullable [] bytes;
  private final @Nullable Path file;
  private final long size;
  private final Sha256 sha256;

  private BuiltVib(
      VibDescriptor descriptor,
      byte @Nullable [] bytes,
      @Nullable Path file,
      long size,
      Sha256 sha256) {
    this.descriptor = descriptor;
    this.bytes = bytes;
    this.file = file;
    this.size = size;
    this.sha256 = sha256;
  }

  /** A VIB held in memory; takes ownership of {@code bytes} (the caller must not change them). */
  static BuiltVib inMemory(VibDescriptor descriptor, byte[] bytes, Sha256 sha256) {
    return new BuiltVib(descriptor, bytes, null, bytes.length, sha256);
  }

  /** A VIB written to {@code file}, {@code size} bytes long. */
  static BuiltVib spooled(VibDescriptor descriptor, Path file, long size, Sha256 sha256) {
    return new BuiltVib(descriptor, null, file, size, sha256);
  }

  VibDescriptor descriptor() {
    return descriptor;
  }

  Sha256 sha256() {
    return sha256;
  }

  long size() {
    return size;
  }

  /** A source of the {@code .vib} bytes for {@link VibWriter}-style copying (no copy made). */
  VibWriter.Source source() {
    byte[] b = bytes;
    return b != null
        ? VibWriter.Source.owning(b)
        : VibWriter.Source.of(java.util.Objects.requireNonNull(file), 0, size);
  }

  /** A copy of the whole {@code .vib}. */
  byte[] bytes() throws IOException {
    byte[] b = bytes;
    return b != null ? b.clone() : Files.readAllBytes(java.util.Objects.requireNonNull(file));
  }
}
