package org.esxforge.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.esxforge.testing.ExternalTools;

/**
 * Real nginx and tinyproxy (Debian packages) on loopback, each with its own generated config, pid
 * and logs in a temp directory, in the foreground, stopped by {@link #close()}.
 *
 * <p>nginx listens on 127.0.0.2 and allows only clients from 127.0.0.3; tinyproxy listens on
 * 127.0.0.1 and binds its outgoing connections to 127.0.0.3. So a direct request gets 403 and only
 * a request through the proxy reaches the depot.
 */
final class LoopbackDaemons implements Closeable {
  static final String DEPOT_HOST = "127.0.0.2";
  static final String PROXY_EGRESS = "127.0.0.3";

  final Process process;
  final int port;
  final Path dir;

  private LoopbackDaemons(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** nginx serving {@code docroot} on 127.0.0.2, allowing only 127.0.0.3. */
  static LoopbackDaemons nginx(Path docroot, Path dir) throws IOException, InterruptedException {
    return nginx(docroot, dir, null, null);
  }

  /** nginx as above; with {@code cert}/{@code key} PEM files it serves HTTPS. */
  static LoopbackDaemons nginx(Path docroot, Path dir, Path cert, Path key)
      throws IOException, InterruptedException {
    return nginx(docroot, dir, cert, key, "", false);
  }

  /**
   * nginx as above, with {@code extra} directives in its {@code http} block (e.g. {@code
   * keepalive_timeout 1s;}); {@code allowLoopback} also admits direct clients from 127.0.0.1.
   */
  static LoopbackDaemons nginx(
      Path docroot, Path dir, Path cert, Path key, String extra, boolean allowLoopback)
      throws IOException, InterruptedException {
    Path nginx = ExternalTools.require("nginx");
    Files.createDirectories(dir);
    int port = freePort();
    String conf =
        "daemon off;\nmaster_process off;\npid "
            + dir.resolve("nginx.pid")
            + ";\n"
            + "error_log "
            + dir.resolve("error.log")
            + " info;\n"
            + "events { worker_connections 64; }\n"
            + "http {\n  access_log "
            + dir.resolve("access.log")
            + ";\n"
            + "  client_body_temp_path "
            + dir.resolve("body")
            + ";\n"
            + "  proxy_temp_path "
            + dir.resolve("proxy")
            + ";\n"
            + "  fastcgi_temp_path "
            + dir.resolve("fcgi")
            + ";\n"
            + "  uwsgi_temp_path "
            + dir.resolve("uwsgi")
            + ";\n"
            + "  scgi_temp_path "
            + dir.resolve("scgi")
            + ";\n"
            + "  types { application/xml xml; application/zip zip; }\n"
            + "  default_type application/octet-stream;\n"
            + extra
            + "  server {\n    listen "
            + DEPOT_HOST
            + ":"
            + port
            + (cert == null ? "" : " ssl")
            + ";\n"
            + (cert == null
                ? ""
                : "    ssl_certificate " + cert + ";\n    ssl_certificate_key " + key + ";\n")
            + "    root "
            + docroot
            + ";\n    autoindex on;\n"
            + "    allow "
            + PROXY_EGRESS
            + ";\n"
            + (allowLoopback ? "    allow 127.0.0.1;\n" : "")
            + "    deny all;\n  }\n}\n";
    Path c = dir.resolve("nginx.conf");
    Files.writeString(c, conf);
    Process p =
        new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", c.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    return started(p, DEPOT_HOST, port, dir, "nginx.out");
  }

  /** tinyproxy on 127.0.0.1, egress from 127.0.0.3, with BasicAuth when {@code user} != null. */
  static LoopbackDaemons tinyproxy(Path dir, String user, String password)
      throws IOException, InterruptedException {
    return tinyproxy(dir, user, password, "Info");
  }

  /**
   * tinyproxy as above, logging at {@code logLevel} ({@code Info} logs every connection, several
   * lines per request; {@code Warning} only problems).
   */
  static LoopbackDaemons tinyproxy(Path dir, String user, String password, String logLevel)
      throws IOException, InterruptedException {
    Path tp = ExternalTools.require("tinyproxy");
    Files.createDirectories(dir);
    int port = freePort();
    String conf =
        "Port "
            + port
            + "\nListen 127.0.0.1\nBind "
            + PROXY_EGRESS
            + "\nTimeout 30\n"
            + "LogFile \""
            + dir.resolve("tinyproxy.log")
            + "\"\nLogLevel "
            + logLevel
            + "\n"
            + "PidFile \""
            + dir.resolve("tinyproxy.pid")
            + "\"\nMaxClients 50\n"
            + "Allow 127.0.0.1\nDisableViaHeader Yes\n"
            + (user == null ? "" : "BasicAuth " + user + " " + password + "\n");
    Path c = dir.resolve("tinyproxy.conf");
    Files.writeString(c, conf);
    Process p =
        new ProcessBuilder(tp.toString(), "-d", "-c", c.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tinyproxy.out").toFile())
            .start();
    return started(p, "127.0.0.1", port, dir, "tinyproxy.out");
  }

  private static LoopbackDaemons started(Process p, String host, int port, Path dir, String log)
      throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (!p.isAlive()) {
        throw new IOException("daemon exited: " + Files.readString(dir.resolve(log)));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 200);
        return new LoopbackDaemons(p, port, dir);
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("daemon did not listen on " + host + ":" + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
