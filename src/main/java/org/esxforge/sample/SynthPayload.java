package org.esxforge.sample;

import java.util.List;
import org.esxforge.model.Payload;

/**
 * One synthesised payload: its descriptor entry (with sizes and checksums of every kind) and its
 * bytes, plus the files it installs (for the VIB's {@code file-list}).
 *
 * <p>Immutable and thread-safe.
 */
final class SynthPayload {
  private final Payload payload;
  private final byte[] bytes;
  private final List<String> files;

  SynthPayload(Payload payload, byte[] bytes, List<String> files) {
    this.payload = payload;
    this.bytes = bytes.clone();
    this.files = List.copyOf(files);
  }

  Payload payload() {
    return payload;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  int size() {
    return bytes.length;
  }

  List<String> files() {
    return files;
  }
}
