package org.esxforge.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS context: the JDK's default trust anchors plus the certificates of the {@code
 * --ca-cert} PEM files. Certificates are still fully verified (chain and host name); nothing here
 * can disable verification. Refusals name their cause ({@link TlsProblems}).
 *
 * <p>Thread-safe (stateless).
 */
final class TrustStores {
  private TrustStores() {}

  static SSLContext sslContext(List<Path> pemFiles, Clock clock) throws IOException {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (pemFiles.isEmpty()) {
        tmf.init((KeyStore) null);
        return context(tmf, clock);
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
        ks.setCertificateEntry("jdk-" + n++, c);
      }
      for (Path pem : pemFiles) {
        for (Certificate c : read(pem)) {
          ks.setCertificateEntry("ca-cert-" + n++, c);
        }
      }
      tmf.init(ks);
      return context(tmf, clock);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every file as {@link #sslContext} will, so that a file that is not PEM certificates fails
   * when the session opens, without building the TLS context.
   */
  static void check(List<Path> pemFiles) throws IOException {
    for (Path pem : pemFiles) {
      read(pem);
    }
  }

  private static Collection<? extends Certificate> read(Path pem) throws IOException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": not a PEM certificate file: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IOException(
          pem + ": no certificate found (expected PEM '-----BEGIN CERTIFICATE-----')");
    }
    return certs;
  }

  /** A TLS context whose trust manager explains refusals ({@link TlsProblems}). */
  private static SSLContext context(TrustManagerFactory tmf, Clock clock)
      throws GeneralSecurityException {
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TlsProblems.CheckingTrustManager(x, clock)}, null);
        return ctx;
      }
    }
    throw new GeneralSecurityException("no X509ExtendedTrustManager");
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no default X509TrustManager");
  }
}
