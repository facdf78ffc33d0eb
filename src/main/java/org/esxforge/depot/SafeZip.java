package org.esxforge.depot;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;
import org.esxforge.io.ChecksumMismatchException;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * A zip read through its central directory ({@link ZipDirectory}; the central directory is
 * authoritative) with the defences a depot reader needs: entry names with {@code ..} segments,
 * absolute paths or drive letters are refused when the zip is opened (path traversal), and so is a
 * name that occurs twice (readers disagree on which copy counts: commons-compress would give the
 * first, {@code unzip} and Python's {@code zipfile}, which ESXi's tools use, the last); an entry
 * whose local header names another member is refused when it is read; every inflated stream is
 * capped at the entry's declared size and {@link DepotOptions#maxEntryBytes()}; entries over 1 MiB
 * whose inflated/compressed ratio exceeds {@link DepotOptions#maxCompressionRatio()} are refused;
 * entries read whole are checked against their CRC-32; and bytes read into memory are capped in
 * total by {@link DepotOptions#maxMetadataBytes()} (zip bombs). Encrypted entries and compression
 * methods other than stored, deflated, deflate64 and bzip2 are refused. All errors are one-line
 * {@link FormatException}s naming the zip and the entry.
 *
 * <p>Thread-safe for reading (positional reads, no shared position). Close it once.
 */
final class SafeZip implements Closeable {
  private static final long RATIO_FLOOR = 1 << 20;

  /**
   * Entries of a local file up to this many compressed bytes are read with their local header in
   * one read (a depot's VIBs are opened once each when the depot is read).
   */
  private static final long SMALL_ENTRY = 64 << 10;

  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  private static final int DEFLATE64 = 9;
  private static final int BZIP2 = 12;

  private final String source;
  private final @Nullable Path file; // null for an in-memory zip
  private final ZipDirectory.Data data;
  private final DepotOptions options;
  private final AtomicLong inMemory;
  private final Map<String, Entry> entries;
  private final List<String> names;

  /**
   * Inflaters to reuse (a metadata zip's 20,000 members, the probe of 20,000 deflated VIBs): a new
   * one per entry costs a native zlib set-up and a cleaner the collector must process. Each is
   * reset when given back, so it never holds an entry's compressed bytes.
   */
  private final ArrayBlockingQueue<Inflater> inflaters = new ArrayBlockingQueue<>(4);

  /** A member of the zip (see {@link ZipDirectory.Entry}). */
  static final class Entry {
    private final ZipDirectory.Entry e;

    private Entry(ZipDirectory.Entry e) {
      this.e = e;
    }

    String getName() {
      return e.getName();
    }

    long getSize() {
      return e.getSize();
    }

    long getCompressedSize() {
      return e.getCompressedSize();
    }

    int getMethod() {
      return e.getMethod();
    }

    boolean isDirectory() {
      return e.isDirectory();
    }
  }

  private SafeZip(
      String source,
      @Nullable Path file,
      ZipDirectory.Data data,
      List<ZipDirectory.Entry> list,
      DepotOptions options,
      AtomicLong budget)
      throws FormatException {
    this.source = source;
    this.file = file;
    this.data = data;
    this.options = options;
    this.inMemory = budget;
    this.entries = new HashMap<>(list.size() * 4 / 3 + 1);
    String[] order = new String[list.size()];
    for (int i = 0; i < order.length; i++) {
      ZipDirectory.Entry e = list.get(i);
      checkName(e.getName());
      checkDeclaredSize(e);
      if (entries.putIfAbsent(e.getName(), new Entry(e)) != null) {
        throw new FormatException(
            source,
            null,
            -1,
            "duplicate zip entry '"
                + e.getName()
                + "' (tools disagree on which copy counts: unzip and Python take the last)");
      }
      order[i] = e.getName();
    }
    this.names = List.of(order);
  }

  /** Opens a local zip file. */
  static SafeZip open(Path file, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    ZipDirectory.Data d;
    try {
      d = new ZipDirectory.FileData(file);
    } catch (IOException | RuntimeException e) {
      throw corrupt(source, e);
    }
    return wrap(source, file, d, options, budget);
  }

  /** Opens an in-memory zip (a metadata zip); the array is let go of on close. */
  static SafeZip open(byte[] bytes, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    return wrap(source, null, new ZipDirectory.ArrayData(bytes), options, budget);
  }

  private static SafeZip wrap(
      String source, @Nullable Path file, ZipDirectory.Data d, DepotOptions o, AtomicLong b)
      throws IOException {
    try {
      return new SafeZip(source, file, d, ZipDirectory.read(d, source), o, b);
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private static FormatException corrupt(String source, Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return new FormatException(
        source,
        null,
        -1,
        "corrupt or truncated zip archive (" + (nl < 0 ? m : m.substring(0, nl)).trim() + ")",
        e);
  }

  /**
   * Refuses an absolute name, a drive letter, a NUL and any ".." segment ('\\' counts as '/'), in
   * one pass over the name (a depot zip has 20,000 and more).
   */
  private void checkName(String name) throws FormatException {
    int n = name.length();
    boolean bad =
        n >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0)); // a drive letter
    int segmentStart = 0;
    for (int i = 0; i <= n && !bad; i++) {
      char c = i < n ? name.charAt(i) : '/';
      if (c == '/' || c == '\\') {
        bad = (i == 0 && n > 0) || (i - segmentStart == 2 && name.startsWith("..", segmentStart));
        segmentStart = i + 1;
      } else if (c == '\0') {
        bad = true;
      }
    }
    if (bad) {
      throw new FormatException(
          source,
          null,
          -1,
          "unsafe zip entry name '" + name + "' (absolute path or '..': path traversal)");
    }
  }

  private void checkDeclaredSize(ZipDirectory.Entry e) throws FormatException {
    long size = e.getSize();
    long packed = e.getCompressedSize();
    if (size > options.maxEntryBytes()) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "entry of " + size + " bytes exceeds the limit of " + options.maxEntryBytes() + " bytes");
    }
    if (size > RATIO_FLOOR && packed > 0 && size / packed > options.maxCompressionRatio()) {
      throw bomb(e.getName(), size, packed);
    }
  }

  private FormatException bomb(String entry, long size, long packed) {
    return new FormatException(
        source,
        entry,
        -1,
        "compression ratio "
            + (size / Math.max(1, packed))
            + ":1 exceeds "
            + options.maxCompressionRatio()
            + ":1 ("
            + size
            + " bytes from "
            + packed
            + "; zip bomb?)");
  }

  String source() {
    return source;
  }

  /** The local file, or null for an in-memory zip. */
  @Nullable Path file() {
    return file;
  }

  /** Entry names in central-directory order (an immutable list). */
  List<String> names() {
    return names;
  }

  @Nullable Entry entry(String name) {
    return entries.get(name);
  }

  /** A bounded, ratio-checked stream over an entry's inflated bytes. */
  InputStream open(Entry entry) throws IOException {
    ZipDirectory.Entry e = entry.e;
    InputStream raw;
    if (e.dataOffsetKnown() || e.getCompressedSize() > SMALL_ENTRY || data.array() != null) {
      raw = new RegionStream(data, dataStart(e), e.getCompressedSize());
    } else {
      checkReadable(e);
      byte[] block = e.readWithData(data, source); // the local header and the data, in one read
      long start = e.dataOffset(data, source);
      long at = start - e.headerOffset();
      raw =
          at + e.getCompressedSize() <= block.length
              ? new ByteArrayInputStream(block, (int) at, (int) e.getCompressedSize())
              : new RegionStream(data, start, e.getCompressedSize());
    }
    try {
      switch (e.getMethod()) {
        case STORED -> {}
        case DEFLATED -> raw = new Inflating(raw, e.getCompressedSize(), inflater());
        case DEFLATE64 -> raw = new Deflate64CompressorInputStream(raw);
        case BZIP2 -> raw = new BZip2CompressorInputStream(raw);
        default -> throw new IllegalStateException("checked by dataStart");
      }
    } catch (IOException | RuntimeException ex) {
      throw new FormatException(source, e.getName(), -1, "corrupt zip entry: " + firstLine(ex), ex);
    }
    return new Guard(raw, e);
  }

  /**
   * Where an entry's data starts; refuses what cannot be read: encryption, an unknown compression
   * method, a stored entry whose two sizes differ, a local header that names another member.
   */
  private long dataStart(ZipDirectory.Entry e) throws FormatException {
    checkReadable(e);
    return e.dataOffset(data, source);
  }

  /**
   * Refuses what cannot be read: encryption, an unknown compression method, a stored entry whose
   * two sizes differ.
   */
  private void checkReadable(ZipDirectory.Entry e) throws FormatException {
    if ((e.flags() & ZipDirectory.FLAG_ENCRYPTED) != 0) {
      throw new FormatException(source, e.getName(), -1, "unsupported zip entry: encrypted");
    }
    int m = e.getMethod();
    if (m != STORED && m != DEFLATED && m != DEFLATE64 && m != BZIP2) {
      throw new FormatException(
          source, e.getName(), -1, "unsupported zip entry: compression method " + m);
    }
    if (m == STORED && e.getSize() != e.getCompressedSize()) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "corrupt zip entry: stored with "
              + e.getCompressedSize()
              + " bytes but declares "
              + e.getSize());
    }
  }

  /** Reads a whole entry into memory, charging it to the depot's metadata budget. */
  byte[] read(Entry entry, long maxBytes) throws IOException {
    ZipDirectory.Entry e = entry.e;
    long declared = e.getSize();
    if (declared > maxBytes) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "entry of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    byte[] b;
    if (e.getMethod() == DEFLATED || e.getMethod() == STORED) {
      b = readWhole(e, declared);
    } else {
      try (InputStream in = open(entry)) {
        b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      }
      if (b.length != declared) {
        throw new FormatException(
            source,
            e.getName(),
            -1,
            "corrupt zip entry: inflated " + b.length + " of " + declared + " bytes");
      }
    }
    if (b.length > maxBytes) {
      throw new FormatException(
          source, e.getName(), -1, "entry larger than the limit of " + maxBytes + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(b);
    if (crc.getValue() != e.crc()) {
      throw new ChecksumMismatchException(
          source,
          e.getName(),
          "CRC-32",
          String.format("%08x", e.crc()),
          String.format("%08x", crc.getValue()));
    }
    if (inMemory.addAndGet(b.length) > options.maxMetadataBytes()) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "depot metadata exceeds the limit of "
              + options.maxMetadataBytes()
              + " bytes inflated (zip bomb?)");
    }
    return b;
  }

  /**
   * Reads a stored entry, or inflates a deflated one in one call with its own {@link Inflater}: no
   * more than the declared size is ever produced (zip bombs stop there), and a short or overlong
   * stream is an error. Much cheaper than a stream per entry for 20,000 small members.
   */
  private byte[] readWhole(ZipDirectory.Entry e, long declared) throws IOException {
    long start = dataStart(e);
    long packed = e.getCompressedSize();
    if (packed > Integer.MAX_VALUE - 8 || declared > Integer.MAX_VALUE - 8) {
      throw new FormatException(
          source, e.getName(), -1, "entry of " + declared + " bytes is too large to hold");
    }
    byte[] raw = data.array(); // an in-memory zip is inflated in place, without a copy
    int rawStart = (int) start;
    if (raw == null || e.getMethod() == STORED) {
      raw = new byte[(int) packed];
      rawStart = 0;
      try {
        data.readFully(start, raw, 0, raw.length);
      } catch (IOException ex) {
        throw new FormatException(
            source, e.getName(), -1, "unreadable entry: " + firstLine(ex), ex);
      }
      if (e.getMethod() == STORED) {
        return raw;
      }
    }
    Inflater inflater = inflater();
    try {
      inflater.setInput(raw, rawStart, (int) packed);
      byte[] out = new byte[(int) declared];
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int k = inflater.inflate(out, n, out.length - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (n != out.length) {
        throw new FormatException(
            source,
            e.getName(),
            -1,
            "corrupt zip entry: inflated " + n + " of " + declared + " bytes");
      }
      if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
        throw new FormatException(
            source,
            e.getName(),
            -1,
            "inflates beyond its declared size of " + declared + " bytes (zip bomb?)");
      }
      return out;
    } catch (DataFormatException ex) {
      throw new FormatException(
          source, e.getName(), -1, "corrupt zip entry: " + ex.getMessage(), ex);
    } finally {
      giveBack(inflater);
    }
  }

  private Inflater inflater() {
    Inflater i = inflaters.poll();
    return i != null ? i : new Inflater(true);
  }

  private void giveBack(Inflater i) {
    i.reset();
    if (!inflaters.offer(i)) {
      i.end();
    }
  }

  /**
   * The region of a STORED entry in the local zip file, if there is one; none when the entry is
   * unreadable ({@link #open} then reports why).
   */
  @Nullable LocalRegion region(Entry entry) {
    ZipDirectory.Entry e = entry.e;
    if (file == null || e.getMethod() != STORED) {
      return null;
    }
    try {
      return new LocalRegion(file, dataStart(e), e.getSize());
    } catch (FormatException ex) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    for (Inflater i = inflaters.poll(); i != null; i = inflaters.poll()) {
      i.end();
    }
    data.close();
  }

  private static String firstLine(Exception ex) {
    return String.valueOf(ex.getMessage()).split("\n", -1)[0];
  }

  /**
   * Reads a range of the zip by position: small reads are served from a buffer of at most 8 KiB,
   * large ones go straight to the data. Not thread-safe (one per opened entry).
   */
  private static final class RegionStream extends InputStream {
    private final ZipDirectory.Data data;
    private long pos;
    private long remaining;
    private byte @Nullable [] buf;
    private int bufPos;
    private int bufEnd;

    RegionStream(ZipDirectory.Data data, long start, long length) {
      this.data = data;
      this.pos = start;
      this.remaining = length;
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
      if (bufPos < bufEnd) {
        int n = Math.min(len, bufEnd - bufPos);
        System.arraycopy(buf, bufPos, b, off, n);
        bufPos += n;
        return n;
      }
      if (remaining == 0) {
        return -1;
      }
      if (len >= 8192) {
        int n = (int) Math.min(len, remaining);
        data.readFully(pos, b, off, n);
        pos += n;
        remaining -= n;
        return n;
      }
      byte[] bb = buf;
      if (bb == null) {
        bb = new byte[(int) Math.min(8192, remaining)];
        buf = bb;
      }
      int fill = (int) Math.min(bb.length, remaining);
      data.readFully(pos, bb, 0, fill);
      pos += fill;
      remaining -= fill;
      bufPos = 0;
      bufEnd = fill;
      int n = Math.min(len, fill);
      System.arraycopy(bb, 0, b, off, n);
      bufPos = n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, bufEnd - bufPos + remaining);
    }
  }

  /**
   * Inflates raw deflate data with an {@link Inflater} of the zip's, given back on close. Like the
   * JDK's zip reader, it feeds the inflater one dummy byte after the data ends (zlib may need it to
   * finish).
   */
  private final class Inflating extends InflaterInputStream {
    private boolean dummySent;
    private boolean closed;

    /**
     * @param compressedSize the entry's compressed size: the buffer holds compressed bytes, so an
     *     entry smaller than the largest buffer needs no more than that
     */
    Inflating(InputStream raw, long compressedSize, Inflater inflater) {
      super(raw, inflater, (int) Math.max(512, Math.min(compressedSize, 8192)));
    }

    @Override
    protected void fill() throws IOException {
      len = in.read(buf, 0, buf.length);
      if (len < 0) {
        if (dummySent) {
          throw new EOFException("unexpected end of deflated data");
        }
        dummySent = true;
        buf[0] = 0;
        len = 1;
      }
      inf.setInput(buf, 0, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        super.close();
      } finally {
        giveBack(inf);
      }
    }
  }

  /** Caps inflated bytes at the declared size (and entry limit) and checks the ratio. */
  private final class Guard extends FilterInputStream {
    private final ZipDirectory.Entry e;
    private final long cap;
    private long count;

    Guard(InputStream in, ZipDirectory.Entry e) {
      super(in);
      this.e = e;
      long declared = e.getSize();
      this.cap =
          declared >= 0 ? Math.min(declared, options.maxEntryBytes()) : options.maxEntryBytes();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException | RuntimeException ex) {
        if (ex instanceof FormatException fe) {
          throw fe;
        }
        throw new FormatException(
            source, e.getName(), -1, "corrupt zip entry: " + firstLine(ex), ex);
      }
      if (n > 0) {
        count += n;
        if (count > cap) {
          throw new FormatException(
              source,
              e.getName(),
              -1,
              "inflates beyond its declared size of " + cap + " bytes (zip bomb?)");
        }
        long packed = e.getCompressedSize();
        if (count > RATIO_FLOOR && packed > 0 && count / packed > options.maxCompressionRatio()) {
          throw bomb(e.getName(), count, packed);
        }
      }
      return n;
    }
  }
}
