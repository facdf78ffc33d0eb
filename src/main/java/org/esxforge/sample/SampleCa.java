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
 * derived from fixed seeds (primes searched from {@link Drbg} output, so the same on every JVM),
 * serials and validity (2000-01-01 to 2050-01-01) are fixed, signatures are PKCS#1 v1.5. The keys
 * are PUBLIC SAMPLE DATA: anyone can re-derive them, so nothing signed by them proves anything
 * beyond "made by esxforge's sample generator". The root goes out as {@code sample-ca.pem}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SampleCa {
  private static final BigInteger E = BigInteger.valueOf(65537);
  private static final Instant NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2050-01-01T00:00:00Z");
  private static final String ROOT_DN = "CN=esxforge Sample CA,OU=NOT FOR PRODUCTION,O=esxforge";

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

  /** The sample CA (built once, a fraction of a second of prime search). */
  public static SampleCa get() {
    return Holder.INSTANCE;
  }

  public X509Certificate root() {
    return root;
  }

  /**
   * The root certificate without building the CA (which takes seconds of prime search): the same
   * bytes as {@code get().rootPem()}, kept as the resource {@code sample-ca.pem} beside this class
   * ({@code SampleCaTest} checks they agree). For commands that only need to trust it.
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

  /** An RSA-2048 key whose primes are the first probable primes after seeded random starts. */
  private static RSAPrivateCrtKeySpec rsa(String seed) {
    Drbg rnd = new Drbg(seed);
    BigInteger p = prime(rnd);
    BigInteger q = prime(rnd);
    if (p.compareTo(q) < 0) {
      BigInteger t = p;
      p = q;
      q = t;
    }
    BigInteger n = p.multiply(q);
    BigInteger p1 = p.subtract(BigInteger.ONE);
    BigInteger q1 = q.subtract(BigInteger.ONE);
    BigInteger d = E.modInverse(p1.multiply(q1));
    return new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p));
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
