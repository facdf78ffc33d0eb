package org.esxforge.vib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.esxforge.io.UserSetting;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and creates a VIB's {@code sig.pkcs7} (docs/formats.md §4.6): a PEM, detached CMS/PKCS#7
 * SignedData over the exact {@code descriptor.xml} bytes, SHA-256, signed attributes contentType,
 * signingTime and messageDigest, signer certificate embedded.
 *
 * <p>Trust: a signature that verifies is {@link Status#SIGNED_UNANCHORED} unless a chain of
 * certificates (embedded ones and the anchors) leads from the signer to one of the caller's trust
 * anchors, each link checked by signature (a certificate that merely carries an anchor's name does
 * not chain to it); then it is {@link Status#SIGNED_TRUSTED}, naming the anchor's store. Whether an
 * unanchored signature is acceptable depends on the acceptance level: {@link SignaturePolicy}.
 * Validity dates are checked for the signer only, at the signing time (BouncyCastle does this);
 * VMware's signing certificates have since expired, so "now" would reject every real VIB.
 *
 * <p>Thread-safe. Its only state is a bounded memo of chain links already checked (see {@code
 * signedBy}), which depends on nothing but certificate bytes.
 */
public final class Signatures {
  private static final String BEGIN = "-----BEGIN PKCS7-----";
  private static final String END = "-----END PKCS7-----";
  private static final int MAX_CHAIN = 10;
  private static final int MAX_LINKS = 1024;
  private static final Map<Link, Boolean> LINKS = new ConcurrentHashMap<>();

  private Signatures() {}

  /** The verdict on a {@code sig.pkcs7}. */
  public enum Status {
    /** 0-byte {@code sig.pkcs7} (community VIBs). */
    UNSIGNED,
    /** The signature verifies; no chain to a given trust anchor ("signed, chain not anchored"). */
    SIGNED_UNANCHORED,
    /** The signature verifies and chains to a given trust anchor. */
    SIGNED_TRUSTED,
    /** Malformed, or does not verify over the descriptor. */
    INVALID
  }

  /**
   * The outcome of checking one VIB's signature, with who signed it and the anchor reached.
   *
   * @param signer the signer certificate's subject DN (RFC 2253), "" when unknown
   * @param signingTime the signingTime attribute, null when absent or unsigned
   * @param detail a short phrase, e.g. "signed by 'VMware Certified VIB Signing', anchored in
   *     esxforge's built-in VMware store"
   * @param signerName the signer certificate's CN (else its DN), "" when unknown
   * @param signerSha256 the SHA-256 fingerprint (hex) of the signer certificate, "" when unknown
   * @param store the store of the anchor reached (SIGNED_TRUSTED), else ""
   */
  public record Result(
      Status status,
      String signer,
      @Nullable Instant signingTime,
      String detail,
      String signerName,
      String signerSha256,
      String store) {
    public Result {
      Objects.requireNonNull(status, "status");
      signer = signer == null ? "" : signer;
      detail = detail == null ? "" : detail;
      signerName = signerName == null ? "" : signerName;
      signerSha256 = signerSha256 == null ? "" : signerSha256;
      store = store == null ? "" : store;
    }

    public Result(Status status, String signer, @Nullable Instant signingTime, String detail) {
      this(status, signer, signingTime, detail, "", "", "");
    }

    /** True for the two SIGNED states. */
    public boolean verified() {
      return status == Status.SIGNED_UNANCHORED || status == Status.SIGNED_TRUSTED;
    }
  }

  /**
   * Verifies {@code signature} over {@code descriptor} against bare certificates (store name {@link
   * UserSetting#TRUST}).
   *
   * @param trustAnchors may be empty: then a good signature is SIGNED_UNANCHORED
   */
  public static Result verify(
      byte[] descriptor, byte[] signature, List<X509Certificate> trustAnchors) {
    return verifyAnchored(
        descriptor,
        signature,
        trustAnchors.stream()
            .map(c -> new TrustAnchor(c, UserSetting.TRUST.toString(), List.of()))
            .toList());
  }

  /**
   * Verifies {@code signature} over {@code descriptor}; a good signature is SIGNED_TRUSTED when it
   * chains to one of {@code anchors} (already narrowed to those that may anchor this VIB, see
   * {@link TrustStore#anchorsFor}).
   */
  public static Result verifyAnchored(
      byte[] descriptor, byte[] signature, List<TrustAnchor> anchors) {
    if (signature.length == 0) {
      return new Result(Status.UNSIGNED, "", null, "unsigned");
    }
    List<X509Certificate> trustAnchors = anchors.stream().map(TrustAnchor::certificate).toList();
    CMSSignedData cms;
    try {
      cms = new CMSSignedData(new CMSProcessableByteArray(descriptor), der(signature));
    } catch (CMSException
        | IllegalArgumentException
        | IllegalStateException
        | ClassCastException e) {
      return new Result(Status.INVALID, "", null, "malformed sig.pkcs7: " + oneLine(e));
    }
    Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
    if (signers.isEmpty()) {
      return new Result(Status.INVALID, "", null, "sig.pkcs7 has no signer");
    }
    @SuppressWarnings("unchecked")
    Store<X509CertificateHolder> store = cms.getCertificates();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    List<X509Certificate> embedded = new ArrayList<>();
    @Nullable Result last = null;
    try {
      for (X509CertificateHolder h : store.getMatches(null)) {
        embedded.add(conv.getCertificate(h));
      }
      for (SignerInformation si : signers) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> match = store.getMatches(si.getSID());
        if (match.isEmpty()) {
          return new Result(Status.INVALID, "", null, "signer certificate not embedded");
        }
        X509Certificate cert = conv.getCertificate(match.iterator().next());
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        Instant time = signingTime(si);
        boolean ok;
        try {
          ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
        } catch (org.bouncycastle.cms.CMSVerifierCertificateNotValidException e) {
          return new Result(
              Status.INVALID, dn, time, "signer certificate not valid at the signing time " + time);
        } catch (CMSException e) {
          return new Result(Status.INVALID, dn, time, "signature does not verify: " + oneLine(e));
        }
        if (!ok) {
          return new Result(Status.INVALID, dn, time, "signature does not verify");
        }
        X509Certificate anchor = anchorFor(cert, embedded, trustAnchors);
        String name = TrustAnchor.commonName(cert);
        String fp = fingerprint(cert);
        if (anchor != null) {
          String where = anchors.get(trustAnchors.indexOf(anchor)).store();
          last =
              new Result(
                  Status.SIGNED_TRUSTED,
                  dn,
                  time,
                  "signed by '" + name + "', anchored in " + where,
                  name,
                  fp,
                  where);
        } else {
          last =
              new Result(
                  Status.SIGNED_UNANCHORED,
                  dn,
                  time,
                  "signed by '" + name + "', not anchored in any trust store",
                  name,
                  fp,
                  "");
        }
        if (anchor == null) {
          return last; // one unanchored signer makes the whole unanchored
        }
      }
    } catch (CertificateException | OperatorCreationException | RuntimeException e) {
      return new Result(Status.INVALID, "", null, "malformed sig.pkcs7: " + oneLine(e));
    }
    // signers is not empty, so the loop set last (or returned)
    return Objects.requireNonNull(last, "a signer's result");
  }

  /** The anchor the chain from {@code cert} reaches, or null. */
  private static @Nullable X509Certificate anchorFor(
      X509Certificate cert, List<X509Certificate> embedded, List<X509Certificate> anchors) {
    X509Certificate cur = cert;
    for (int depth = 0; depth < MAX_CHAIN; depth++) {
      for (X509Certificate a : anchors) {
        if (a.equals(cur) || signedBy(cur, a)) {
          return a;
        }
      }
      X509Certificate next = null;
      for (X509Certificate c : embedded) {
        if (!c.equals(cur) && signedBy(cur, c)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        return null;
      }
      cur = next;
    }
    return null;
  }

  /** The SHA-256 fingerprint of {@code cert}'s DER encoding, lower-case hex. */
  static String fingerprint(X509Certificate cert) {
    try {
      return org.esxforge.io.Sha256.of(cert.getEncoded()).hex();
    } catch (java.security.cert.CertificateEncodingException e) {
      return "";
    }
  }

  /**
   * Whether {@code issuer}'s key signed {@code child}. Remembered per pair of certificates (keyed
   * by both DER encodings, which is what {@link X509Certificate#equals} compares): a depot's VIBs
   * share a handful of signers, and each VIB's chain used to cost one more RSA verification per
   * link. The answer depends on nothing but those bytes. Bounded: emptied when it grows past
   * {@value #MAX_LINKS} pairs.
   */
  private static boolean signedBy(X509Certificate child, X509Certificate issuer) {
    if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    Link link = new Link(child, issuer);
    Boolean known = LINKS.get(link);
    if (known != null) {
      return known;
    }
    boolean signed;
    try {
      child.verify(issuer.getPublicKey());
      signed = true;
    } catch (GeneralSecurityException | RuntimeException e) {
      signed = false;
    }
    if (LINKS.size() >= MAX_LINKS) {
      LINKS.clear();
    }
    LINKS.put(link, signed);
    return signed;
  }

  private static @Nullable Instant signingTime(SignerInformation si) {
    AttributeTable t = si.getSignedAttributes();
    Attribute a = t == null ? null : t.get(CMSAttributes.signingTime);
    if (a == null || a.getAttrValues().size() != 1) {
      return null;
    }
    try {
      return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Signs {@code descriptor} the way VMware's {@code sig.pkcs7} is made: detached SignedData,
   * SHA-256 with RSA PKCS#1 v1.5, signed attributes contentType, signingTime ({@code signingTime},
   * never the clock) and messageDigest only, {@code cert} and {@code chain} embedded; PEM with
   * 64-character lines, LF, no newline after the END line. Deterministic for a fixed time and key.
   */
  public static byte[] sign(
      byte[] descriptor,
      PrivateKey key,
      X509Certificate cert,
      List<X509Certificate> chain,
      Instant signingTime)
      throws IOException {
    try {
      CMSAttributeTableGenerator attrs =
          params -> {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(
                new Attribute(
                    CMSAttributes.contentType,
                    new DERSet(
                        (org.bouncycastle.asn1.ASN1ObjectIdentifier)
                            params.get(CMSAttributeTableGenerator.CONTENT_TYPE))));
            v.add(
                new Attribute(
                    CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            v.add(
                new Attribute(
                    CMSAttributes.messageDigest,
                    new DERSet(
                        new org.bouncycastle.asn1.DEROctetString(
                            (byte[]) params.get(CMSAttributeTableGenerator.DIGEST)))));
            return new AttributeTable(v);
          };
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(
                  new JcaDigestCalculatorProviderBuilder().build(),
                  // VMware's SignerInfo names the key algorithm (rsaEncryption), not sha256WithRSA.
                  sigAlg ->
                      new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                          org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption,
                          org.bouncycastle.asn1.DERNull.INSTANCE))
              .setSignedAttributeGenerator(attrs)
              // VMware (OpenSSL) writes sha256 with explicit NULL parameters; BC omits them.
              .setContentDigest(
                  new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                      org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256,
                      org.bouncycastle.asn1.DERNull.INSTANCE))
              .build(new JcaContentSignerBuilder("SHA256withRSA").build(key), cert));
      List<X509Certificate> certs = new ArrayList<>();
      certs.add(cert);
      for (X509Certificate c : chain) {
        if (!c.equals(cert)) {
          certs.add(c);
        }
      }
      gen.addCertificates(new JcaCertStore(certs));
      CMSSignedData sd = gen.generate(new CMSProcessableByteArray(descriptor), false);
      return pem(sd.getEncoded("DER"));
    } catch (CMSException | OperatorCreationException | CertificateException e) {
      throw new IOException("cannot sign descriptor: " + oneLine(e), e);
    }
  }

  /** PEM text with 64-character base64 lines, LF endings, no newline after the END line. */
  static byte[] pem(byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    return sb.append(END).toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** DER from PEM (any line endings, optional trailing newline) or DER passed through. */
  static byte[] der(byte[] sig) {
    if (sig.length > 0 && sig[0] == 0x30) {
      return sig;
    }
    String s = new String(sig, StandardCharsets.US_ASCII).trim();
    int b = s.indexOf(BEGIN);
    int e = s.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no PEM PKCS7 block");
    }
    return Base64.getMimeDecoder().decode(s.substring(b + BEGIN.length(), e));
  }

  /** Reads every X.509 certificate from PEM or DER bytes (a {@code --trust} file). */
  public static List<X509Certificate> readCertificates(byte[] pemOrDer, String source)
      throws org.esxforge.io.FormatException {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pemOrDer))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new org.esxforge.io.FormatException(source, "no X.509 certificate");
      }
      return out;
    } catch (CertificateException e) {
      throw new org.esxforge.io.FormatException(
          source, null, -1, "not an X.509 certificate file: " + oneLine(e), e);
    }
  }

  private static String oneLine(Exception e) {
    return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
  }

  private record Link(X509Certificate child, X509Certificate issuer) {}
}
