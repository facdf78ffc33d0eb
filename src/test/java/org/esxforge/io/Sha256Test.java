package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /** Digests are clones of one never-updated digest: each starts empty and is independent. */
  @Test
  void newDigest_freshAndIndependent() {
    MessageDigest a = Sha256.newDigest();
    a.update("abc".getBytes(StandardCharsets.US_ASCII));
    MessageDigest b = Sha256.newDigest();
    assertNotSame(a, b);
    assertEquals(EMPTY, Sha256.fromDigest(b.digest()).hex());
    assertEquals(ABC, Sha256.fromDigest(a.digest()).hex());
    MessageDigest c = Sha256.newDigest();
    c.update("abc".getBytes(StandardCharsets.US_ASCII));
    assertEquals(ABC, Sha256.fromDigest(c.digest()).hex());
    assertEquals("SHA-256", c.getAlgorithm());
  }
}
