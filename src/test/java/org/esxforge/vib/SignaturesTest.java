package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignaturesTest {
  private static TestCa ca;
  private static TestCa otherCa;
  private static final Instant TIME = Instant.parse("2024-06-25T07:22:07Z");

  @TempDir Path tmp;

  @BeforeAll
  static void keys() throws Exception {
    ca = new TestCa("Test");
    otherCa = new TestCa("Other");
  }

  private static byte[] member(String fragment, String name) throws IOException {
    return VibFixtures.arMember(VibFixtures.named(fragment).bytes(), name);
  }

  private static Signatures.Result verifyReal(String fragment, List<X509Certificate> anchors)
      throws IOException {
    return Signatures.verify(
        member(fragment, "descriptor.xml"), member(fragment, "sig.pkcs7"), anchors);
  }

  @Test
  void verify_real67Accepted_signedUnanchoredByAcceptedCert() throws IOException {
    Signatures.Result r = verifyReal("vmkusb-nic-fling_2.1-6vmw.670", List.of());
    assertEquals(Signatures.Status.SIGNED_UNANCHORED, r.status());
    assertEquals(
        "CN=VMware Accepted VIB Signing,OU=Acceptance Signing,O=VMware Inc,C=US", r.signer());
    assertEquals(
        "signed by 'VMware Accepted VIB Signing', not anchored in any trust store", r.detail());
    assertTrue(r.signingTime().toString().startsWith("2020-"), r.signingTime().toString());
  }

  @Test
  void verify_realCertified70To90_signedByCertifiedCert() throws IOException {
    for (String f :
        List.of(
            "nvme-community_1.0.1.0-3vmw.700",
            "nvme-community_1.0.1.0-1vmw.670",
            "vmkusb-nic-fling_1.14-1vmw.803",
            "vmkusb-nic-fling_1.15-1vmw.900")) {
      Signatures.Result r = verifyReal(f, List.of());
      assertEquals(Signatures.Status.SIGNED_UNANCHORED, r.status(), f);
      assertTrue(r.signer().startsWith("CN=VMware Certified VIB Signing,"), r.signer());
    }
    assertEquals(TIME, verifyReal("vmkusb-nic-fling_1.14-1vmw.803", List.of()).signingTime());
  }

  @Test
  void verify_real80WithItsSelfIssuedCertAsAnchor_trusted() throws Exception {
    byte[] sig = member("vmkusb-nic-fling_1.14-1vmw.803", "sig.pkcs7");
    CMSSignedData cms = new CMSSignedData(Signatures.der(sig));
    byte[] certDer =
        ((org.bouncycastle.cert.X509CertificateHolder)
                cms.getCertificates().getMatches(null).iterator().next())
            .getEncoded();
    List<X509Certificate> anchor = Signatures.readCertificates(certDer, "vmware.pem");
    Signatures.Result r = verifyReal("vmkusb-nic-fling_1.14-1vmw.803", anchor);
    assertEquals(Signatures.Status.SIGNED_TRUSTED, r.status());
    assertEquals(
        "signed by 'VMware Certified VIB Signing', anchored in {setting:trust}", r.detail());
    // The 9.0 Fling is signed by the same certificate.
    assertEquals(
        Signatures.Status.SIGNED_TRUSTED,
        verifyReal("vmkusb-nic-fling_1.15-1vmw.900", anchor).status());
    // The 6.7 one is not.
    assertEquals(
        Signatures.Status.SIGNED_UNANCHORED,
        verifyReal("vmkusb-nic-fling_2.1-6vmw.670", anchor).status());
  }

  @Test
  void verify_lsimr3EditedDescriptor_invalid() throws IOException {
    Signatures.Result r = verifyReal("lsimr3-mod-8x", List.of());
    assertEquals(Signatures.Status.INVALID, r.status());
    assertTrue(r.detail().startsWith("signature does not verify"), r.detail());
    assertTrue(r.signer().startsWith("CN=VMware Certified VIB Signing"));
  }

  @Test
  void verify_communityEmptySig_unsigned() throws IOException {
    Signatures.Result r = verifyReal("net-r8125", List.of());
    assertEquals(Signatures.Status.UNSIGNED, r.status());
    assertFalse(r.verified());
  }

  @Test
  void verify_garbage_invalidMalformed() {
    Signatures.Result r =
        Signatures.verify(
            new byte[] {1},
            "-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----".getBytes(StandardCharsets.US_ASCII),
            List.of());
    assertEquals(Signatures.Status.INVALID, r.status());
    assertTrue(r.detail().startsWith("malformed sig.pkcs7: "), r.detail());
    assertEquals(
        Signatures.Status.INVALID,
        Signatures.verify(new byte[] {1}, "not pem".getBytes(StandardCharsets.US_ASCII), List.of())
            .status());
  }

  @Test
  void sign_thenVerify_trustedOnlyWithItsCa() throws Exception {
    byte[] desc = member("vmkusb-nic-fling_1.14-1vmw.803", "descriptor.xml");
    byte[] sig = Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(ca.ca), TIME);
    Signatures.Result trusted = Signatures.verify(desc, sig, List.of(ca.ca));
    assertEquals(Signatures.Status.SIGNED_TRUSTED, trusted.status());
    assertEquals("CN=Test VIB Signing,O=esxforge test", trusted.signer());
    assertEquals(TIME, trusted.signingTime());
    assertEquals("signed by 'Test VIB Signing', anchored in {setting:trust}", trusted.detail());
    assertEquals(
        Signatures.Status.SIGNED_UNANCHORED, Signatures.verify(desc, sig, List.of()).status());
    Signatures.Result other = Signatures.verify(desc, sig, List.of(otherCa.ca));
    assertEquals(Signatures.Status.SIGNED_UNANCHORED, other.status());
    assertEquals("signed by 'Test VIB Signing', not anchored in any trust store", other.detail());
    // Signer cert not embedded in chain, CA given only as anchor: still anchored.
    byte[] bare = Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(), TIME);
    assertEquals(
        Signatures.Status.SIGNED_TRUSTED, Signatures.verify(desc, bare, List.of(ca.ca)).status());
    byte[] edited = desc.clone();
    edited[10] ^= 1;
    assertEquals(
        Signatures.Status.INVALID, Signatures.verify(edited, sig, List.of(ca.ca)).status());
  }

  @Test
  void verify_twinCasWithOneName_eachAnchorsOnlyItsOwnSigner_inAnyOrder() throws Exception {
    // same subject and issuer names, different keys: a chain link is known by both certificates'
    // bytes, never by their names, however often and in whatever order the pairs are asked
    TestCa a = new TestCa("Twin");
    TestCa b = new TestCa("Twin");
    byte[] desc = member("net-r8125", "descriptor.xml");
    byte[] sigA = Signatures.sign(desc, a.signerKeys.getPrivate(), a.signer, List.of(a.ca), TIME);
    byte[] sigB = Signatures.sign(desc, b.signerKeys.getPrivate(), b.signer, List.of(b.ca), TIME);
    for (int round = 0; round < 2; round++) {
      assertEquals(
          Signatures.Status.SIGNED_UNANCHORED,
          Signatures.verify(desc, sigA, List.of(b.ca)).status());
      assertEquals(
          Signatures.Status.SIGNED_TRUSTED, Signatures.verify(desc, sigA, List.of(a.ca)).status());
      assertEquals(
          Signatures.Status.SIGNED_TRUSTED, Signatures.verify(desc, sigB, List.of(b.ca)).status());
      assertEquals(
          Signatures.Status.SIGNED_UNANCHORED,
          Signatures.verify(desc, sigB, List.of(a.ca)).status());
    }
  }

  @Test
  void verify_signingTimeOutsideCertValidity_invalid() throws Exception {
    byte[] desc = member("net-r8125", "descriptor.xml");
    Instant late = Instant.parse("2040-01-01T00:00:00Z"); // the test certs end in 2033
    byte[] sig = Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(), late);
    Signatures.Result r = Signatures.verify(desc, sig, List.of(ca.ca));
    assertEquals(Signatures.Status.INVALID, r.status());
    assertEquals(
        "signer certificate not valid at the signing time 2040-01-01T00:00:00Z", r.detail());
  }

  @Test
  void sign_fixedTime_deterministicVmwareShape() throws Exception {
    byte[] desc = member("vmkusb-nic-fling_1.14-1vmw.803", "descriptor.xml");
    byte[] a = Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(), TIME);
    byte[] b = Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(), TIME);
    assertArrayEquals(a, b);
    String pem = new String(a, StandardCharsets.US_ASCII);
    assertTrue(pem.startsWith("-----BEGIN PKCS7-----\n"));
    assertTrue(pem.endsWith("\n-----END PKCS7-----"));
    String[] lines = pem.split("\n", -1);
    for (int i = 1; i < lines.length - 2; i++) {
      assertEquals(64, lines[i].length(), "line " + i);
    }
    assertFalse(pem.contains("\r"));
    // Same CMS structure as VMware's: compare everything but keys, certs and signature values.
    assertEquals(shape(member("vmkusb-nic-fling_1.14-1vmw.803", "sig.pkcs7")), shape(a));
  }

  /** Version, digest/signature algorithms, signed attribute types, detachedness. */
  private static List<String> shape(byte[] pem) throws Exception {
    CMSSignedData cms = new CMSSignedData(Signatures.der(pem));
    List<String> out = new ArrayList<>();
    out.add("version " + cms.getVersion());
    out.add("detached " + (cms.getSignedContent() == null));
    out.add("eContentType " + cms.getSignedContentTypeOID());
    out.add("digests " + cms.getDigestAlgorithmIDs().stream().map(d -> hexDer(d)).toList());
    out.add("certs " + cms.getCertificates().getMatches(null).size());
    for (SignerInformation si : cms.getSignerInfos().getSigners()) {
      out.add("signer version " + si.getVersion());
      out.add("sid issuerAndSerial " + (si.getSID().getIssuer() != null));
      out.add("digest " + hexDer(si.getDigestAlgorithmID()));
      out.add(
          "sigalg "
              + si.getEncryptionAlgOID()
              + " "
              + hexDer(si.toASN1Structure().getDigestEncryptionAlgorithm()));
      List<String> attrs = new ArrayList<>();
      org.bouncycastle.asn1.ASN1EncodableVector v =
          si.getSignedAttributes().toASN1EncodableVector();
      for (int i = 0; i < v.size(); i++) {
        attrs.add(((org.bouncycastle.asn1.cms.Attribute) v.get(i)).getAttrType().getId());
      }
      out.add("signed attrs " + attrs);
      out.add("unsigned attrs " + (si.getUnsignedAttributes() == null));
    }
    return out;
  }

  private static String hexDer(ASN1Encodable e) {
    try {
      return java.util.HexFormat.of().formatHex(e.toASN1Primitive().getEncoded("DER"));
    } catch (IOException x) {
      throw new IllegalStateException(x);
    }
  }

  @Test
  void sign_output_verifiesWithOpenssl() throws Exception {
    Path openssl = ExternalTools.require("openssl");
    byte[] desc = member("nvme-community_1.0.1.0-3vmw.700", "descriptor.xml");
    Path d = tmp.resolve("descriptor.xml");
    Path s = tmp.resolve("sig.pkcs7");
    Path caPem = tmp.resolve("ca.pem");
    Files.write(d, desc);
    Files.write(
        s, Signatures.sign(desc, ca.signerKeys.getPrivate(), ca.signer, List.of(ca.ca), TIME));
    Files.writeString(
        caPem,
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(ca.ca.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "PEM",
                "-in",
                s.toString(),
                "-content",
                d.toString(),
                "-CAfile",
                caPem.toString(),
                "-purpose",
                "any",
                "-out",
                "/dev/null")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("Verification successful"), out);
  }
}
