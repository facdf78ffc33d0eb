package org.esxforge.iso;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;

/**
 * Little helpers for ECMA-119 fields: both-endian numbers ({@code both16}: LE then BE, 4 bytes;
 * {@code both32}: 8 bytes), padded text, and the two date forms. Stateless and thread-safe.
 */
final class IsoBytes {
  /** The logical block (sector) size. */
  static final int SECTOR = 2048;

  private IsoBytes() {}

  static void le16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  static void be16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void le32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static void be32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + 3 - i] = (byte) (v >>> (8 * i));
    }
  }

  static void both16(byte[] b, int off, int v) {
    le16(b, off, v);
    be16(b, off + 2, v);
  }

  static void both32(byte[] b, int off, long v) {
    le32(b, off, v);
    be32(b, off + 4, v);
  }

  /** ASCII text, space-padded to {@code len}. */
  static void text(byte[] b, int off, int len, String s) {
    byte[] t = s.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < len; i++) {
      b[off + i] = i < t.length ? t[i] : (byte) ' ';
    }
  }

  /** UCS-2BE text (Joliet), padded with UCS-2 spaces; an odd trailing byte becomes 0x00. */
  static void ucs2(byte[] b, int off, int len, String s) {
    byte[] t = s.getBytes(StandardCharsets.UTF_16BE);
    for (int i = 0; i + 1 < len; i += 2) {
      b[off + i] = i < t.length ? t[i] : 0;
      b[off + i + 1] = i < t.length ? t[i + 1] : (byte) ' ';
    }
  }

  /** 7-byte directory-record date: years since 1900, month, day, h, m, s, GMT offset 0. */
  static void recordDate(byte[] b, int off, Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    b[off] = (byte) (z.getYear() - 1900);
    b[off + 1] = (byte) z.getMonthValue();
    b[off + 2] = (byte) z.getDayOfMonth();
    b[off + 3] = (byte) z.getHour();
    b[off + 4] = (byte) z.getMinute();
    b[off + 5] = (byte) z.getSecond();
    b[off + 6] = 0;
  }

  /** 17-byte volume-descriptor date {@code YYYYMMDDHHMMSScc} + GMT offset; null = unset. */
  static void volumeDate(byte[] b, int off, @Nullable Instant t) {
    String s;
    if (t == null) {
      s = "0000000000000000";
    } else {
      ZonedDateTime z = t.atZone(ZoneOffset.UTC);
      s =
          String.format(
              "%04d%02d%02d%02d%02d%02d%02d",
              z.getYear(),
              z.getMonthValue(),
              z.getDayOfMonth(),
              z.getHour(),
              z.getMinute(),
              z.getSecond(),
              z.getNano() / 10_000_000);
    }
    text(b, off, 16, s);
    b[off + 16] = 0;
  }

  /** Number of sectors needed for {@code bytes}. */
  static long sectors(long bytes) {
    return (bytes + SECTOR - 1) / SECTOR;
  }
}
