package org.esxforge.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.esxforge.model.AcceptanceLevel;

/**
 * The sample CA: a self-signed root ("esxforge Sample CA") and one VIB-signing certificate per
 * signed acceptance level (certified, accepted, partner), like VMware binds the level to the
 * signing certificate (docs/formats.md §4.6). Everything is deterministic: the RSA-2048 keys are
 * derived from fixed seeds (primes searched from {@link Drbg} output, so the same on every JVM;
 * pinned in {@link #PRIMES}), serials and validity (2000-01-01 to 2050-01-01) are fixed, signatures
 * are PKCS#1 v1.5. The keys are PUBLIC SAMPLE DATA: anyone can re-derive them, so nothing signed by
 * them proves anything beyond "made by esxforge's sample generator". The root goes out as {@code
 * sample-ca.pem}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SampleCa {
  private static final BigInteger E = BigInteger.valueOf(65537);
  private static final Instant NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2050-01-01T00:00:00Z");
  private static final String ROOT_DN = "CN=esxforge Sample CA,OU=NOT FOR PRODUCTION,O=esxforge";

  /**
   * The primes (p > q) of the four keys by seed, as {@link #derivePrimes} finds them. Pinned: the
   * search runs a few hundred 1024-bit modular exponentiations, under a second with C2 but about
   * five seconds in C1, where the launcher leaves {@code java.math}, and {@code sample-depot} (also
   * run on the first use of {@code sample:7.0}, as in the README's build) spent most of its time
   * there. {@code SampleCaTest} derives them again from the seeds and compares.
   */
  static final Map<String, BigInteger[]> PRIMES =
      Map.of(
          "esxforge sample CA root key",
          primes(
              "f6054d78b47fb829afb867412b616f47507bc984cf1abc8a9d39dae6c6a644d0"
                  + "77599157650b300b60d695bba5914bd919f1c4af9fcd15251ad69b349cec002e"
                  + "1064842714b20ec41e24c1ddb83f970f0646945c3df0248440fdace8de37a3cc"
                  + "ca0d7b5e65e422301cb1fd0883d8022c19cdb5f108830dec02e4a250b853dc1d",
              "f20249e24135206dc59d4a02018b06469d87ee00a6116c8ab0ce194988d7e347"
                  + "99e40fba83a6ae6c5dc445439a1a9ebe49a4653609ade4577b6c4fdc93c57ba9"
                  + "129887a54ee2340b32f96ba375d436326866458bae52fee2bb3a3b503b0cc9c2"
                  + "eeef60f1cb72205bf930dd05cd6fa2e7f29e86f75bc51b7c02780705e5ba7ca5"),
          "esxforge sample certified signing key",
          primes(
              "db6b7d5c6b8e5f6ec05f08b43c261cc42695610e7001c500466d42b7323f2286"
                  + "eb384266cbf9fc69412238a53f8b4064d8fec98d48898a9f37fbc82653f2b4ab"
                  + "af845b2a1cd2d8fcb4629c80b58a7ccdb881a165f7bc723b00035f9aeae39d5e"
                  + "7e544e491dd75706a59d7a5ee5927456ac47f844127ea3562883f3b1a0aeea33",
              "d2e8b6ec327f785baf089e4c2cb833092d5cb505a8b5b46704deb4d814250acb"
                  + "da9854d8ea771930d9204a30bf2f08816e318e7d0b958b8a7f1ba597bd76e71b"
                  + "558ac1d35a1baa62a5a3feebceb98787989d91f075eb7563244bde914d5beee4"
                  + "923b1cf652c6a5ffd99ec0e3190bc593a35028a8f1af62f3120853df2b25d7e3"),
          "esxforge sample accepted signing key",
          primes(
              "fc3ffc027b12b1cbd93fcf91d4499c03ae7fee19498c4641aa5fb9c1f153a32e"
                  + "7237d8fc37879af66e964fb3f017e7f80363b73f02901873e24bba2965564365"
                  + "a46764383fbd221b6e3d8ad091b95a720cba0c9f42a4bee43324c519bf3c0da8"
                  + "e53af6a354c50a017f71805ef53e00a46a8d6bea73906464925ac4518a87ab3d",
              "f928b608799be2b696e8b547d79393cac94f5641362a361a9ca83de432442c1f"
                  + "eb45f1914625e37ad24423c370a4a467ac4d47890a429a2a363323236a9f4c6f"
                  + "0435e8565e208f290a475b3613595f90f2a0fcd815cde3c388f328cd19658045"
                  + "1c8f9579644f6055b512e6220575ef1fafcc6e43fcd21c6f9e87e993347184f9"),
          "esxforge sample partner signing key",
          primes(
              "dba945f153a77d15e5bccd6e90ba89fef6cba2e84a3852cd6e5964444533df8e"
                  + "1cea7fa1f3ad4a5a71548f885283c41302e6f3b6c711479cd28c07899c03bbe4"
                  + "f61c8d130bfe6da560e53680a20a8bea6edec76a3ee6bf857584666f89de52a7"
                  + "3126db88236427e410af76050e2e2207bbb5983c8fe3bdf20aaf864ace5490b7",
              "c595a1eaf4ff7f1fa4cd41ca9888e0f66939a2b9499cbaa787f1be97ed041245"
                  + "ac2fc645bdbc3ee6eaf6b5d074d345fb29f9894fe22a9c0124e6730fe380cf55"
                  + "3277f5d58f3502383ad01e05ddf65cc46bcb26028a03a80227074a515ad12c45"
                  + "6842e7dd2ed00497173e6f58c4d51e72ecdd44024c6f354461cad015d9465b31"));

  private static BigInteger[] primes(String p, String q) {
    return new BigInteger[] {new BigInteger(p, 16), new BigInteger(q, 16)};
  }

  private final PrivateKey rootKey;
  private final X509Certificate root;
  private final Map<AcceptanceLevel, PrivateKey> keys = new EnumMap<>(AcceptanceLevel.class);
  private final Map<AcceptanceLevel, X509Certificate> certs = new EnumMap<>(AcceptanceLevel.class);

  private SampleCa() {
    try {
      KeyFactory kf = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKeySpec rk = rsa("esxforge sample CA root key");
      rootKey = kf.generatePrivate(rk);
      PublicKey rootPub = kf.generatePublic(new RSAPublicKeySpec(rk.getModulus(), E));
      root = cert(new X500Name(ROOT_DN), rootPub, 1, true, rootKey);
      int serial = 2;
      for (AcceptanceLevel l :
          new AcceptanceLevel[] {
            AcceptanceLevel.CERTIFIED, AcceptanceLevel.ACCEPTED, AcceptanceLevel.PARTNER
          }) {
        RSAPrivateCrtKeySpec k = rsa("esxforge sample " + l.xmlValue() + " signing key");
        keys.put(l, kf.generatePrivate(k));
        String cap =
            l.xmlValue().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                + l.xmlValue().substring(1);
        certs.put(
            l,
            cert(
                new X500Name(
                    "CN=esxforge Sample " + cap + " VIB Signing,OU=Acceptance Signing,O=esxforge"),
                kf.generatePublic(new RSAPublicKeySpec(k.getModulus(), E)),
                serial++,
                false,
                rootKey));
      }
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build the sample CA", e);
    }
  }

  private static final class Holder {
    static final SampleCa INSTANCE = new SampleCa();
  }

  /** The sample CA (built once). */
  public static SampleCa get() {
    return Holder.INSTANCE;
  }

  public X509Certificate root() {
    return root;
  }

  /**
   * The root certificate without building the CA (four keys and certificates): the same bytes as
   * {@code get().rootPem()}, kept as the resource {@code sample-ca.pem} beside this class ({@code
   * SampleCaTest} checks they agree). For commands that only need to trust it.
   */
  public static X509Certificate rootCertificate() {
    try (java.io.InputStream in = SampleCa.class.getResourceAsStream("sample-ca.pem")) {
      if (in == null) {
        throw new IllegalStateException("esxforge jar incomplete: sample-ca.pem missing");
      }
      return (X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException("esxforge jar damaged: sample-ca.pem: " + e.getMessage(), e);
    }
  }

  /** The root certificate as PEM ({@code sample-ca.pem}), LF line ends. */
  public byte[] rootPem() {
    return pem(root);
  }

  /** True for the levels the sample signs (every level but community). */
  public boolean signs(AcceptanceLevel level) {
    return certs.containsKey(level);
  }

  /** The signing certificate for {@code level}. */
  public X509Certificate certificate(AcceptanceLevel level) {
    return require(certs, level);
  }

  /** The signing key for {@code level}. */
  public PrivateKey key(AcceptanceLevel level) {
    return require(keys, level);
  }

  /** One certificate as PEM. */
  public static byte[] pem(X509Certificate c) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString().replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static <T> T require(Map<AcceptanceLevel, T> m, AcceptanceLevel level) {
    T t = m.get(level);
    if (t == null) {
      throw new IllegalArgumentException("the sample CA does not sign " + level + " VIBs");
    }
    return t;
  }

  private static X509Certificate cert(
      X500Name subject, PublicKey pub, long serial, boolean ca, PrivateKey issuerKey)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(ROOT_DN),
            BigInteger.valueOf(serial),
            Date.from(NOT_BEFORE),
            Date.from(NOT_AFTER),
            subject,
            pub);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub));
    if (ca) {
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  /** The RSA-2048 key of {@code seed}, made from its pinned primes ({@link #PRIMES}). */
  private static RSAPrivateCrtKeySpec rsa(String seed) {
    BigInteger[] pq = Objects.requireNonNull(PRIMES.get(seed), seed);
    BigInteger p = pq[0];
    BigInteger q = pq[1];
    BigInteger n = p.multiply(q);
    BigInteger p1 = p.subtract(BigInteger.ONE);
    BigInteger q1 = q.subtract(BigInteger.ONE);
    BigInteger d = E.modInverse(p1.multiply(q1));
    return new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p));
  }

  /**
   * The primes (p > q) of the RSA-2048 key of {@code seed}: the first probable primes after two
   * starts drawn from a {@link Drbg} seeded with it.
   */
  static BigInteger[] derivePrimes(String seed) {
    Drbg rnd = new Drbg(seed);
    BigInteger p = prime(rnd);
    BigInteger q = prime(rnd);
    return p.compareTo(q) < 0 ? new BigInteger[] {q, p} : new BigInteger[] {p, q};
  }

  private static BigInteger prime(Drbg rnd) {
    while (true) {
      byte[] b = rnd.nextBytes(128);
      b[0] |= (byte) 0xC0; // top two bits: the product has exactly 2048 bits
      b[127] |= 1;
      // the first probable prime from the (odd) start on: nextProbablePrime gives the first one
      // above its argument and sieves out small factors first, where testing each odd number in
      // turn ran a Miller-Rabin modPow on every one (about 350 per prime: most of the sample
      // generator's time). Both judge with certainty 100 (composite with probability < 2^-100).
      BigInteger c = new BigInteger(1, b).subtract(BigInteger.ONE).nextProbablePrime();
      if (c.bitLength() == 1024 && c.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE)) {
        return c;
      }
    }
  }
}
