package org.esxforge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 digest, held as 64 lower-case hex characters. Accepts the bare hex form and the {@code
 * sha256:} / {@code sha-256:} prefixed forms.
 *
 * <p>Immutable and thread-safe.
 */
public record Sha256(String hex) implements Comparable<Sha256> {

  public Sha256 {
    if (hex == null || hex.length() != 64 || !lowerHex(hex)) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: '" + hex + "'");
    }
  }

  /** Parses hex (any case), optionally prefixed with {@code sha256:} or {@code sha-256:}. */
  public static Sha256 parse(String text) throws InvalidDigestException {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("sha256:")) {
      t = t.substring(7);
    } else if (t.startsWith("sha-256:")) {
      t = t.substring(8);
    }
    if (t.length() != 64 || !lowerHex(t)) {
      throw new InvalidDigestException(text);
    }
    return new Sha256(t);
  }

  /** The digest of {@code bytes}. */
  public static Sha256 of(byte[] bytes) {
    return fromDigest(newDigest().digest(bytes));
  }

  /** The digest of a file's bytes, read once through a reused direct buffer. */
  public static Sha256 ofFile(Path file) throws IOException {
    MessageDigest md = newDigest();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 18);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return fromDigest(md.digest());
  }

  /** Wraps a finished 32-byte digest. */
  public static Sha256 fromDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("SHA-256 digest must be 32 bytes, got " + digest.length);
    }
    return new Sha256(HexFormat.of().formatHex(digest));
  }

  /**
   * Never updated: new digests are clones of it ({@code getInstance} looks the provider up each
   * time: 6 % of the verify threads' samples in a 20,000-VIB build).
   */
  private static final MessageDigest PRISTINE = lookUp();

  /** A fresh SHA-256 {@link MessageDigest}. */
  public static MessageDigest newDigest() {
    try {
      return (MessageDigest) PRISTINE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp();
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  @Override
  public int compareTo(Sha256 other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }

  /** A plain loop: every digest made is checked (a stream here was a tenth of making one). */
  private static boolean lowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isLowerHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Thrown by {@link #parse} for text that is not a SHA-256 digest; keeps the input. */
  public static final class InvalidDigestException extends Exception {
    private final String input;

    public InvalidDigestException(String input) {
      super("not a SHA-256 digest: '" + input + "'");
      this.input = input;
    }

    public String input() {
      return input;
    }
  }
}
