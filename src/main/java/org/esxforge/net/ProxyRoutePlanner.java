package org.esxforge.net;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Routes each request through the proxy {@link ProxyConfig#select} names, or directly.
 *
 * <p>Thread-safe (immutable).
 */
final class ProxyRoutePlanner extends DefaultRoutePlanner {
  private final ProxyConfig config;

  ProxyRoutePlanner(ProxyConfig config) {
    super(DefaultSchemePortResolver.INSTANCE);
    this.config = config;
  }

  @Override
  protected @Nullable HttpHost determineProxy(HttpHost target, HttpContext context)
      throws HttpException {
    URI uri;
    try {
      uri =
          new URI(
              target.getSchemeName(),
              null,
              target.getHostName(),
              target.getPort(),
              "/",
              null,
              null);
    } catch (URISyntaxException e) {
      throw new HttpException("bad target host", e);
    }
    return config.select(uri).map(p -> new HttpHost("http", p.host(), p.port())).orElse(null);
  }
}
