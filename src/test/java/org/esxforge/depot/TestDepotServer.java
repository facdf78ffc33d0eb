package org.esxforge.depot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) serving a directory under
 * {@code /depot/}, with optional HTML directory listings, fixed responses and a request log.
 */
final class TestDepotServer implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  private final boolean listings;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, byte[]> fixed = new ConcurrentHashMap<>();

  TestDepotServer(Path root, boolean listings) throws IOException {
    this.root = root;
    this.listings = listings;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<String> requests() {
    return requests;
  }

  /** Answers {@code path} with this status (and no body). */
  void status(String path, int status) {
    statuses.put(path, status);
  }

  /** Answers {@code path} with these bytes. */
  void fixed(String path, byte[] body) {
    fixed.put(path, body);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(path);

    try (ex) {
      Integer st = statuses.get(path);
      if (st != null) {
        ex.sendResponseHeaders(st, -1);
        return;
      }
      byte[] body = fixed.get(path);
      if (body == null && path.startsWith("/depot/")) {
        Path f = root.resolve(path.substring("/depot/".length())).normalize();
        if (f.startsWith(root) && Files.isRegularFile(f)) {
          body = Files.readAllBytes(f);
        } else if (f.startsWith(root) && Files.isDirectory(f) && listings) {
          body = listing(f, path);
        }
      }
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] listing(Path dir, String path) throws IOException {
    StringBuilder sb =
        new StringBuilder("<!DOCTYPE html>\n<html><head><title>Index of ")
            .append(path)
            .append("</title></head><body><h1>Index of ")
            .append(path)
            .append("</h1><pre><a href=\"../\">../</a>\n");
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName() + (Files.isDirectory(p) ? "/" : "");
        sb.append("<a href=\"").append(n).append("\">").append(n).append("</a>\n");
      }
    }
    return sb.append("</pre></body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
