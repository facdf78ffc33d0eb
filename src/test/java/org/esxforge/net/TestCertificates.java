package org.esxforge.net;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed server certificate for an IP address, written as PEM (cert + PKCS#8 key). */
final class TestCertificates {
  private TestCertificates() {}

  /** Writes {@code cert.pem} and {@code key.pem} into {@code dir} for {@code ip}. */
  static Path[] selfSigned(Path dir, String ip) throws IOException {
    Instant now = Instant.parse("2020-01-01T00:00:00Z");
    Generated g = generate(dir, ip, now, now.plus(Duration.ofDays(365 * 30)));
    return new Path[] {g.certPem(), g.keyPem()};
  }

  /** A generated self-signed certificate: PEM files, and the objects for a JDK key store. */
  record Generated(
      Path certPem,
      Path keyPem,
      java.security.cert.X509Certificate cert,
      java.security.PrivateKey key) {
    /** A server-side TLS context presenting this certificate. */
    javax.net.ssl.SSLContext serverContext() throws GeneralSecurityException, IOException {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "server", key, "pw".toCharArray(), new java.security.cert.Certificate[] {cert});
      javax.net.ssl.KeyManagerFactory kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "pw".toCharArray());
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    }
  }

  /** A self-signed certificate for IP address {@code ip}, valid from {@code from} to {@code to}. */
  static Generated generate(Path dir, String ip, Instant from, Instant to) throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=esxforge test depot " + ip);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf((ip.hashCode() ^ from.hashCode()) & 0x7fffffffL),
              Date.from(from),
              Date.from(to),
              name,
              kp.getPublic());
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, ip)));
      X509CertificateHolder cert =
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      Path certPem = dir.resolve("cert.pem");
      Path keyPem = dir.resolve("key.pem");
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(certPem);
          JcaPEMWriter pem = new JcaPEMWriter(w)) {
        pem.writeObject(cert);
      }
      // PKCS#8 as the JDK encodes it; "BEGIN PRIVATE KEY" is what nginx/OpenSSL read
      Files.writeString(
          keyPem,
          "-----BEGIN PRIVATE KEY-----\n"
              + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(kp.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      return new Generated(
          certPem,
          keyPem,
          new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(cert),
          kp.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make a test certificate", e);
    }
  }
}
