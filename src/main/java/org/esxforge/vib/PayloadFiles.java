package org.esxforge.vib;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.esxforge.io.FormatException;

/**
 * Reads chosen files out of a {@code vgz}, {@code tgz} or {@code vzstd} payload in one streaming
 * pass (docs/formats.md §4.3, §4.5): gunzip, for {@code vzstd} then zstd, then either VMware's
 * vmtar (all headers first, each file's data at the absolute offset its header records) or a plain
 * ustar archive (header, data, header, data…). The inner format is recognised by the {@code "visor
 * "} magic of the first header, not by the payload type: community {@code tgz} payloads are plain
 * tar and VMware's {@code vgz} ones vmtar, but nothing forbids either.
 *
 * <p>Only files whose path (without a leading {@code ./}) the predicate accepts are kept, each at
 * most {@code maxFileBytes}; the rest is skipped without buffering. The decompressed stream is
 * bounded by {@link PayloadChecksums#ratioLimit} of the raw size, so a payload crafted as a
 * decompression bomb fails with one line instead of running for ever.
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadFiles {
  private static final int BLOCK = 512;

  private PayloadFiles() {}

  /** Whether {@code type} is a payload kind this reader opens. */
  public static boolean readable(String type) {
    return type.equals("vgz") || type.equals("tgz") || type.equals("vzstd");
  }

  /**
   * The accepted files of one payload, path to bytes, sorted by path.
   *
   * @param raw the payload member's bytes, exactly as stored in the VIB (not closed here)
   * @param rawSize the member size, for the decompression bound
   * @param source names the payload in messages, e.g. {@code x.vib!payload net55-r8}
   */
  public static Map<String, byte[]> read(
      String type,
      InputStream raw,
      long rawSize,
      Predicate<String> wanted,
      int maxFileBytes,
      String source)
      throws IOException {
    if (!readable(type)) {
      throw new IllegalArgumentException("not an archive payload type: " + type);
    }
    InputStream gunzip = new GZIPInputStream(new NonClosing(raw), 1 << 16);
    InputStream inner =
        type.equals("vzstd") ? new ZstdInputStream(new ZstdWindowClamp(gunzip)) : gunzip;
    Bounded in =
        new Bounded(
            new BufferedInputStream(inner, 1 << 16), PayloadChecksums.ratioLimit(rawSize), source);
    try {
      byte[] first = new byte[BLOCK];
      int n = in.readNBytes(first, 0, BLOCK);
      if (n == 0) {
        return Map.of();
      }
      if (n < BLOCK) {
        throw new FormatException(source, null, 0, "archive truncated: " + n + " of 512 bytes");
      }
      return isVmtar(first)
          ? vmtar(in, first, wanted, maxFileBytes, source)
          : ustar(in, first, wanted, maxFileBytes, source);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new FormatException(source, null, 0, "does not decompress: " + e.getMessage());
    } catch (RuntimeException e) {
      // the pure-Java zstd decoder reports corrupt input as unchecked exceptions
      throw new FormatException(source, null, 0, "does not decompress: " + e.getMessage());
    }
  }

  private static boolean isVmtar(byte[] h) {
    return new String(h, 257, 6, StandardCharsets.US_ASCII).equals("visor ");
  }

  private record Wanted(String path, long offset, long size) {}

  private static Map<String, byte[]> vmtar(
      Bounded in, byte[] first, Predicate<String> wanted, int max, String source)
      throws IOException {
    List<Wanted> files = new ArrayList<>();
    byte[] h = first;
    while (!zero(h)) {
      checkHeader(h, in.position() - BLOCK, source);
      char type = (char) h[156];
      if (type == '0' || type == '7' || type == 0) {
        String path = name(h);
        long size = octal(h, 124, 12, source, in.position() - BLOCK);
        long offset = intLe(h, 496);
        if (wanted.test(path)) {
          if (size > max) {
            throw new FormatException(
                source,
                null,
                in.position() - BLOCK,
                "'" + path + "' is " + size + " bytes, over the " + max + "-byte limit");
          }
          files.add(new Wanted(path, offset, size));
        }
      }
      h = in.readNBytes(BLOCK);
      if (h.length < BLOCK) {
        throw new FormatException(
            source, null, in.position(), "vmtar header truncated: " + h.length + " of 512 bytes");
      }
    }
    files.sort(Comparator.comparingLong(Wanted::offset));
    Map<String, byte[]> out = new TreeMap<>();
    for (Wanted w : files) {
      if (w.offset() < in.position()) {
        throw new FormatException(
            source,
            null,
            in.position(),
            "vmtar data of '"
                + w.path()
                + "' at offset "
                + w.offset()
                + " overlaps the headers or another file");
      }
      in.skipNBytes(w.offset() - in.position());
      byte[] data = in.readNBytes((int) w.size());
      if (data.length < w.size()) {
        throw new FormatException(
            source,
            null,
            in.position(),
            "vmtar truncated in '" + w.path() + "': " + data.length + " of " + w.size() + " bytes");
      }
      out.put(w.path(), data);
    }
    return out;
  }

  private static Map<String, byte[]> ustar(
      Bounded in, byte[] first, Predicate<String> wanted, int max, String source)
      throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    byte[] h = first;
    String longName = null;
    while (!zero(h)) {
      long at = in.position() - BLOCK;
      checkHeader(h, at, source);
      char type = (char) h[156];
      long size = octal(h, 124, 12, source, at);
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      String path = longName != null ? longName : name(h);
      longName = null;
      if (type == 'L') { // GNU long name: the next header's name is this entry's data
        if (size > 4096) {
          throw new FormatException(source, null, at, "GNU long name of " + size + " bytes");
        }
        byte[] n = in.readNBytes((int) size);
        in.skipNBytes(padded - size);
        longName = strip(new String(n, StandardCharsets.UTF_8));
      } else if ((type == '0' || type == 0) && wanted.test(path)) {
        if (size > max) {
          throw new FormatException(
              source,
              null,
              at,
              "'" + path + "' is " + size + " bytes, over the " + max + "-byte limit");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
          throw new FormatException(
              source,
              null,
              in.position(),
              "tar truncated in '" + path + "': " + data.length + " of " + size + " bytes");
        }
        out.put(path, data);
        in.skipNBytes(padded - size);
      } else {
        in.skipNBytes(padded);
      }
      h = in.readNBytes(BLOCK);
      if (h.length == 0) {
        break; // some writers omit the end-of-archive blocks
      }
      if (h.length < BLOCK) {
        throw new FormatException(
            source, null, in.position(), "tar header truncated: " + h.length + " of 512 bytes");
      }
    }
    return out;
  }

  private static void checkHeader(byte[] h, long at, String source) throws FormatException {
    long stored = octal(h, 148, 8, source, at);
    // like GNU tar, accept the sum over unsigned or over signed bytes: VMware's vmtar writer sums
    // signed bytes (real: the 7.0 NVMe community payload, whose data offsets hold bytes >= 0x80)
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      unsigned += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
      signed += i >= 148 && i < 156 ? ' ' : h[i];
    }
    long sum = unsigned;
    if (stored != unsigned && stored != signed) {
      throw new FormatException(
          source,
          null,
          at,
          "archive header checksum " + stored + " does not match its bytes (" + sum + ")");
    }
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    String prefix =
        new String(h, 257, 6, StandardCharsets.US_ASCII).startsWith("ustar")
            ? cString(h, 345, 155)
            : "";
    return strip(prefix.isEmpty() ? name : prefix + "/" + name);
  }

  private static String strip(String p) {
    String s = p;
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    return s;
  }

  private static String cString(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] h, int off, int len, String source, long at)
      throws FormatException {
    long v = 0;
    boolean digits = false;
    for (int i = off; i < off + len; i++) {
      int c = h[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (digits) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new FormatException(source, null, at, "archive header holds a non-octal number");
      }
      digits = true;
      v = v * 8 + (c - '0');
    }
    return v;
  }

  private static long intLe(byte[] h, int off) {
    return (h[off] & 0xffL)
        | (h[off + 1] & 0xffL) << 8
        | (h[off + 2] & 0xffL) << 16
        | (h[off + 3] & 0xffL) << 24;
  }

  private static boolean zero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts what it reads and refuses to read past {@code limit} decompressed bytes. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final long limit;
    private final String source;
    private long position;

    Bounded(InputStream in, long limit, String source) {
      this.in = in;
      this.limit = limit;
      this.source = source;
    }

    long position() {
      return position;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        position += n;
        if (position > limit) {
          throw new FormatException(
              source,
              null,
              -1,
              "decompresses to more than " + limit + " bytes (a decompression bomb?)");
        }
      }
      return n;
    }
  }

  /** Keeps the caller's stream open when the decompressors are closed. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
