package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * Streams a {@code .vib}'s ar members from an {@link InputStream} (a VIB inside a zip entry or an
 * HTTP body) without seeking: call {@link #nextMember()}, then read that member's data from this
 * stream (it ends at the member's end), or {@link #readMember(int)} for a small member. Unread data
 * is skipped by the next {@link #nextMember()}. Truncation anywhere gives a {@link FormatException}
 * with the offset and the expected and actual byte counts.
 *
 * <p>Not thread-safe. Closing it closes the underlying stream.
 */
public final class VibArchiveInputStream extends InputStream {
  private final InputStream in;
  private final String source;
  private final Set<String> seen = new HashSet<>();
  private long offset; // bytes consumed from `in`
  private @Nullable VibMember current;
  private long remaining; // data bytes of `current` not yet read
  private boolean started;

  /**
   * @param source names the VIB in messages, e.g. {@code bundle.zip!vib20/x/x.vib}
   */
  public VibArchiveInputStream(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** Advances to the next member; null at the end of the archive. */
  public @Nullable VibMember nextMember() throws IOException {
    if (!started) {
      byte[] magic = new byte[ArHeader.GLOBAL_MAGIC.length];
      int n = fill(magic);
      if (n < magic.length || !ArHeader.matches(magic, n)) {
        throw new FormatException(
            source,
            null,
            0,
            n < magic.length
                ? "truncated ar magic: " + n + " of 8 bytes"
                : "not an ar archive (no !<arch> magic)");
      }
      started = true;
    }
    if (current != null) {
      skipFully(remaining, current.name(), current.size());
      if ((current.size() & 1) == 1 && in.read() < 0) {
        throw new FormatException(
            source,
            current.name(),
            offset,
            "pad byte missing after odd-sized member: 0 of 1 bytes");
      } else if ((current.size() & 1) == 1) {
        offset++;
      }
      current = null;
    }
    long headerOffset = offset;
    byte[] h = new byte[ArHeader.LENGTH];
    int n = fill(h);
    if (n == 0) {
      return null;
    }
    if (n < h.length) {
      throw new FormatException(
          source,
          null,
          headerOffset,
          "truncated ar header: " + n + " of " + ArHeader.LENGTH + " bytes");
    }
    ArHeader header = ArHeader.parse(h, 0, source, headerOffset);
    if (!seen.add(header.name())) {
      throw new FormatException(source, header.name(), headerOffset, "duplicate ar member");
    }
    current = new VibMember(header.name(), offset, header.size());
    remaining = header.size();
    return current;
  }

  /** The current member's data, read fully; refuses members over {@code maxBytes}. */
  public byte[] readMember(int maxBytes) throws IOException {
    if (current == null) {
      throw new IllegalStateException("no current member");
    }
    if (remaining > maxBytes) {
      throw new FormatException(
          source,
          current.name(),
          current.dataOffset(),
          "member of " + current.size() + " bytes exceeds the limit of " + maxBytes);
    }
    byte[] b = new byte[(int) remaining];
    int n = fill(b);
    remaining -= n;
    if (n < b.length) {
      throw truncated(current.name(), current.size(), current.size() - (b.length - n));
    }
    return b;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (current == null || remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw truncated(current.name(), current.size(), current.size() - remaining);
    }
    offset += n;
    remaining -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return current == null ? 0 : (int) Math.min(remaining, in.available());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private FormatException truncated(String member, long expected, long actual) {
    return new FormatException(
        source, member, offset, "member truncated: " + actual + " of " + expected + " bytes");
  }

  private int fill(byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, b.length);
    offset += n;
    return n;
  }

  private void skipFully(long n, String member, long expected) throws IOException {
    byte[] buf = new byte[(int) Math.max(1, Math.min(8192, n))];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        remaining = left;
        throw truncated(member, expected, expected - left);
      }
      offset += r;
      left -= r;
    }
  }
}
