package org.esxforge.vib;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.esxforge.io.FormatException;
import org.esxforge.io.Parents;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Random access to a {@code .vib} (docs/formats.md §4.1) over a {@link FileChannel}. {@link #open}
 * reads every member header once and checks each against the file size, so a truncated or corrupt
 * file fails there with one line naming the offset and the expected and actual byte counts; member
 * data is only read on request, with positional reads.
 *
 * <p>Thread-safe: immutable after {@link #open}; positional channel reads do not share a file
 * pointer, so several members may be streamed at once. Close it once, when done.
 */
public final class VibFile implements Closeable {
  /** Largest {@code sig.pkcs7} read into memory (real ones are 3–6 KiB). */
  static final int MAX_SIGNATURE_BYTES = 1 << 20;

  private final Path path;
  private final String source;
  private final FileChannel channel;
  private final long fileSize;
  private final List<VibMember> members;

  private VibFile(Path path, FileChannel channel, long fileSize, List<VibMember> members) {
    this.path = path;
    this.source = Parents.nameOf(path);
    this.channel = channel;
    this.fileSize = fileSize;
    this.members = Collections.unmodifiableList(members);
  }

  private static final byte[] VIB_HEAD =
      "!<arch>\ndescriptor.xml".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * True when {@code head} (the first {@code length} bytes of a file, at least 22) looks like a
   * VIB: the ar magic followed by a first member called {@code descriptor.xml}. A plain ar archive
   * such as a {@code .deb} does not match.
   */
  public static boolean matches(byte[] head, int length) {
    return length >= VIB_HEAD.length
        && java.util.Arrays.equals(head, 0, VIB_HEAD.length, VIB_HEAD, 0, VIB_HEAD.length);
  }

  /** Opens and indexes {@code path}. Messages name the file by its file name. */
  public static VibFile open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = ch.size();
      List<VibMember> members = index(ch, size, Parents.nameOf(path));
      return new VibFile(path, ch, size, members);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static List<VibMember> index(FileChannel ch, long fileSize, String source)
      throws IOException {
    byte[] magic = readFully(ch, 0, ArHeader.GLOBAL_MAGIC.length, fileSize, source, "ar magic");
    if (!ArHeader.matches(magic, magic.length)) {
      throw new FormatException(source, null, 0, "not an ar archive (no !<arch> magic)");
    }
    List<VibMember> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long pos = ArHeader.GLOBAL_MAGIC.length;
    while (pos < fileSize) {
      byte[] h = readFully(ch, pos, ArHeader.LENGTH, fileSize, source, "ar header");
      ArHeader header = ArHeader.parse(h, 0, source, pos);
      long data = pos + ArHeader.LENGTH;
      long available = fileSize - data;
      if (header.size() > available) {
        throw new FormatException(
            source,
            header.name(),
            data,
            "member truncated: " + available + " of " + header.size() + " bytes");
      }
      if ((header.size() & 1) == 1) {
        if (header.size() == available) {
          throw new FormatException(
              source,
              header.name(),
              data + header.size(),
              "pad byte missing after odd-sized member: 0 of 1 bytes");
        }
      }
      if (!seen.add(header.name())) {
        throw new FormatException(source, header.name(), pos, "duplicate ar member");
      }
      out.add(new VibMember(header.name(), data, header.size()));
      pos = data + header.paddedSize();
    }
    return out;
  }

  private static byte[] readFully(
      FileChannel ch, long pos, int len, long fileSize, String source, String what)
      throws IOException {
    long available = Math.max(0, fileSize - pos);
    if (available < len) {
      throw new FormatException(
          source, null, pos, "truncated " + what + ": " + available + " of " + len + " bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + b.position());
      if (n < 0) {
        throw new FormatException(
            source, null, pos, "truncated " + what + ": " + b.position() + " of " + len + " bytes");
      }
    }
    return b.array();
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The file size in bytes. */
  public long size() {
    return fileSize;
  }

  /** All members in file order. */
  public List<VibMember> members() {
    return members;
  }

  /** The member called {@code name}, or null. */
  public @Nullable VibMember member(String name) {
    for (VibMember m : members) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }

  private VibMember require(String name) throws FormatException {
    VibMember m = member(name);
    if (m == null) {
      throw new FormatException(source, "no ar member '" + name + "'");
    }
    return m;
  }

  /** The exact {@code descriptor.xml} bytes (what the signature covers). */
  public byte[] descriptorBytes() throws IOException {
    VibMember m = require(VibMember.DESCRIPTOR);
    if (m.size() > DescriptorParser.MAX_BYTES) {
      throw new FormatException(
          source,
          m.name(),
          m.dataOffset(),
          "descriptor of "
              + m.size()
              + " bytes exceeds the limit of "
              + DescriptorParser.MAX_BYTES);
    }
    return readFully(channel, m.dataOffset(), (int) m.size(), fileSize, source, m.name());
  }

  /** The parsed descriptor. */
  public VibDescriptor descriptor() throws IOException {
    return DescriptorXml.parse(descriptorBytes(), source + "!" + VibMember.DESCRIPTOR);
  }

  /** The {@code sig.pkcs7} bytes; empty for an unsigned VIB or when the member is absent. */
  public byte[] signatureBytes() throws IOException {
    VibMember m = member(VibMember.SIGNATURE);
    if (m == null) {
      return new byte[0];
    }
    if (m.size() > MAX_SIGNATURE_BYTES) {
      throw new FormatException(
          source,
          m.name(),
          m.dataOffset(),
          "signature of " + m.size() + " bytes exceeds the limit of " + MAX_SIGNATURE_BYTES);
    }
    return readFully(channel, m.dataOffset(), (int) m.size(), fileSize, source, m.name());
  }

  /** A stream over one member's data (positional reads; safe to use concurrently). */
  public InputStream openMember(String name) throws IOException {
    VibMember m = require(name);
    return new RegionInputStream(channel, m.dataOffset(), m.size());
  }

  /**
   * Copies a member's bytes to {@code out} with {@link FileChannel#transferTo} (zero-copy where the
   * OS allows it). Returns the byte count.
   */
  public long transferMember(String name, WritableByteChannel out) throws IOException {
    VibMember m = require(name);
    long done = 0;
    while (done < m.size()) {
      long n = channel.transferTo(m.dataOffset() + done, m.size() - done, out);
      if (n <= 0) {
        throw new FormatException(
            source,
            name,
            m.dataOffset() + done,
            "member truncated while copying: " + done + " of " + m.size() + " bytes");
      }
      done += n;
    }
    return done;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A bounded stream over a file region using positional reads. Not thread-safe itself. */
  static final class RegionInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long pos;

    RegionInputStream(FileChannel channel, long offset, long size) {
      this.channel = channel;
      this.pos = offset;
      this.end = offset + size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      int want = (int) Math.min(len, end - pos);
      int n = channel.read(ByteBuffer.wrap(b, off, want), pos);
      if (n < 0) {
        throw new java.io.EOFException("file shrank while reading at offset " + pos);
      }
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long s = Math.max(0, Math.min(n, end - pos));
      pos += s;
      return s;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
  }
}
