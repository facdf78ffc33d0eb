package org.esxforge.net;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server on a raw {@link ServerSocket} that injects faults: connection resets,
 * 503s, stalls longer than the client's read timeout, and bodies truncated at a random offset. It
 * serves files from memory, honours {@code Range} (unless told not to), answers {@code
 * If-None-Match} with 304, and counts requests and body bytes served.
 *
 * <p>Faults come first from a queue ({@link #enqueue}), then, if {@link #randomFaults} was called,
 * from a seeded {@link Random}. Thread-safe.
 */
public final class FaultServer implements Closeable {
  /** What the server does with one request. */
  public enum Fault {
    NONE,
    RESET,
    STATUS_503,
    /** 503 with {@code Retry-After: 1}. */
    STATUS_503_RETRY_AFTER,
    STALL,
    TRUNCATE,
    /** 503 with {@code Retry-After} as an HTTP date 2 s after the response's {@code Date}. */
    STATUS_503_RETRY_AFTER_DATE,
    /**
     * The body without {@code Content-Length}, cut short, then the connection closes (HTTP/1.0
     * style).
     */
    UNDELIMITED_TRUNCATE,
    /** The body one byte per {@link #dripMillis} (never silent long enough for a read timeout). */
    DRIP,
    /** 416 for a Range request. */
    STATUS_416
  }

  /** One request as received: path and headers (names lower-cased). Immutable. */
  public record Seen(String path, Map<String, String> headers) {}

  private final Map<String, String[]> redirects = new ConcurrentHashMap<>();
  private final java.util.List<Seen> seen =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private volatile boolean sendValidators = true;
  private volatile long dripMillis = 100;

  private final ServerSocket socket;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-server");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Deque<Fault> queue = new ArrayDeque<>();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile long delayMillis;
  private final Map<String, AtomicLong> bytesByPath = new ConcurrentHashMap<>();
  private Random random;
  private double faultRate;
  private long stallMillis = 3000;
  private volatile boolean honourRange = true;
  private volatile boolean closed;

  public FaultServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::acceptLoop);
  }

  /** The URL of {@code path} (which starts with '/'). */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Answers {@code path} with {@code status} and {@code Location: location}. */
  public FaultServer redirect(String path, int status, String location) {
    redirects.put(path, new String[] {Integer.toString(status), location});
    return this;
  }

  /** Whether responses carry an {@code ETag} (and answer {@code If-None-Match}). */
  public FaultServer sendValidators(boolean send) {
    this.sendValidators = send;
    return this;
  }

  public FaultServer dripMillis(long millis) {
    this.dripMillis = millis;
    return this;
  }

  /** Stops serving {@code path} (404 from now on). */
  public FaultServer forget(String path) {
    files.remove(path);
    return this;
  }

  /** Waits {@code millis} before answering each request (a distant server). */
  public FaultServer delayMillis(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** The most requests this server was answering at the same time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Every request received so far, in order. */
  public java.util.List<Seen> seen() {
    synchronized (seen) {
      return java.util.List.copyOf(seen);
    }
  }

  public FaultServer serve(String path, byte[] content) {
    files.put(path, content.clone());
    return this;
  }

  public synchronized FaultServer enqueue(Fault... faults) {
    for (Fault f : faults) {
      queue.add(f);
    }
    return this;
  }

  /** After the queue, each request gets a random fault with probability {@code rate}. */
  public synchronized FaultServer randomFaults(long seed, double rate) {
    this.random = new Random(seed);
    this.faultRate = rate;
    return this;
  }

  public FaultServer stallMillis(long millis) {
    this.stallMillis = millis;
    return this;
  }

  public FaultServer honourRange(boolean honour) {
    this.honourRange = honour;
    return this;
  }

  public long bodyBytesServed() {
    return bodyBytes.get();
  }

  public long bodyBytesServed(String path) {
    AtomicLong n = bytesByPath.get(path);
    return n == null ? 0 : n.get();
  }

  public long requestCount() {
    return requests.get();
  }

  private synchronized Fault nextFault() {
    if (!queue.isEmpty()) {
      return queue.poll();
    }
    if (random != null && random.nextDouble() < faultRate) {
      Fault[] f = {Fault.RESET, Fault.STATUS_503, Fault.STALL, Fault.TRUNCATE};
      return f[random.nextInt(f.length)];
    }
    return Fault.NONE;
  }

  private synchronized int randomBelow(int bound) {
    return bound <= 0 ? 0 : (random != null ? random : new Random(bound)).nextInt(bound);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        pool.execute(() -> handle(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket s) {
    try (s) {
      java.io.PushbackInputStream raw = new java.io.PushbackInputStream(s.getInputStream(), 1);
      // headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and
      // the client's delayed ACK hold every response back ~40 ms
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      int first = raw.read();
      if (first == 0x16) {
        // a TLS ClientHello on this plain-HTTP port: answer like any web server would
        write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      if (first >= 0) {
        raw.unread(first);
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(raw, StandardCharsets.ISO_8859_1));
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        if (requestLine.split(" ").length < 3) {
          // not HTTP (e.g. a TLS ClientHello): answer like any web server would
          write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          return;
        }
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          int colon = line.indexOf(':');
          headers.put(
              line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).strip());
        }
        requests.incrementAndGet();
        seen.add(new Seen(requestLine.split(" ")[1], Map.copyOf(headers)));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          if (delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          if (!respond(s, out, requestLine.split(" ")[1], headers)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          inFlight.decrementAndGet();
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  /** Returns false when the connection must be closed. */
  private boolean respond(Socket s, OutputStream out, String path, Map<String, String> headers)
      throws IOException {
    Fault fault = nextFault();
    if (fault == Fault.RESET) {
      s.setSoLinger(true, 0);
      return false;
    }
    if (fault == Fault.STATUS_503_RETRY_AFTER) {
      write(out, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    if (fault == Fault.STATUS_503) {
      write(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    if (fault == Fault.STATUS_503_RETRY_AFTER_DATE) {
      java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
      java.time.ZonedDateTime date =
          java.time.ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, java.time.ZoneOffset.UTC);
      write(
          out,
          "HTTP/1.1 503 Service Unavailable\r\nDate: "
              + f.format(date)
              + "\r\nRetry-After: "
              + f.format(date.plusSeconds(2))
              + "\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    String[] redirect = redirects.get(path);
    if (redirect != null) {
      write(
          out,
          "HTTP/1.1 "
              + redirect[0]
              + " Moved\r\nLocation: "
              + redirect[1]
              + "\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    if (fault == Fault.STATUS_416 && headers.containsKey("range")) {
      write(out, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    byte[] body = files.get(path);
    if (body == null) {
      write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    if (fault == Fault.UNDELIMITED_TRUNCATE) {
      write(
          out,
          "HTTP/1.0 200 OK\r\n"
              + (sendValidators ? "ETag: " + etag + "\r\n" : "")
              + "Connection: close\r\n\r\n");
      out.write(body, 0, body.length / 2);
      out.flush();
      return false;
    }
    if (sendValidators && etag.equals(headers.get("if-none-match"))) {
      write(out, "HTTP/1.1 304 Not Modified\r\nETag: " + etag + "\r\n\r\n");
      return true;
    }
    int start = 0;
    String status = "200 OK";
    String extra = "";
    String range = headers.get("range");
    if (honourRange
        && range != null
        && range.startsWith("bytes=")
        && range.endsWith("-")
        && (!headers.containsKey("if-range") || etag.equals(headers.get("if-range")))) {
      start = Integer.parseInt(range.substring(6, range.length() - 1));
      status = "206 Partial Content";
      extra =
          "Content-Range: bytes " + start + "-" + (body.length - 1) + "/" + body.length + "\r\n";
    }
    int length = body.length - start;
    write(
        out,
        "HTTP/1.1 "
            + status
            + "\r\nContent-Length: "
            + length
            + (sendValidators ? "\r\nETag: " + etag : "")
            + "\r\nAccept-Ranges: bytes\r\n"
            + extra
            + "\r\n");
    if (fault == Fault.DRIP) {
      for (int i = 0; i < length; i++) {
        out.write(body[start + i]);
        out.flush();
        try {
          Thread.sleep(dripMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
    int send = length;
    if (fault == Fault.TRUNCATE || fault == Fault.STALL) {
      send = randomBelow(length);
    }
    out.write(body, start, send);
    out.flush();
    bodyBytes.addAndGet(send);
    bytesByPath.computeIfAbsent(path, k -> new AtomicLong()).addAndGet(send);
    if (fault == Fault.STALL) {
      try {
        Thread.sleep(stallMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
    return fault != Fault.TRUNCATE;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    pool.shutdownNow();
  }
}
