package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.esxforge.io.FormatException;

/**
 * The certificates VIB signatures may chain to. {@link #builtIn()} holds VMware's public VIB
 * signing certificates, shipped with esxforge under {@code org/esxforge/vib/trust/} (each extracted
 * unchanged from the {@code sig.pkcs7} of a real VMware-signed VIB; provenance and SHA-256
 * fingerprints in that folder's README.md and in docs/trust.md). {@code --trust} files are added
 * beside them ({@link #plus}); the sample CA is added with a scope ({@link #plusScoped}), so it
 * anchors only the sample's own VIBs.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustStore {
  /** The name of the built-in store in messages. */
  public static final String BUILT_IN = "esxforge's built-in VMware store";

  /** The shipped certificates, in the order tried. */
  static final List<String> BUILT_IN_FILES =
      List.of(
          "vmware-certified-vib-signing.pem",
          "vmware-accepted-vib-signing.pem",
          "vmware-vib-signing-2008.pem");

  private static final TrustStore BUILT_IN_STORE = new TrustStore(loadBuiltIn());

  private final List<TrustAnchor> anchors;

  /** No anchor is scoped: each covers every origin ({@link #anchorsFor} is all of them). */
  private final boolean unscoped;

  private TrustStore(List<TrustAnchor> anchors) {
    this.anchors = List.copyOf(anchors);
    this.unscoped = this.anchors.stream().allMatch(a -> a.scope().isEmpty());
  }

  /** VMware's VIB signing certificates: the default trust store. */
  public static TrustStore builtIn() {
    return BUILT_IN_STORE;
  }

  /** No anchor at all (tests of the unanchored paths). */
  public static TrustStore empty() {
    return new TrustStore(List.of());
  }

  /** This store plus {@code certs} (anchoring every VIB), named {@code store} in messages. */
  public TrustStore plus(Collection<X509Certificate> certs, String store) {
    return plusScoped(certs, store, List.of());
  }

  /**
   * This store plus {@code certs}, which anchor only VIBs read from under one of {@code scope}'s
   * folders (empty = every VIB).
   */
  public TrustStore plusScoped(Collection<X509Certificate> certs, String store, List<Path> scope) {
    List<TrustAnchor> all = new ArrayList<>(anchors);
    for (X509Certificate c : certs) {
      TrustAnchor a = new TrustAnchor(c, store, scope);
      if (!all.contains(a)) {
        all.add(a);
      }
    }
    return new TrustStore(all);
  }

  /** Every anchor, built-in ones first. */
  public List<TrustAnchor> anchors() {
    return anchors;
  }

  /** The anchors that may anchor a VIB read from {@code origins} (depot locations). */
  public List<TrustAnchor> anchorsFor(Collection<String> origins) {
    if (unscoped) {
      return anchors; // asked once per VIB verified: no filtering when there is nothing to filter
    }
    return anchors.stream().filter(a -> a.covers(origins)).toList();
  }

  /** True if any anchor (of any scope) has this certificate. */
  public boolean contains(X509Certificate cert) {
    return anchors.stream().anyMatch(a -> a.certificate().equals(cert));
  }

  /** True if {@code sha256Hex} is the fingerprint of one of the built-in VMware certificates. */
  public static boolean isBuiltIn(String sha256Hex) {
    return BUILT_IN_STORE.anchors.stream()
        .anyMatch(a -> Signatures.fingerprint(a.certificate()).equalsIgnoreCase(sha256Hex));
  }

  @Override
  public String toString() {
    return anchors.size() + " trust anchors";
  }

  private static List<TrustAnchor> loadBuiltIn() {
    List<TrustAnchor> out = new ArrayList<>();
    for (String f : BUILT_IN_FILES) {
      try (InputStream in = TrustStore.class.getResourceAsStream("trust/" + f)) {
        if (in == null) {
          throw new IllegalStateException("esxforge jar incomplete: trust/" + f + " missing");
        }
        for (X509Certificate c : Signatures.readCertificates(in.readAllBytes(), f)) {
          out.add(new TrustAnchor(c, BUILT_IN, List.of()));
        }
      } catch (FormatException e) {
        throw new IllegalStateException("esxforge jar damaged: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
