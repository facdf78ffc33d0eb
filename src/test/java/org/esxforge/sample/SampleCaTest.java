package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.esxforge.model.AcceptanceLevel;
import org.junit.jupiter.api.Test;

class SampleCaTest {
  @Test
  void get_leafCertificates_chainToRootAndMatchTheirKeys() throws Exception {
    SampleCa ca = SampleCa.get();
    ca.root().verify(ca.root().getPublicKey());
    for (AcceptanceLevel l :
        new AcceptanceLevel[] {
          AcceptanceLevel.CERTIFIED, AcceptanceLevel.ACCEPTED, AcceptanceLevel.PARTNER
        }) {
      ca.certificate(l).verify(ca.root().getPublicKey());
      assertEquals(
          2048, ((RSAPublicKey) ca.certificate(l).getPublicKey()).getModulus().bitLength());
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(ca.key(l));
      s.update(new byte[] {1, 2, 3});
      byte[] sig = s.sign();
      s.initVerify(ca.certificate(l));
      s.update(new byte[] {1, 2, 3});
      assertEquals(true, s.verify(sig), l.toString());
    }
    assertFalse(ca.signs(AcceptanceLevel.COMMUNITY));
    assertEquals(
        "the sample CA does not sign community VIBs",
        assertThrows(IllegalArgumentException.class, () -> ca.key(AcceptanceLevel.COMMUNITY))
            .getMessage());
  }

  @Test
  void rootPem_isPemAndStable() {
    String pem = new String(SampleCa.get().rootPem(), java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(true, pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
    assertFalse(pem.contains("\r"));
    // the key is derived from a fixed seed, so the certificate is pinned
    assertEquals(
        SampleCaPin.ROOT_SHA256, org.esxforge.io.Sha256.of(SampleCa.get().rootPem()).hex());
  }

  @Test
  void primes_arePinnedAsTheirSeedsDeriveThem() {
    // the four keys' seeds: the root's and one per signed acceptance level
    assertEquals(
        java.util.Set.of(
            "esxforge sample CA root key",
            "esxforge sample certified signing key",
            "esxforge sample accepted signing key",
            "esxforge sample partner signing key"),
        SampleCa.PRIMES.keySet());
    SampleCa.PRIMES.forEach(
        (seed, pinned) -> {
          java.math.BigInteger[] derived = SampleCa.derivePrimes(seed);
          org.junit.jupiter.api.Assertions.assertArrayEquals(derived, pinned, seed);
          assertEquals(1024, derived[0].bitLength(), seed);
          assertEquals(1024, derived[1].bitLength(), seed);
          assertEquals(true, derived[0].compareTo(derived[1]) > 0, seed);
        });
  }

  @Test
  void rootCertificate_theShippedResourceIsTheDerivedRoot() throws Exception {
    assertEquals(SampleCa.get().root(), SampleCa.rootCertificate());
    try (var in = SampleCa.class.getResourceAsStream("sample-ca.pem")) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          SampleCa.get().rootPem(), in.readAllBytes());
    }
  }
}
