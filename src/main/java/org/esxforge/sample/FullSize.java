package org.esxforge.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.esxforge.io.Sha256;
import org.esxforge.model.Checksum;
import org.jspecify.annotations.Nullable;

/**
 * A full-size gzip payload ({@link SampleSize#FULL}): the standard payload's decompressed content
 * followed by deterministic filler, as one gzip member of <em>stored</em> deflate blocks (the
 * filler is incompressible, and stored blocks cost no CPU to make), exactly {@code target} bytes
 * long: what the filler cannot make exact (a stored block's 5-byte header) is made up with spaces
 * after the {@link ModuleTag} in the header's FCOMMENT field, which changes no decompressed byte.
 *
 * <pre>
 * 1f 8b 08 10 00000000 00 ff | tag + spaces, NUL | stored blocks (≤ 65,535 bytes each) | CRC-32 ISIZE
 * </pre>
 *
 * The content's archive (vmtar, ustar or blob) ends where it ended before; readers of the archive
 * stop at its end, so the filler behind it is never installed. The filler is SplitMix64 output
 * seeded from the payload's seed ({@link Drbg}): the same bytes on every JVM, at memory speed. The
 * checksums of every kind, the tag's size and CRC-32 and the gzip trailer are computed in the same
 * pass that writes the bytes.
 *
 * <p>Thread-safe (stateless).
 */
final class FullSize {
  private static final int BLOCK = 65_535;
  private static final int HEADER = 10;
  private static final int TRAILER = 8;

  private FullSize() {}

  /** Makes the module tag for content of {@code size} bytes with this CRC-32. */
  @FunctionalInterface
  interface Tagger {
    String tag(long size, long crc32);
  }

  /** The payload bytes, the decompressed length and the digests by checksum kind. */
  @SuppressWarnings(
      "ArrayRecordComponent") // bytes carried to the VIB writer, never compared or hashed
  record Made(byte[] bytes, long innerLength, Map<String, byte[]> digests) {
    Checksum checksum(String kind) {
      int slash = kind.indexOf('/');
      String type = slash < 0 ? kind : kind.substring(0, slash);
      String process = slash < 0 ? "" : kind.substring(slash + 1);
      return new Checksum(type, process, HexFormat.of().formatHex(digests.get(kind)));
    }
  }

