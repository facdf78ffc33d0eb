package org.esxforge.vib;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and signer for signature tests (fixed seeds are not needed: keys stay local). */
final class TestCa {
  final KeyPair caKeys;
  final X509Certificate ca;
  final KeyPair signerKeys;
  final X509Certificate signer;

  TestCa(String name) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, new SecureRandom());
    caKeys = g.generateKeyPair();
    signerKeys = g.generateKeyPair();
    Date from = new Date(1_600_000_000_000L); // 2020-09-13
    Date to = new Date(2_000_000_000_000L); // 2033-05-18
    X500Name caName = new X500Name("O=esxforge test,CN=" + name + " Root CA");
    ca = cert(caName, caName, caKeys, caKeys, from, to, true);
    signer =
        cert(
            caName,
            new X500Name("O=esxforge test,CN=" + name + " VIB Signing"),
            caKeys,
            signerKeys,
            from,
            to,
            false);
  }

  private static X509Certificate cert(
      X500Name issuer,
      X500Name subject,
      KeyPair issuerKeys,
      KeyPair subjectKeys,
      Date from,
      Date to,
      boolean isCa)
      throws Exception {
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer, BigInteger.valueOf(isCa ? 1 : 2), from, to, subject, subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }
}
