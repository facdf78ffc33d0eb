package org.esxforge.iso;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of one file in an ISO image. {@link #size()} is declared up front (the layout is
 * planned from sizes before anything is written); {@link #writeTo} must then write exactly that
 * many bytes. The writer checks this and fails with a clear message naming the file when it does
 * not.
 *
 * <p>Implementations from the factories are immutable and thread-safe; {@link #writeTo} may be
 * called more than once (a boot image with a boot-info-table is read twice).
 */
public interface IsoSource {

  /** The number of bytes {@link #writeTo} writes. */
  long size();

  /** Writes the content; must not close {@code out}. */
  void writeTo(WritableByteChannel out) throws IOException;

  /** The whole of {@code file}; its size is read now. */
  static IsoSource file(Path file) throws IOException {
    return new Sources.Region(file, 0, Files.size(file));
  }

  /**
   * {@code length} bytes of {@code file} from {@code offset}, e.g. a payload inside a VIB's ar
   * archive or a STORED zip entry. Copied with {@code FileChannel.transferTo} (zero copy).
   */
  static IsoSource region(Path file, long offset, long length) {
    return new Sources.Region(file, offset, length);
  }

  /** A copy of {@code bytes}. */
  static IsoSource bytes(byte[] bytes) {
    return new Sources.Bytes(bytes.clone());
  }

  /** Content produced by {@code writer}, which must write exactly {@code size} bytes. */
  static IsoSource generated(long size, ContentWriter writer) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    return new Sources.Generated(size, Objects.requireNonNull(writer, "writer"));
  }

  /** Writes generated content to a channel. */
  @FunctionalInterface
  interface ContentWriter {
    void writeTo(WritableByteChannel out) throws IOException;
  }
}