  /**
   * A gzip member of exactly {@code target} bytes whose content starts with {@code content}, or
   * null when {@code target} is too small for that.
   *
   * @param tagger null for an untagged payload
   * @param kinds checksum kinds: {@code sha-256}, {@code sha-1} over the payload, or with {@code
   *     /gunzip} over the content
   */
  static @Nullable Made gzip(
      byte[] content, long target, String seed, @Nullable Tagger tagger, List<String> kinds) {
    if (target > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(seed + ": payload of " + target + " bytes is too large");
    }
    // n (content + filler) and the tag's length depend on each other only through n's digits
    long n = target;
    int tagLength = 0;
    for (int i = 0; i < 4; i++) {
      tagLength = tagger == null ? 0 : tagger.tag(n, 0).length();
      n = largestContent(target - HEADER - tagLength - 1 - TRAILER);
    }
    long room = target - HEADER - 1 - TRAILER;
    tagLength = tagger == null ? 0 : tagger.tag(n, 0).length();
    while (n >= 0 && stored(n) + tagLength > room) {
      n--;
      tagLength = tagger == null ? 0 : tagger.tag(n, 0).length();
    }
    if (n < content.length) {
      return null;
    }
    int commentLength = (int) (room - stored(n));
    if (commentLength < tagLength) {
      throw new IllegalStateException(seed + ": comment " + commentLength + " < tag " + tagLength);
    }
    byte[] out = new byte[(int) target];
    byte[] header = {0x1f, (byte) 0x8b, 8, 0x10, 0, 0, 0, 0, 0, (byte) 0xff};
    System.arraycopy(header, 0, out, 0, HEADER);
    int at = HEADER + commentLength + 1; // the comment is written last, once the CRC is known
    Map<String, MessageDigest> all = new LinkedHashMap<>();
    List<MessageDigest> over = new ArrayList<>();
    List<MessageDigest> ofRaw = new ArrayList<>();
    for (String k : kinds) {
      int slash = k.indexOf('/');
      String type = slash < 0 ? k : k.substring(0, slash);
      MessageDigest md = newDigest(type, seed);
      all.put(k, md);
      if (slash < 0) {
        ofRaw.add(md);
      } else if (k.substring(slash + 1).equals("gunzip")) {
        over.add(md);
      } else {
        throw new IllegalArgumentException(seed + ": no full-size form with checksum " + k);
      }
    }
    CRC32 crc = new CRC32();
    SplitMix filler = new SplitMix(new Drbg(seed + "/full-size filler").nextBytes(8));
    ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    long done = 0;
    do {
      int len = (int) Math.min(BLOCK, n - done);
      boolean last = done + len == n;
      out[at] = (byte) (last ? 1 : 0);
      buf.putShort(at + 1, (short) len);
      buf.putShort(at + 3, (short) ~len);
      int data = at + 5;
      int fromContent = (int) Math.max(0, Math.min(len, content.length - done));
      if (fromContent > 0) {
        System.arraycopy(content, (int) done, out, data, fromContent);
      }
      filler.fill(buf, data + fromContent, len - fromContent);
      crc.update(out, data, len);
      for (MessageDigest md : over) {
        md.update(out, data, len);
      }
      done += len;
      at = data + len;
    } while (done < n);
    buf.putInt(at, (int) crc.getValue());
    buf.putInt(at + 4, (int) n);
    if (at + TRAILER != out.length) {
      throw new IllegalStateException(seed + ": made " + (at + TRAILER) + " of " + target);
    }
    String tag = tagger == null ? "" : tagger.tag(n, crc.getValue());
    byte[] comment =
        (tag + " ".repeat(commentLength - tag.length())).getBytes(StandardCharsets.ISO_8859_1);
    if (comment.length != commentLength) {
      throw new IllegalStateException(seed + ": tag length changed");
    }
    System.arraycopy(comment, 0, out, HEADER, commentLength);
    out[HEADER + commentLength] = 0;
    for (MessageDigest md : ofRaw) {
      md.update(out);
    }
    Map<String, byte[]> digests = new LinkedHashMap<>();
    all.forEach((k, md) -> digests.put(k, md.digest()));
    return new Made(out, n, digests);
  }

  /** The bytes of {@code n} content bytes as stored deflate blocks. */
  static long stored(long n) {
    long blocks = n == 0 ? 1 : (n + BLOCK - 1) / BLOCK;
    return n + 5 * blocks;
  }

  /** The largest content length whose stored form fits in {@code room} bytes (-1 if none). */
  static long largestContent(long room) {
    if (room < 5) {
      return -1;
    }
    long n = room - 5 * ((room + BLOCK - 1) / BLOCK);
    while (n > 0 && stored(n) > room) {
      n--;
    }
    while (stored(n + 1) <= room) {
      n++;
    }
    return Math.max(n, 0);
  }

  private static MessageDigest newDigest(String type, String seed) {
    try {
      return switch (type) {
        case "sha-256" -> Sha256.newDigest();
        case "sha-1" -> MessageDigest.getInstance("SHA-1");
        default -> throw new IllegalArgumentException(seed + ": checksum type " + type);
      };
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SplitMix64 (Steele, Lea, Flood 2014): a fixed, fast, seedable 64-bit generator. */
  static final class SplitMix {
    private long state;

    SplitMix(byte[] seed) {
      for (byte b : seed) {
        state = state << 8 | (b & 0xff);
      }
    }

    long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** Fills {@code len} bytes at {@code at} (little-endian longs, the tail from one more). */
    void fill(ByteBuffer b, int at, int len) {
      int end = at + len;
      int i = at;
      for (; i + 8 <= end; i += 8) {
        b.putLong(i, next());
      }
      if (i < end) {
        long v = next();
        for (; i < end; i++, v >>>= 8) {
          b.put(i, (byte) v);
        }
      }
    }
  }
}
