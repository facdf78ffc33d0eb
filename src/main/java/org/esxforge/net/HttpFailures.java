package org.esxforge.net;

import org.esxforge.io.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.esxforge.io.DepotAccessException;

/**
 * Classifies HTTP statuses and I/O failures into "retry" or "give up", and words the final
 * one-line error with a remedy.
 *
 * <p>Thread-safe (stateless).
 */
final class HttpFailures {
  static final String TOKEN_HINT =
      "Check the depot's download token: Broadcom depots need"
          + " https://dl.broadcom.com/<token>/PROD/...; keep the token off the command line with"
          + " ${ENV_VAR} or ${file:PATH} in the URL, and check that it is entitled to this depot";
  static final String PROXY_AUTH_HINT =
      "Check the user:password of --proxy or of HTTPS_PROXY/HTTP_PROXY";
  static final String TLS_HINT =
      "If a proxy inspects TLS, pass its CA certificate with --ca-cert FILE.pem (esxforge never"
          + " disables certificate checks)";

  private HttpFailures() {}

  /** Statuses worth another attempt. */
  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  /** I/O failures worth another attempt: resets, timeouts, truncation, refused connections. */
  static boolean retryable(IOException e) {
    if (e instanceof UnknownHostException || e instanceof SSLHandshakeException) {
      return false;
    }
    if (e instanceof SSLException && !(e.getCause() instanceof IOException)) {
      return false;
    }
    return !(e instanceof DepotAccessException) && !(e instanceof NonRetryable);
  }

  /** A remedy for a failed request, or {@code null}. */
  static String hintFor(int status) {
    return switch (status) {
      case 401, 403 -> TOKEN_HINT;
      case 407 -> PROXY_AUTH_HINT;
      case 404, 410 -> "Check the depot URL; the depot may have moved or the file was removed";
      case 416 -> "The server refused the byte range; clear the cache entry with 'esxforge cache prune --all'";
      default -> retryableStatus(status) ? "The server kept failing; try again later" : null;
    };
  }

  static String hintFor(IOException e) {
    if (e instanceof UnknownHostException) {
      return "Check the host name, DNS, or the proxy settings (--proxy, HTTPS_PROXY, NO_PROXY)";
    }
    if (e instanceof SSLException) {
      return TLS_HINT;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "Check that the server is reachable, or the proxy settings (--proxy, HTTPS_PROXY, NO_PROXY)";
    }
    if (e instanceof InterruptedIOException) {
      return "The server or the network is too slow; check the connection or the proxy";
    }
    return null;
  }

  /** A short description of an I/O failure (type and message, with secrets removed). */
  static String describe(IOException e, Redactor redactor) {
    if (e instanceof SSLHandshakeException && String.valueOf(e.getMessage()).contains("PKIX")) {
      return "TLS certificate not trusted (no trusted CA signed the server's certificate)";
    }
    String name =
        switch (e.getClass().getSimpleName()) {
          case "SocketTimeoutException" -> "read timed out";
          case "ConnectException" -> "connection refused";
          case "SocketException" -> "connection error";
          case "UnknownHostException" -> "unknown host";
          case "ConnectionClosedException", "TruncatedBodyException" -> "truncated body";
          case "NoHttpResponseException" -> "no response";
          default -> e.getClass().getSimpleName();
        };
    String m = e.getMessage();
    return m == null || m.isBlank() ? name : name + " (" + redactor.redact(m.replace('\n', ' ')) + ")";
  }

  /** An I/O failure that retrying cannot fix. */
  static class NonRetryable extends IOException {
    NonRetryable(String message) {
      super(message);
    }
  }

  /** The body ended before the announced length. */
  static final class TruncatedBodyException extends IOException {
    TruncatedBodyException(long got, long expected) {
      super("got " + got + " of " + expected + " bytes");
    }
  }
}
