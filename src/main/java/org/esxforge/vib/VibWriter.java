package org.esxforge.vib;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.HashingOutputStream;
import org.esxforge.io.Sha256;

/**
 * Writes a {@code .vib} the way VMware does (docs/formats.md §4.1): {@code !<arch>\n}, then {@code
 * descriptor.xml}, {@code sig.pkcs7} (present even when empty), then one member per payload named
 * exactly as the payload; headers with mtime, uid, gid 0 and mode {@code 0} (≤7.0) or {@code 0o0}
 * (8.0+); odd members padded with {@code '\n'}. Payload bytes are streamed from their {@link
 * Source} through a 64 KiB buffer and hashed in the same pass.
 *
 * <p>Stateless and thread-safe.
 */
public final class VibWriter {
  private static final int BUFFER = 1 << 16;

  private VibWriter() {}

  /** Where a member's bytes come from. Implementations must deliver exactly {@link #size()}. */
  public interface Source {
    long size();

    void writeTo(OutputStream out) throws IOException;

    /** The whole file. */
    static Source of(Path file) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        return of(file, 0, ch.size());
      }
    }

    /**
     * {@code size} bytes of {@code file} from {@code offset} (e.g. an ar member, a cached blob).
     */
    static Source of(Path file, long offset, long size) {
      Objects.requireNonNull(file, "file");
      return new Source() {
        @Override
        public long size() {
          return size;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          copyRegion(file, offset, size, out);
        }
      };
    }

    /** {@code length} bytes of {@code bytes} from {@code offset} (copied now). */
    static Source of(byte[] bytes, int offset, int length) {
      return owning(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * All of {@code bytes}, not copied: the caller hands the array over and must not change it (for
     * large arrays made for this source, e.g. a sample's 117 MB payload).
     */
    static Source owning(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes");
      return new Source() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          out.write(bytes);
        }
      };
    }

    /** Bytes produced on demand by {@code generator}, which must write exactly {@code size}. */
    static Source generated(long size, AtomicFiles.StreamWriter generator) {
      Objects.requireNonNull(generator, "generator");
      return new Source() {
        @Override
        public long size() {
          return size;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          generator.write(out);
        }
      };
    }
  }

  /** A payload member: its name (the descriptor's payload name, ≤15 chars) and its bytes. */
  public record Entry(String name, Source source) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }
  }

  /** What was written: total byte count and SHA-256 of the whole {@code .vib}. */
  public record Result(long size, Sha256 sha256) {}

  /** Writes the VIB to {@code out} (not closed) with mode {@code 0} (VMware ≤7.0 headers). */
  public static Result write(
      OutputStream out, byte[] descriptor, byte[] signature, List<Entry> payloads)
      throws IOException {
    return write(out, descriptor, signature, payloads, ArHeader.ModeFormat.ZERO);
  }

  /**
   * Writes the VIB to {@code out} (not closed).
   *
   * @param signature the {@code sig.pkcs7} bytes; empty for an unsigned VIB
   */
  public static Result write(
      OutputStream out,
      byte[] descriptor,
      byte[] signature,
      List<Entry> payloads,
      ArHeader.ModeFormat mode)
      throws IOException {
    check(payloads);
    HashingOutputStream h = new HashingOutputStream(out);
    h.write(ArHeader.GLOBAL_MAGIC);
    member(h, VibMember.DESCRIPTOR, Source.of(descriptor, 0, descriptor.length), mode);
    member(h, VibMember.SIGNATURE, Source.of(signature, 0, signature.length), mode);
    for (Entry e : payloads) {
      member(h, e.name(), e.source(), mode);
    }
    h.flush();
    return new Result(h.count(), h.sha256());
  }

  /** Writes the VIB to {@code target} atomically (temp file beside it, then moved into place). */
  public static Result write(
      Path target,
      byte[] descriptor,
      byte[] signature,
      List<Entry> payloads,
      ArHeader.ModeFormat mode)
      throws IOException {
    check(payloads);
    return AtomicFiles.write(
        target,
        ch -> {
          OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), BUFFER);
          Result r = write(out, descriptor, signature, payloads, mode);
          out.flush();
          return r;
        });
  }

  private static void check(List<Entry> payloads) {
    Set<String> names = new HashSet<>(Set.of(VibMember.DESCRIPTOR, VibMember.SIGNATURE));
    for (Entry e : payloads) {
      String n = e.name();
      if (n.isEmpty() || n.length() > ArHeader.MAX_NAME) {
        throw new IllegalArgumentException(
            "payload name '"
                + n
                + "' must be 1 to "
                + ArHeader.MAX_NAME
                + " characters (longer names need a GNU ar name table)");
      }
      if (n.endsWith("/") || n.startsWith("/") || n.chars().anyMatch(c -> c <= 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("payload name '" + n + "' has an invalid character");
      }
      if (!names.add(n)) {
        throw new IllegalArgumentException("duplicate member name '" + n + "'");
      }
    }
  }

  private static void member(
      HashingOutputStream out, String name, Source src, ArHeader.ModeFormat mode)
      throws IOException {
    long size = src.size();
    out.write(ArHeader.of(name, size).toBytes(mode));
    long before = out.count();
    src.writeTo(out);
    long written = out.count() - before;
    if (written != size) {
      throw new IOException(
          "payload '" + name + "': source wrote " + written + " of " + size + " bytes");
    }
    if ((size & 1) == 1) {
      out.write('\n');
    }
  }

  private static void copyRegion(Path file, long offset, long size, OutputStream out)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (offset + size > ch.size()) {
        throw new org.esxforge.io.FormatException(
            file.toString(),
            null,
            offset,
            "region truncated: " + Math.max(0, ch.size() - offset) + " of " + size + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, size)));
      long done = 0;
      while (done < size) {
        buf.clear().limit((int) Math.min(buf.capacity(), size - done));
        int n = ch.read(buf, offset + done);
        if (n < 0) {
          throw new java.io.EOFException(file + ": shrank while copying at " + (offset + done));
        }
        out.write(buf.array(), 0, n);
        done += n;
      }
    }
  }
}
