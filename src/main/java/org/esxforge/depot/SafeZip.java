package org.esxforge.depot;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * A zip read through commons-compress {@link ZipFile} (the central directory is authoritative) with
 * the defences a depot reader needs: entry names with {@code ..} segments, absolute paths or drive
 * letters are refused when the zip is opened (path traversal), and so is a name that occurs twice
 * (readers disagree on which copy counts: commons-compress would give the first, {@code unzip} and
 * Python's {@code zipfile}, which ESXi's tools use, the last); every inflated stream is capped at
 * the entry's declared size and {@link DepotOptions#maxEntryBytes()}; entries over 1 MiB whose
 * inflated/compressed ratio exceeds {@link DepotOptions#maxCompressionRatio()} are refused; and
 * bytes read into memory are capped in total by {@link DepotOptions#maxMetadataBytes()} (zip
 * bombs). All errors are one-line {@link FormatException}s naming the zip and the entry.
 *
 * <p>Thread-safe for reading (commons-compress synchronises on the channel). Close it once.
 */
final class SafeZip implements Closeable {
  private static final long RATIO_FLOOR = 1 << 20;

  private final String source;
  private final @Nullable Path file; // null for an in-memory zip
  private final ZipFile zip;
  private final DepotOptions options;
  private final AtomicLong inMemory;
  private final Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
  private @Nullable Inflater inflater; // guarded by this

  private SafeZip(
      String source, @Nullable Path file, ZipFile zip, DepotOptions options, AtomicLong budget)
      throws FormatException {
    this.source = source;
    this.file = file;
    this.zip = zip;
    this.options = options;
    this.inMemory = budget;
    for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
      checkName(e.getName());
      checkDeclaredSize(e);
      if (entries.putIfAbsent(e.getName(), e) != null) {
        throw new FormatException(
            source,
            null,
            -1,
            "duplicate zip entry '"
                + e.getName()
                + "' (tools disagree on which copy counts: unzip and Python take the last)");
      }
    }
  }

  /** Opens a local zip file. */
  static SafeZip open(Path file, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    ZipFile z;
    try {
      z = ZipFile.builder().setPath(file).setUseUnicodeExtraFields(true).get();
    } catch (IOException | RuntimeException e) {
      throw corrupt(source, e);
    }
    return wrap(source, file, z, options, budget);
  }

  /** Opens an in-memory zip (a metadata zip). */
  static SafeZip open(byte[] bytes, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    ZipFile z;
    try {
      z = ZipFile.builder().setSeekableByteChannel(new ByteArrayChannel(bytes)).get();
    } catch (IOException | RuntimeException e) {
      throw corrupt(source, e);
    }
    return wrap(source, null, z, options, budget);
  }

  private static SafeZip wrap(
      String source, @Nullable Path file, ZipFile z, DepotOptions o, AtomicLong b)
      throws IOException {
    try {
      return new SafeZip(source, file, z, o, b);
    } catch (IOException | RuntimeException e) {
      z.close();
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

  private void checkName(String name) throws FormatException {
    String n = name.replace('\\', '/');
    boolean drive = n.length() >= 2 && n.charAt(1) == ':' && Character.isLetter(n.charAt(0));
    boolean bad =
        n.startsWith("/")
            || drive
            || n.indexOf('\0') >= 0
            || n.equals("..")
            || n.startsWith("../")
            || n.endsWith("/..")
            || n.contains("/../");
    if (bad) {
      throw new FormatException(
          source,
          null,
          -1,
          "unsafe zip entry name '" + name + "' (absolute path or '..': path traversal)");
    }
  }

  private void checkDeclaredSize(ZipArchiveEntry e) throws FormatException {
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

  /** Entry names in central-directory order. */
  List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  @Nullable ZipArchiveEntry entry(String name) {
    return entries.get(name);
  }

  /** A bounded, ratio-checked stream over an entry's inflated bytes. */
  InputStream open(ZipArchiveEntry e) throws IOException {
    InputStream raw;
    try {
      raw = zip.getInputStream(e);
    } catch (IOException | RuntimeException ex) {
      throw new FormatException(
          source, e.getName(), -1, "unreadable entry: " + ex.getMessage(), ex);
    }
    if (raw == null) {
      throw new FormatException(source, e.getName(), -1, "unsupported zip entry");
    }
    return new Guard(raw, e);
  }

  /** Reads a whole entry into memory, charging it to the depot's metadata budget. */
  byte[] read(ZipArchiveEntry e, long maxBytes) throws IOException {
    long declared = e.getSize();
    if (declared > maxBytes) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "entry of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    byte[] b =
        e.getMethod() == ZipMethod.DEFLATED.getCode() && declared >= 0
            ? inflate(e, declared)
            : null;
    if (b == null) {
      try (InputStream in = open(e)) {
        b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      }
    }
    if (b.length > maxBytes) {
      throw new FormatException(
          source, e.getName(), -1, "entry larger than the limit of " + maxBytes + " bytes");
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
   * Inflates a DEFLATED entry of known size in one call with a reused {@link Inflater}: no more
   * than the declared size is ever produced (zip bombs stop there), and a short or overlong stream
   * is an error. Much cheaper than a stream per entry for 20,000 small members.
   */
  private synchronized byte @Nullable [] inflate(ZipArchiveEntry e, long declared)
      throws IOException {
    long packed = e.getCompressedSize();
    if (packed < 0 || packed > Integer.MAX_VALUE - 8 || declared > Integer.MAX_VALUE - 8) {
      return null;
    }
    byte[] raw;
    try (InputStream in = zip.getRawInputStream(e)) {
      raw = in == null ? null : in.readNBytes((int) packed);
    } catch (IOException | RuntimeException ex) {
      throw new FormatException(
          source, e.getName(), -1, "unreadable entry: " + ex.getMessage(), ex);
    }
    if (raw == null || raw.length != packed) {
      throw new FormatException(
          source,
          e.getName(),
          -1,
          "truncated entry: "
              + (raw == null ? 0 : raw.length)
              + " of "
              + packed
              + " compressed bytes");
    }
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    inflater.reset();
    inflater.setInput(raw);
    byte[] out = new byte[(int) declared];
    try {
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
    } catch (DataFormatException ex) {
      throw new FormatException(
          source, e.getName(), -1, "corrupt zip entry: " + ex.getMessage(), ex);
    } finally {
      // the Inflater keeps its input array until the next reset: without this, the compressed
      // bytes of the last entry (a 40,000-VIB depot's metadata.zip: 21 MB) stay reachable for as
      // long as the zip is open
      inflater.reset();
    }
    return out;
  }

  /** The region of a STORED entry in the local zip file, if there is one. */
  @Nullable LocalRegion region(ZipArchiveEntry e) {
    if (file == null
        || e.getMethod() != ZipMethod.STORED.getCode()
        || !e.isStreamContiguous()
        || e.getDataOffset() < 0) {
      return null;
    }
    return new LocalRegion(file, e.getDataOffset(), e.getSize());
  }

  @Override
  public synchronized void close() throws IOException {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
    zip.close();
  }

  /** Caps inflated bytes at the declared size (and entry limit) and checks the ratio. */
  private final class Guard extends FilterInputStream {
    private final ZipArchiveEntry e;
    private final long cap;
    private long count;

    Guard(InputStream in, ZipArchiveEntry e) {
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
            source,
            e.getName(),
            -1,
            "corrupt zip entry: " + String.valueOf(ex.getMessage()).split("\n")[0],
            ex);
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
