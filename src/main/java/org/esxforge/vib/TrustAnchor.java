package org.esxforge.vib;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * One certificate a VIB signature may chain to, with the store it comes from and the VIBs it may
 * anchor. An anchor with an empty scope anchors every VIB (the built-in VMware certificates, {@code
 * --trust} files); a scoped anchor (the sample CA, whose keys are public) anchors only VIBs read
 * from a location under one of its scope folders.
 *
 * <p>Immutable and thread-safe.
 *
 * @param certificate the anchor certificate
 * @param store where it comes from, for messages, e.g. {@code esxforge's built-in VMware store}
 * @param scope absolute, normalised folders; empty = every VIB
 */
public record TrustAnchor(X509Certificate certificate, String store, List<Path> scope) {
  public TrustAnchor {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(store, "store");
    scope = scope.stream().map(TrustAnchor::real).toList();
  }

  /**
   * True when this anchor may anchor a VIB read from {@code origins} (depot locations: paths or
   * URLs): always for an unscoped anchor; for a scoped one, when some local origin lies under a
   * scope folder (links resolved on both sides: a link to the folder is the folder).
   */
  public boolean covers(Collection<String> origins) {
    if (scope.isEmpty()) {
      return true;
    }
    for (String o : origins) {
      Path p = localPath(o);
      if (p != null && scope.stream().anyMatch(p::startsWith)) {
        return true;
      }
    }
    return false;
  }

  /** The certificate's common name, else its whole subject (RFC 2253). */
  public String name() {
    return commonName(certificate);
  }

  /** The CN of {@code cert}'s subject, else the whole subject DN (RFC 2253). */
  static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return dn;
    }
    return dn;
  }

  private static @Nullable Path localPath(String origin) {
    String l = origin.toLowerCase(java.util.Locale.ROOT);
    if (l.startsWith("http://") || l.startsWith("https://")) {
      return null;
    }
    if (l.startsWith("file:")) {
      try {
        return real(Path.of(java.net.URI.create(origin)));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    int bang = origin.indexOf('!');
    String path = bang < 0 ? origin : origin.substring(0, bang);
    try {
      return real(Path.of(path));
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /** The real path when it exists (links resolved), else the absolute normalised one. */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
