package org.esxforge.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.esxforge.io.Sha256;

/**
 * A deterministic byte generator: SHA-256 in counter mode over a text seed, so the same seed gives
 * the same bytes on every JVM (unlike {@code SecureRandom("SHA1PRNG")}, whose output is a provider
 * detail). Used for synthetic payload bytes and the sample CA's RSA primes. Not a secure random
 * source: everything it makes is public sample data.
 *
 * <p>Not thread-safe.
 */
final class Drbg {
  private final byte[] seed;
  private long counter;
  private byte[] block = new byte[0];
  private int pos;

  Drbg(String seed) {
    this.seed = seed.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} more bytes of the stream. */
  byte[] nextBytes(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      if (pos == block.length) {
        MessageDigest d = Sha256.newDigest();
        d.update(seed);
        for (int s = 56; s >= 0; s -= 8) {
          d.update((byte) (counter >>> s));
        }
        counter++;
        block = d.digest();
        pos = 0;
      }
      out[i] = block[pos++];
    }
    return out;
  }

  /** A value in {@code [0, bound)}, bound > 0. */
  int nextInt(int bound) {
    byte[] b = nextBytes(4);
    int v = ((b[0] & 0x7f) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    return v % bound;
  }
}
