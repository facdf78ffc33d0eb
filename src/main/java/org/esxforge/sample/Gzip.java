package org.esxforge.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Deterministic gzip (RFC 1952) as VMware's payloads have it: header {@code 1f8b 08 00 00000000 02
 * ff} (no file name, mtime 0, XFL 2 = maximum compression, OS 255 = unknown, as in the real 8.0U3
 * fling payload), deflate level 9, CRC-32 and ISIZE trailer.
 *
 * <p>Thread-safe (stateless).
 */
final class Gzip {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff};

  private Gzip() {}

  static byte[] gzip(byte[] data) {
    return gzip(data, "");
  }

  /**
   * Like {@link #gzip(byte[])}; a non-empty {@code comment} (ISO-8859-1, no NUL) is written as the
   * header's FCOMMENT field (flag 0x10, RFC 1952 §2.3.1), which leaves the compressed data, the
   * trailer and every gunzip checksum unchanged.
   */
  static byte[] gzip(byte[] data, String comment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64 + comment.length());
    if (comment.isEmpty()) {
      out.writeBytes(HEADER);
    } else {
      if (comment.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("gzip comment holds a NUL");
      }
      byte[] h = HEADER.clone();
      h[3] = 0x10;
      out.writeBytes(h);
      out.writeBytes(comment.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.write(0);
    }
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(data);
      d.finish();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        int n = d.deflate(buf);
        out.write(buf, 0, n);
      }
    } finally {
      d.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, data.length);
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
