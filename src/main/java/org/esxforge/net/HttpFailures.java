package org.esxforge.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.Redactor;
import org.jspecify.annotations.Nullable;

/**
 * Classifies HTTP statuses and I/O failures into "retry" or "give up", and words them for the user:
 * what happened in plain words (never an exception class name) and a remedy that fits.
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
  static final String EXPIRED_HINT =
      "The depot's administrator must renew the certificate (esxforge never ignores certificate"
          + " checks); if the date looks wrong, check this machine's clock";
  static final String NOT_YET_VALID_HINT =
      "Check this machine's clock and time zone; if it is right, the certificate was issued with a"
          + " wrong start date";
  static final String WRONG_HOST_HINT =
      "Use a host name the certificate names in the depot URL, or ask the depot's administrator for"
          + " a certificate that covers this host";
  static final String NOT_TLS_HINT =
      "The port speaks plain HTTP: use http:// for it, or the server's HTTPS port";

  private HttpFailures() {}

  /** Statuses worth another attempt. */
  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  /**
   * I/O failures worth another attempt: resets, timeouts, truncation, refused connections, too slow
   * transfers. Not: unknown hosts, TLS failures, protocol errors, redirect problems, local disks.
   */
  static boolean retryable(IOException e) {
    if (e instanceof UnknownHostException
        || e instanceof SSLHandshakeException
        || e instanceof ClientProtocolException) {
      return false;
    }
    if (e instanceof SSLException && !(e.getCause() instanceof IOException)) {
      return false;
    }
    return !(e instanceof DepotAccessException) && !(e instanceof NonRetryable);
  }

  /** A remedy for a failed request, or {@code null}. */
  static @Nullable String hintFor(int status) {
    return switch (status) {
      case 401, 403 -> TOKEN_HINT;
      case 407 -> PROXY_AUTH_HINT;
      case 404, 410 -> "Check the depot URL; the depot may have moved or the file was removed";
      case 416 ->
          "The server refused the byte range; clear the cache entry with 'esxforge cache prune --all'";
      default -> retryableStatus(status) ? "The server kept failing; try again later" : null;
    };
  }

  static @Nullable String hintFor(IOException e) {
    TlsProblems.Expired expired = cause(e, TlsProblems.Expired.class);
    if (expired != null) {
      return expired.notYetValid ? NOT_YET_VALID_HINT : EXPIRED_HINT;
    }
    if (cause(e, TlsProblems.WrongHost.class) != null) {
      return WRONG_HOST_HINT;
    }
    if (notTls(e)) {
      return NOT_TLS_HINT;
    }
    if (e instanceof UnknownHostException) {
      return "Check the host name, DNS, or the proxy settings (--proxy, HTTPS_PROXY, NO_PROXY)";
    }
    if (e instanceof SSLException) {
      return TLS_HINT;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "Check that the server is reachable, or the proxy settings (--proxy, HTTPS_PROXY, NO_PROXY)";
    }
    if (e instanceof TooSlowException) {
      return "The server or the network is too slow; check the connection or the proxy, or lower"
          + " the limit with --min-speed";
    }
    if (e instanceof InterruptedIOException) {
      return "The server or the network is too slow; check the connection or the proxy";
    }
    return null;
  }

  /** What went wrong, in the user's words (never a class name), with secrets removed. */
  static String describe(IOException e, Redactor redactor) {
    TlsProblems.Expired expired = cause(e, TlsProblems.Expired.class);
    if (expired != null) {
      return "TLS certificate refused: " + expired.getMessage();
    }
    TlsProblems.WrongHost wrongHost = cause(e, TlsProblems.WrongHost.class);
    if (wrongHost != null) {
      return "TLS certificate refused: " + wrongHost.getMessage();
    }
    if (notTls(e)) {
      return "the server did not answer with TLS (an https:// URL pointing at a plain-HTTP port?)";
    }
    if (e instanceof SSLHandshakeException && String.valueOf(e.getMessage()).contains("PKIX")) {
      return "TLS certificate not trusted (no trusted CA signed the server's certificate)";
    }
    String m =
        e.getMessage() == null ? "" : clean(redactor.redact(e.getMessage().replace('\n', ' ')));
    String what;
    if (e instanceof NonRetryable
        || e instanceof TruncatedBodyException
        || e instanceof TooSlowException
        || e instanceof Worded) {
      return m;
    } else if (e instanceof UnknownHostException) {
      return "unknown host '" + m + "'";
    } else if (e instanceof ConnectTimeoutException) {
      return "connection timed out";
    } else if (e instanceof SocketTimeoutException) {
      return "no data for too long (read timed out)";
    } else if (e instanceof ConnectException) {
      return m.toLowerCase(Locale.ROOT).contains("refused")
          ? "connection refused"
          : "cannot connect";
    } else if (e instanceof NoHttpResponseException) {
      return "the server closed the connection without answering";
    } else if (e instanceof ConnectionClosedException) {
      what = "truncated body";
    } else if (e instanceof SSLException) {
      what = "TLS failure";
    } else if (e instanceof SocketException) {
      what = "connection error";
    } else if (e instanceof ClientProtocolException) {
      Throwable c = e.getCause();
      String cm = c == null || c.getMessage() == null ? m : clean(redactor.redact(c.getMessage()));
      return "HTTP protocol error" + (cm.isBlank() ? "" : " (" + cm + ")");
    } else {
      what = "I/O error";
    }
    return m.isBlank() ? what : what + " (" + m + ")";
  }

  /** Removes Java class-name prefixes ("java.net.SocketException: ") from a message. */
  static String clean(String message) {
    return message
        .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
        .strip();
  }

  private static boolean notTls(IOException e) {
    return e instanceof SSLException
        && String.valueOf(e.getMessage()).contains("Unsupported or unrecognized SSL message");
  }

  private static <T extends Throwable> @Nullable T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** An I/O failure that retrying cannot fix. */
  static class NonRetryable extends IOException {
    NonRetryable(String message) {
      super(message);
    }
  }

  /** A retryable failure whose message is already in the user's words. */
  static final class Worded extends IOException {
    Worded(String message) {
      super(message);
    }
  }

  /** The body ended before the announced length. */
  static final class TruncatedBodyException extends IOException {
    TruncatedBodyException(long got, long expected) {
      super("truncated body: got " + got + " of " + expected + " bytes");
    }
  }

  /** The transfer stayed below the minimum speed for the whole window. */
  static final class TooSlowException extends IOException {
    TooSlowException(long bytes, double seconds, long minSpeed) {
      super(
          String.format(
              Locale.ROOT,
              "too slow: %d bytes in %.1f s, below the minimum of %d bytes/s" + " (--min-speed)",
              bytes,
              seconds,
              minSpeed));
    }
  }
}
