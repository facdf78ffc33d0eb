package org.esxforge.depot;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a zip's central directory straight from its bytes (APPNOTE 4.3.12–4.3.16, ZIP64 included):
 * one read of the end records, one read of the whole directory, one small {@link Entry} per member.
 * Nothing else is read at open: an entry's local header is read when its data is first needed. That
 * is what {@link SafeZip} builds on; commons-compress's {@code ZipFile} also read every local
 * header at open, made a date, extra-field objects and a name map per entry, and kept them all
 * until its finalizer ran (a 40,000-VIB depot: two zips of 40,000 entries each).
 *
 * <p>Names are decoded as UTF-8 (what commons-compress did for names without the language-encoding
 * flag), or taken from an Info-ZIP Unicode Path extra field whose CRC matches the raw name.
 * Archives that span disks are refused. Every problem is a one-line {@link FormatException} that
 * starts with {@code corrupt or truncated zip archive (}.
 *
 * <p>Stateless; {@link Data} implementations are thread-safe (positional reads only).
 */
final class ZipDirectory {
  static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int END_SIZE = 22;
  private static final int CENTRAL_SIZE = 46;
  static final int LOCAL_SIZE = 30;
  private static final int MAX_COMMENT = 0xffff;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final int UNICODE_PATH_EXTRA = 0x7075;

  /** General-purpose flag bit 0: the entry is encrypted. */
  static final int FLAG_ENCRYPTED = 1;

  private ZipDirectory() {}

  /** The bytes of a zip, read by position. Implementations are thread-safe. */
  interface Data extends Closeable {
    long length();

    /**
     * Reads exactly {@code len} bytes at {@code pos}; {@link EOFException} when they are not all
     * there.
     */
    void readFully(long pos, byte[] b, int off, int len) throws IOException;

    /** The whole zip when it is in memory and open (read it, never write it); else null. */
    default byte @Nullable [] array() {
      return null;
    }
  }

  /** A local file, read with positional reads (no shared position, no locking). */
  static final class FileData implements Data {
    private final FileChannel channel;
    private final long length;

    FileData(Path file) throws IOException {
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
      try {
        this.length = channel.size();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public void readFully(long pos, byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      long p = pos;
      while (buf.hasRemaining()) {
        int n = channel.read(buf, p);
        if (n < 0) {
          throw new EOFException("end of file at offset " + p);
        }
        p += n;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** An in-memory zip; lets go of the array when closed. */
  static final class ArrayData implements Data {
    private volatile byte[] bytes;
    private final long length;

    ArrayData(byte[] bytes) {
      this.bytes = bytes;
      this.length = bytes.length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public void readFully(long pos, byte[] b, int off, int len) throws IOException {
      byte[] a = bytes;
      if (a.length != length) {
        throw new IOException("zip closed");
      }
      if (pos < 0 || pos > a.length - (long) len) {
        throw new EOFException("end of data at offset " + Math.max(pos, a.length));
      }
      System.arraycopy(a, (int) pos, b, off, len);
    }

    @Override
    public byte @Nullable [] array() {
      byte[] a = bytes;
      return a.length == length ? a : null;
    }

    @Override
    public void close() {
      bytes = new byte[0];
    }
  }

  /**
   * One member as the central directory describes it. Immutable (the data offset is computed once,
   * on first use, from the local header); thread-safe.
   */
  static final class Entry {
    private final String name;
    private final int method;
    private final int flags;
    private final long crc;
    private final long compressedSize;
    private final long size;
    private final long headerOffset;
    private final boolean unicodeName;
    private final int rawNameLength; // in the central directory: the local header's, if it agrees
    private final int extraLength; // in the central directory: a guess at the local header's
    private volatile long dataOffset = -1;

    Entry(
        String name,
        int method,
        int flags,
        long crc,
        long compressedSize,
        long size,
        long headerOffset,
        boolean unicodeName,
        int rawNameLength,
        int extraLength) {
      this.name = name;
      this.method = method;
      this.flags = flags;
      this.crc = crc;
      this.compressedSize = compressedSize;
      this.size = size;
      this.headerOffset = headerOffset;
      this.unicodeName = unicodeName;
      this.rawNameLength = rawNameLength;
      this.extraLength = extraLength;
    }

    String getName() {
      return name;
    }

    int getMethod() {
      return method;
    }

    int flags() {
      return flags;
    }

    long crc() {
      return crc;
    }

    long getCompressedSize() {
      return compressedSize;
    }

    long getSize() {
      return size;
    }

    long headerOffset() {
      return headerOffset;
    }

    boolean isDirectory() {
      return name.endsWith("/");
    }

    /** Where the entry's data starts, read from its local header on first use. */
    long dataOffset(Data data, String source) throws FormatException {
      long d = dataOffset;
      if (d < 0) {
        readLocalHeader(data, source, false);
        d = dataOffset;
      }
      return d;
    }

    /** True when the data's offset is known (its local header was read). */
    boolean dataOffsetKnown() {
      return dataOffset >= 0;
    }

    /**
     * Reads the local header and, in the same read, the entry's data when the local header's extra
     * field is no longer than the central directory's (as good as always): one read instead of
     * three for each of 20,000 small VIBs. Sets the data offset.
     *
     * @return the bytes from the local header on; the data is at {@code dataOffset - headerOffset}
     *     when the array is long enough to hold it
     */
    byte[] readWithData(Data data, String source) throws FormatException {
      return readLocalHeader(data, source, true);
    }

    /**
     * Reads and checks the local header (one read for the header and the name) and sets the data
     * offset; with {@code withData}, the same read also takes the data that the central directory's
     * extra-field length lets it expect. Returns the bytes read.
     */
    private byte[] readLocalHeader(Data data, String source, boolean withData)
        throws FormatException {
      long available = data.length() - headerOffset;
      long wanted =
          LOCAL_SIZE + (long) rawNameLength + (withData ? extraLength + compressedSize : 0);
      int length = (int) Math.max(0, Math.min(available, wanted));
      if (length < LOCAL_SIZE) {
        throw entryProblem(source, "no local header at offset " + headerOffset);
      }
      byte[] h = new byte[length];
      try {
        data.readFully(headerOffset, h, 0, length);
      } catch (EOFException e) {
        throw entryProblem(source, "no local header at offset " + headerOffset);
      } catch (IOException e) {
        throw unreadable(source, e);
      }
      if (int32(h, 0) != LOCAL_HEADER) {
        throw entryProblem(source, "no local header at offset " + headerOffset);
      }
      int nameLength = uint16(h, 26);
      int localExtraLength = uint16(h, 28);
      long start = headerOffset + LOCAL_SIZE + nameLength + localExtraLength;
      if (start + compressedSize > data.length()) {
        throw entryProblem(
            source,
            "truncated entry: "
                + compressedSize
                + " compressed bytes at offset "
                + start
                + " run past the end of the archive");
      }
      if (!unicodeName) {
        // readers that go by the local header (streaming unzips) must see the same member
        byte[] raw = h;
        int rawAt = LOCAL_SIZE;
        if (LOCAL_SIZE + nameLength > length) {
          raw = new byte[nameLength];
          rawAt = 0;
          try {
            data.readFully(headerOffset + LOCAL_SIZE, raw, 0, nameLength);
          } catch (EOFException e) {
            throw entryProblem(source, "local header at offset " + headerOffset + " is cut short");
          } catch (IOException e) {
            throw unreadable(source, e);
          }
        }
        String local = new String(raw, rawAt, nameLength, StandardCharsets.UTF_8);
        if (!local.equals(name)) {
          throw entryProblem(
              source,
              "local header names '"
                  + printable(local)
                  + "', the central directory '"
                  + printable(name)
                  + "'");
        }
      }
      dataOffset = start;
      return h;
    }

    private FormatException unreadable(String source, IOException e) {
      return new FormatException(source, name, -1, "unreadable entry: " + e.getMessage(), e);
    }

    private FormatException entryProblem(String source, String problem) {
      return new FormatException(source, name, -1, "corrupt zip entry: " + problem);
    }
  }

  /** Reads the central directory: its entries in directory order. */
  static List<Entry> read(Data data, String source) throws FormatException {
    try {
      return entries(data);
    } catch (EOFException e) {
      throw corrupt(source, "truncated: " + e.getMessage());
    } catch (Corrupt e) {
      throw corrupt(source, String.valueOf(e.getMessage()));
    } catch (IOException e) {
      throw new FormatException(source, null, -1, "unreadable zip archive (" + e + ")", e);
    }
  }

  private static FormatException corrupt(String source, String detail) {
    return new FormatException(
        source, null, -1, "corrupt or truncated zip archive (" + detail + ")");
  }

  /** A structural problem; becomes a {@link FormatException} naming the archive. */
  private static final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }
  }

  private static List<Entry> entries(Data data) throws IOException {
    long length = data.length();
    if (length < END_SIZE) {
      throw new Corrupt("no end of central directory record: " + length + " bytes");
    }
    int tailLength = (int) Math.min(length, END_SIZE + MAX_COMMENT + 20L);
    long tailStart = length - tailLength;
    byte[] tail = new byte[tailLength];
    data.readFully(tailStart, tail, 0, tailLength);
    int end = -1;
    for (int i = tailLength - END_SIZE; i >= 0; i--) {
      if (tail[i] == 'P'
          && int32(tail, i) == END
          && i + END_SIZE + uint16(tail, i + 20) <= tailLength) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new Corrupt("no end of central directory record");
    }
    int disk = uint16(tail, end + 4);
    int cdDisk = uint16(tail, end + 6);
    long count = uint16(tail, end + 10);
    long cdSize = uint32(tail, end + 12);
    long cdOffset = uint32(tail, end + 16);
    long endPos = tailStart + end;
    if (end >= 20 && int32(tail, end - 20) == ZIP64_LOCATOR) {
      long z64 = int64(tail, end - 20 + 8);
      if (uint32(tail, end - 20 + 16) > 1 || uint32(tail, end - 20 + 4) != 0) {
        throw new Corrupt("archive spans several disks");
      }
      if (z64 < 0 || z64 > endPos - 20 - 56) {
        throw new Corrupt("ZIP64 end record offset " + z64 + " out of range");
      }
      byte[] r = new byte[56];
      data.readFully(z64, r, 0, 56);
      if (int32(r, 0) != ZIP64_END) {
        throw new Corrupt("no ZIP64 end of central directory record at offset " + z64);
      }
      disk = (int) Math.min(uint32(r, 16), Integer.MAX_VALUE);
      cdDisk = (int) Math.min(uint32(r, 20), Integer.MAX_VALUE);
      count = int64(r, 32);
      cdSize = int64(r, 40);
      cdOffset = int64(r, 48);
      endPos = z64;
    }
    if (disk != 0 || cdDisk != 0) {
      throw new Corrupt("archive spans several disks");
    }
    if (cdSize < 0 || cdOffset < 0 || cdOffset > endPos || cdSize > endPos - cdOffset) {
      throw new Corrupt(
          "central directory of "
              + cdSize
              + " bytes at offset "
              + cdOffset
              + " is outside the archive");
    }
    if (cdSize > Integer.MAX_VALUE - 8 || count < 0 || count > cdSize / CENTRAL_SIZE) {
      throw new Corrupt(
          "central directory of " + cdSize + " bytes cannot hold " + count + " entries");
    }
    byte[] cd = new byte[(int) cdSize];
    data.readFully(cdOffset, cd, 0, cd.length);
    List<Entry> out = new ArrayList<>((int) count);
    int p = 0;
    while (p < cd.length) {
      if (cd.length - p < CENTRAL_SIZE || int32(cd, p) != CENTRAL_HEADER) {
        throw new Corrupt("bad central directory header at offset " + (cdOffset + p));
      }
      int flags = uint16(cd, p + 8);
      int method = uint16(cd, p + 10);
      long crc = uint32(cd, p + 16);
      long csize = uint32(cd, p + 20);
      long size = uint32(cd, p + 24);
      int nameLength = uint16(cd, p + 28);
      int extraLength = uint16(cd, p + 30);
      int commentLength = uint16(cd, p + 32);
      int startDisk = uint16(cd, p + 34);
      long offset = uint32(cd, p + 42);
      int nameAt = p + CENTRAL_SIZE;
      int extraAt = nameAt + nameLength;
      int next = extraAt + extraLength + commentLength;
      if (next > cd.length) {
        throw new Corrupt(
            "central directory entry at offset " + (cdOffset + p) + " runs past its end");
      }
      String name = null;
      boolean zip64Seen = false;
      for (int x = extraAt; x + 4 <= extraAt + extraLength; ) {
        int id = uint16(cd, x);
        int len = uint16(cd, x + 2);
        int body = x + 4;
        if (body + len > extraAt + extraLength) {
          break; // a malformed trailing field: ignored, as other readers do
        }
        if (id == ZIP64_EXTRA && !zip64Seen) {
          zip64Seen = true;
          int q = body;
          if (size == 0xffffffffL) {
            size = field64(cd, q, body + len, "uncompressed size");
            q += 8;
          }
          if (csize == 0xffffffffL) {
            csize = field64(cd, q, body + len, "compressed size");
            q += 8;
          }
          if (offset == 0xffffffffL) {
            offset = field64(cd, q, body + len, "local header offset");
            q += 8;
          }
          if (startDisk == 0xffff && q + 4 <= body + len) {
            startDisk = (int) Math.min(uint32(cd, q), Integer.MAX_VALUE);
          }
        } else if (id == UNICODE_PATH_EXTRA && len >= 5 && cd[body] == 1) {
          CRC32 c = new CRC32();
          c.update(cd, nameAt, nameLength);
          if (c.getValue() == uint32(cd, body + 1)) {
            name = new String(cd, body + 5, len - 5, StandardCharsets.UTF_8);
          }
        }
        x = body + len;
      }
      boolean unicode = name != null;
      if (name == null) {
        name = new String(cd, nameAt, nameLength, StandardCharsets.UTF_8);
      }
      if (startDisk != 0) {
        throw new Corrupt("archive spans several disks");
      }
      if (size < 0 || csize < 0 || offset < 0 || offset > cdOffset - LOCAL_SIZE) {
        throw new Corrupt(
            "entry '" + printable(name) + "' has sizes or an offset outside the archive");
      }
      out.add(
          new Entry(
              name, method, flags, crc, csize, size, offset, unicode, nameLength, extraLength));
      p = next;
    }
    return out;
  }

  private static long field64(byte[] b, int at, int limit, String what) throws Corrupt {
    if (at + 8 > limit) {
      throw new Corrupt("ZIP64 extra field lacks the " + what);
    }
    return int64(b, at);
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 200 ? b.append("…").toString() : b.toString();
  }

  static int uint16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static int int32(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  static long uint32(byte[] b, int i) {
    return int32(b, i) & 0xffffffffL;
  }

  private static long int64(byte[] b, int i) {
    return uint32(b, i) | uint32(b, i + 4) << 32;
  }
}
