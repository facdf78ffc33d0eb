package org.esxforge.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HttpClientHostnameVerifier;
import org.jspecify.annotations.Nullable;

/**
 * Names the real cause of a refused server certificate. The JDK reports an expired certificate, a
 * certificate for another host and an untrusted one all as handshake failures; these wrappers
 * around the real checks (which still decide) look at the certificate when a check fails and throw
 * an exception that says what is wrong:
 *
 * <ul>
 *   <li>{@link Expired}: the certificate's validity period does not include now (expired on DATE,
 *       or not valid before DATE);
 *   <li>{@link WrongHost}: the certificate was issued for other names;
 *   <li>anything else stays the JDK's "no trusted CA signed it" (PKIX) failure.
 * </ul>
 *
 * <p>Thread-safe (immutable).
 */
final class TlsProblems {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private TlsProblems() {}

  /** The certificate is outside its validity period; thrown by {@link CheckingTrustManager}. */
  static final class Expired extends CertificateException {
    final boolean notYetValid;

    Expired(String message, boolean notYetValid, @Nullable Throwable cause) {
      super(message, cause);
      this.notYetValid = notYetValid;
    }
  }

  /** The certificate names other hosts; thrown by {@link CheckingHostnameVerifier}. */
  static final class WrongHost extends SSLPeerUnverifiedException {
    WrongHost(String message) {
      super(message);
    }
  }

  /**
   * Delegates every decision to the real trust manager; when it refuses a server chain whose leaf
   * is outside its validity period, the refusal says so (whether or not the chain was trusted).
   */
  static final class CheckingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final Clock clock;

    CheckingTrustManager(X509ExtendedTrustManager delegate, Clock clock) {
      this.delegate = delegate;
      this.clock = clock;
    }

    /**
     * Refuses a leaf outside its validity period even when the chain is trusted (a self-signed leaf
     * that is its own trust anchor is not date-checked by PKIX).
     */
    private void checkLeaf(X509Certificate[] chain) throws CertificateException {
      explain(chain, null);
    }

    private void explain(X509Certificate[] chain, @Nullable CertificateException e)
        throws CertificateException {
      if (chain != null && chain.length > 0) {
        X509Certificate leaf = chain[0];
        Instant now = clock.instant();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
          throw new Expired(
              "the server's certificate expired on " + DAY.format(leaf.getNotAfter().toInstant()),
              false,
              e);
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
          throw new Expired(
              "the server's certificate is not valid before "
                  + DAY.format(leaf.getNotBefore().toInstant())
                  + " (this machine's clock reads "
                  + DAY.format(clock.instant())
                  + ")",
              true,
              e);
        }
      }
      if (e != null) {
        throw e;
      }
    }

    /** One of the delegate's server checks. */
    private interface Check {
      void run() throws CertificateException;
    }

    /** Runs the delegate's check, then the leaf's dates; a refusal names its cause. */
    private void checked(X509Certificate[] chain, Check check) throws CertificateException {
      try {
        check.run();
        checkLeaf(chain);
      } catch (Expired e) {
        throw e;
      } catch (CertificateException e) {
        explain(chain, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checked(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checked(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      checked(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /**
   * HttpClient's host name check (RFC 2818 / 6125), refusing with the names the certificate has.
   */
  static final class CheckingHostnameVerifier implements HttpClientHostnameVerifier {
    private final DefaultHostnameVerifier delegate = new DefaultHostnameVerifier();

    @Override
    public void verify(String host, X509Certificate cert) throws SSLException {
      try {
        delegate.verify(host, cert);
      } catch (SSLException e) {
        throw new WrongHost(
            "the server's certificate was issued for " + names(cert) + ", not " + host);
      }
    }

    @Override
    public boolean verify(String host, SSLSession session) {
      return delegate.verify(host, session);
    }

    private static String names(X509Certificate cert) {
      List<String> names = new ArrayList<>();
      try {
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
          for (List<?> san : sans) {
            if (san.size() >= 2
                && (Integer.valueOf(2).equals(san.get(0))
                    || Integer.valueOf(7).equals(san.get(0)))) {
              names.add(String.valueOf(san.get(1)));
            }
          }
        }
      } catch (CertificateParsingException e) {
        // fall back to the subject
      }
      if (names.isEmpty()) {
        names.add(cert.getSubjectX500Principal().getName());
      }
      return String.join(", ", names);
    }
  }
}
