package org.esxforge.sample;

import java.util.List;
import org.esxforge.model.Payload;
import org.esxforge.vib.VibWriter;

/**
 * One synthesised payload: its descriptor entry (with sizes and checksums of every kind) and its
 * bytes, plus the files it installs (for the VIB's {@code file-list}).
 *
 * <p>It owns the byte array it is given (no copy: a full-size payload is up to 117 MB, and {@link
 * PayloadSynth} makes each array fresh for it) and never hands it out: {@link #source()} writes it,
 * {@link #bytes()} returns a copy. Immutable and thread-safe.
 */
final class SynthPayload {
  private final Payload payload;
  private final byte[] bytes;
  private final List<String> files;

  /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
  SynthPayload(Payload payload, byte[] bytes, List<String> files) {
    this.payload = payload;
    this.bytes = bytes;
    this.files = List.copyOf(files);
  }

  Payload payload() {
    return payload;
  }

  /** A copy of the bytes (for tests; writers use {@link #source()}). */
  byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes as an ar member's source, without copying them. */
  VibWriter.Source source() {
    return VibWriter.Source.owning(bytes);
  }

  int size() {
    return bytes.length;
  }

  List<String> files() {
    return files;
  }
}
