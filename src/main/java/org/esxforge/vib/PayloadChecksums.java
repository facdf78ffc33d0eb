package org.esxforge.vib;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.esxforge.io.ScratchBuffers;
import org.esxforge.io.Sha256;
import org.esxforge.model.Checksum;
import org.esxforge.model.Payload;
import org.jspecify.annotations.Nullable;

/**
 * Checks a payload's bytes against every checksum its descriptor declares (docs/formats.md §4.4),
 * reading the member once: the raw bytes feed the raw digests and a gunzip stream; the gunzipped
 * bytes feed the {@code sha-256-gunzip1} digests and, for {@code vzstd}, a zstd decoder whose
 * output feeds the {@code verify-process="gunzip"} digests (for other types the gunzipped bytes are
 * already the fully decompressed ones).
 *
 * <p>{@code verify-process="txt-mle"} (a TXT measurement of the boot loader) cannot be recomputed
 * from the payload alone: it is reported {@link Outcome#NOT_CHECKABLE}, never pass or fail. So are
 * unknown checksum types and verify processes.
 *
 * <p>Zip-bomb guard: decompressed output is limited to the declared {@code uncompressed-size} when
 * present (any byte beyond is a failure), else to {@link #ratioLimit} = max(256 MiB, 128 × raw
 * size), capped at 16 GiB; the intermediate zstd stream of a {@code vzstd} payload may exceed that
 * by zstd's worst-case expansion (1/128 + 64 KiB). Memory stays flat (64 KiB buffers).
 *
 * <p>vzstd: 9.0 frames declare a 128 MiB window, over the 8 MiB the pure-Java decoder accepts;
 * {@link ZstdWindowClamp} makes content up to 8 MiB decodable exactly. When longer content really
 * uses the big window the decoder stops with an error, and the fully-decompressed checksums are
 * reported NOT_CHECKABLE with that reason (the raw and {@code sha-256-gunzip1} digests still cover
 * every byte, so nothing unverified slips through as a pass).
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadChecksums {
  static final long MIN_LIMIT = 256L << 20;
  static final long RATIO = 128;
  static final long MAX_LIMIT = 16L << 30;

  private PayloadChecksums() {}

  /** The outcome for one declared checksum. */
  public enum Outcome {
    PASS,
    FAIL,
    /** Informational: the value cannot be recomputed here (txt-mle, unknown kinds). */
    NOT_CHECKABLE
  }

  /**
   * One declared checksum and what was found.
   *
   * @param actualHex the computed digest, "" when not computed
   * @param note why it failed or was not checkable, "" on pass
   */
  public record Result(Checksum checksum, Outcome outcome, String actualHex, String note) {
    public Result {
      Objects.requireNonNull(checksum, "checksum");
      Objects.requireNonNull(outcome, "outcome");
      actualHex = actualHex == null ? "" : actualHex;
      note = note == null ? "" : note;
    }

    /** e.g. {@code sha-256}, {@code sha-256/gunzip}. */
    public String label() {
      return checksum.type()
          + (checksum.verifyProcess().isEmpty() ? "" : "/" + checksum.verifyProcess());
    }
  }

  /**
   * All results for one payload.
   *
   * @param rawSize bytes read from the member
   * @param uncompressedSize fully decompressed byte count, -1 when not decompressed
   * @param problems short phrases naming the payload, empty when everything checkable passed
   */
  public record PayloadResult(
      String payload,
      long rawSize,
      long uncompressedSize,
      List<Result> results,
      List<String> problems) {
    public PayloadResult {
      results = List.copyOf(results);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * A read buffer for about {@code byteCount} bytes: 512 bytes to 64 KiB. Payloads of small VIBs
   * are a few KiB or less; 64 KiB buffers for each of them were most of the bytes a 20,000-VIB
   * build allocated, and 4 KiB ones for its 64-byte payloads still a fifth of its verification's.
   */
  static int bufferFor(long byteCount) {
    return (int) Math.max(512, Math.min(1 << 16, byteCount + 1));
  }

  /** The decompression limit used when the payload declares no uncompressed-size. */
  public static long ratioLimit(long rawSize) {
    long byRatio = rawSize > MAX_LIMIT / RATIO ? MAX_LIMIT : rawSize * RATIO;
    return Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, byRatio));
  }

  /**
   * Reads {@code raw} (the ar member data, not closed) to its end and checks {@code payload}'s
   * checksums and size. I/O errors of {@code raw} propagate; decoding errors become problems.
   */
  public static PayloadResult verify(Payload payload, InputStream raw) throws IOException {
    Map<Checksum, MessageDigest> rawSums = new LinkedHashMap<>();
    Map<Checksum, MessageDigest> layer1Sums = new LinkedHashMap<>();
    Map<Checksum, MessageDigest> fullSums = new LinkedHashMap<>();
    List<Result> fixed = new ArrayList<>();
    for (Checksum c : payload.checksums()) {
      MessageDigest md = digest(c.type());
      String vp = c.verifyProcess();
      if (md == null) {
        fixed.add(new Result(c, Outcome.NOT_CHECKABLE, "", "unknown checksum type"));
      } else if (vp.equals("txt-mle")) {
        fixed.add(
            new Result(
                c,
                Outcome.NOT_CHECKABLE,
                "",
                "TXT MLE measurement, cannot be recomputed from the payload"));
      } else if (c.type().equals("sha-256-gunzip1") && vp.isEmpty()) {
        layer1Sums.put(c, md);
      } else if (vp.isEmpty()) {
        rawSums.put(c, md);
      } else if (vp.equals("gunzip")) {
        fullSums.put(c, md);
      } else {
        fixed.add(new Result(c, Outcome.NOT_CHECKABLE, "", "unknown verify-process '" + vp + "'"));
      }
    }
    boolean zstd = payload.type().equals("vzstd");
    long limit =
        payload.uncompressedSize() >= 0 ? payload.uncompressedSize() : ratioLimit(payload.size());
    Tap rawTap = new Tap(raw, rawSums.values(), Long.MAX_VALUE, null);
    Decoded dec = new Decoded();
    if (!layer1Sums.isEmpty() || !fullSums.isEmpty()) {
      long decoded =
          payload.uncompressedSize() >= 0 ? payload.uncompressedSize() : payload.size() * 4;
      decode(
          rawTap,
          zstd,
          limit,
          layer1Sums,
          fullSums,
          dec,
          bufferFor(payload.size()),
          bufferFor(decoded));
    }
    rawTap.drain(bufferFor(payload.size()));
    Map<Checksum, Result> byChecksum = new java.util.HashMap<>();
    for (Result r : fixed) {
      byChecksum.put(r.checksum(), r);
    }
    compare(rawSums, null, byChecksum);
    compare(layer1Sums, dec.gunzipError, byChecksum);
    if (dec.zstdUnsupported) {
      for (Checksum c : fullSums.keySet()) {
        byChecksum.put(
            c,
            new Result(
                c,
                Outcome.NOT_CHECKABLE,
                "",
                "zstd window of "
                    + dec.window
                    + " bytes is beyond the pure-Java decoder: "
                    + dec.zstdError));
      }
    } else {
      compare(fullSums, dec.gunzipError != null ? dec.gunzipError : dec.zstdError, byChecksum);
    }
    List<Result> results = new ArrayList<>();
    for (Checksum c : payload.checksums()) {
      results.add(byChecksum.get(c));
    }
    List<String> problems = new ArrayList<>();
    String name = "payload '" + payload.name() + "'";
    if (rawTap.count != payload.size()) {
      problems.add(name + " size " + rawTap.count + " != declared " + payload.size());
    }
    String decodeError =
        dec.gunzipError != null ? dec.gunzipError : dec.zstdUnsupported ? null : dec.zstdError;
    for (Result r : results) {
      if (r.outcome() == Outcome.FAIL && !r.note().startsWith(DECODE_FAILED)) {
        problems.add(name + " " + r.label() + " mismatch");
      }
    }
    if (decodeError != null) {
      problems.add(name + " does not decompress: " + decodeError);
    } else if (dec.fullSize >= 0
        && payload.uncompressedSize() >= 0
        && dec.fullSize != payload.uncompressedSize()) {
      problems.add(
          name
              + " uncompressed size "
              + dec.fullSize
              + " != declared "
              + payload.uncompressedSize());
    }
    boolean checkable = false;
    for (Result r : results) {
      checkable |= r.outcome() != Outcome.NOT_CHECKABLE;
    }
    if (!checkable) {
      problems.add(name + " has no checkable checksum");
    }
    return new PayloadResult(payload.name(), rawTap.count, dec.fullSize, results, problems);
  }

  private static final String DECODE_FAILED = "does not decompress: ";

  private static final HexFormat HEX = HexFormat.of();

  /** What decompression found. */
  private static final class Decoded {
    @Nullable String gunzipError;
    @Nullable String zstdError;
    boolean zstdUnsupported;
    long window = -1;
    long fullSize = -1;
  }

  private static void decode(
      Tap rawTap,
      boolean zstd,
      long limit,
      Map<Checksum, MessageDigest> layer1Sums,
      Map<Checksum, MessageDigest> fullSums,
      Decoded dec,
      int rawBuffer,
      int decodedBuffer)
      throws IOException {
    try {
      // For vzstd the gunzipped layer is a zstd stream, which may exceed the content by
      // zstd's worst-case expansion (ZSTD_compressBound: about size/256) for incompressible data.
      long layer1Limit = zstd ? Math.min(MAX_LIMIT, limit + limit / 128 + (64 << 10)) : limit;
      Tap layer1 =
          new Tap(
              new GZIPInputStream(rawTap, rawBuffer),
              zstd ? layer1Sums.values() : concat(layer1Sums, fullSums),
              layer1Limit,
              "gunzip");
      if (zstd) {
        ZstdWindowClamp clamp = new ZstdWindowClamp(layer1);
        Tap full = new Tap(new ZstdInputStream(clamp), fullSums.values(), limit, "zstd");
        try {
          full.drain(1 << 16);
          dec.fullSize = full.count;
        } catch (IOException | RuntimeException e) {
          if (layer1.failed || layer1.limitExceeded || rawTap.failed) {
            throw e;
          }
          dec.zstdError = oneLine(e);
          dec.window = clamp.clampedFrom();
          dec.zstdUnsupported = dec.window > 0 && !full.limitExceeded;
        }
      }
      layer1.drain(zstd ? rawBuffer : decodedBuffer);
      if (!zstd) {
        dec.fullSize = layer1.count;
      }
    } catch (IOException | RuntimeException e) {
      if (rawTap.ioFailure != null) {
        throw rawTap.ioFailure;
      }
      dec.gunzipError = oneLine(e);
      dec.fullSize = -1;
    }
  }

  private static String oneLine(Throwable e) {
    return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
  }

  private static List<MessageDigest> concat(
      Map<Checksum, MessageDigest> a, Map<Checksum, MessageDigest> b) {
    List<MessageDigest> out = new ArrayList<>(a.values());
    out.addAll(b.values());
    return out;
  }

  private static void compare(
      Map<Checksum, MessageDigest> sums, @Nullable String decodeError, Map<Checksum, Result> out) {
    for (Map.Entry<Checksum, MessageDigest> e : sums.entrySet()) {
      if (decodeError != null) {
        out.put(e.getKey(), new Result(e.getKey(), Outcome.FAIL, "", DECODE_FAILED + decodeError));
        continue;
      }
      String actual = HEX.formatHex(e.getValue().digest());
      boolean ok = actual.equals(e.getKey().hex());
      out.put(
          e.getKey(),
          new Result(
              e.getKey(),
              ok ? Outcome.PASS : Outcome.FAIL,
              actual,
              ok ? "" : "actual " + actual + " != expected " + e.getKey().hex()));
    }
  }

  private static @Nullable MessageDigest digest(String type) {
    String alg =
        switch (type) {
          case "sha-256", "sha-256-gunzip1" -> "SHA-256";
          case "sha-1" -> "SHA-1";
          case "sha-512" -> "SHA-512";
          case "md5" -> "MD5";
          default -> null;
        };
    if ("SHA-256".equals(alg)) {
      return Sha256.newDigest(); // a clone, not a provider look-up per payload
    }
    try {
      return alg == null ? null : MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  /** Feeds what passes through to digests, counts it and enforces a byte limit. */
  private static final class Tap extends InputStream {
    private final InputStream in;
    private final MessageDigest[] digests; // an array: a list's iterator per read was garbage
    private final byte[] one = new byte[1];
    private final long limit;
    private final @Nullable String stage;
    long count;
    boolean failed; // the underlying stream threw
    boolean limitExceeded;
    @Nullable IOException ioFailure; // an I/O error of the raw source, rethrown as such

    Tap(
        InputStream in,
        java.util.Collection<MessageDigest> digests,
        long limit,
        @Nullable String stage) {
      this.in = in;
      this.digests = digests.toArray(new MessageDigest[0]);
      this.limit = limit;
      this.stage = stage;
    }

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        failed = true;
        if (stage == null && e instanceof IOException io) {
          ioFailure = io;
        }
        throw e;
      }
      if (n > 0) {
        count += n;
        if (count > limit) {
          limitExceeded = true;
          throw new IOException(
              stage
                  + " output exceeds the limit of "
                  + limit
                  + " bytes"
                  + " (declared uncompressed-size or zip-bomb guard)");
        }
        for (MessageDigest d : digests) {
          d.update(b, off, n);
        }
      }
      return n;
    }

    /**
     * Reads to the end; {@code bufferSize} fits the expected byte count (many payloads are small).
     */
    void drain(int bufferSize) throws IOException {
      try (ScratchBuffers.Lent lent = ScratchBuffers.borrow()) {
        byte[] buf = lent.bytes();
        int piece = Math.min(bufferSize, buf.length);
        while (read(buf, 0, piece) >= 0) {
          // digest and count only
        }
      }
    }
  }
}
