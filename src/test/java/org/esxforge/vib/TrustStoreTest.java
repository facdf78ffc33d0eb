package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The built-in trust store is exactly the certificates embedded in the real VMware-signed fixtures,
 * unchanged, with the fingerprints its README documents; every real VMware signature is anchored in
 * it without {@code --trust}; scoped anchors anchor only their own folders.
 */
class TrustStoreTest {
  /** The certificates embedded in a sig.pkcs7 (PEM). */
  private static List<byte[]> embedded(byte[] sigPkcs7) throws Exception {
    CMSSignedData cms = new CMSSignedData(Signatures.der(sigPkcs7));
    List<byte[]> out = new ArrayList<>();
    for (Object h : cms.getCertificates().getMatches(null)) {
      out.add(((X509CertificateHolder) h).getEncoded());
    }
    return out;
  }

  private static byte[] shipped(String file) throws IOException {
    try (InputStream in = TrustStore.class.getResourceAsStream("trust/" + file)) {
      return Signatures.readCertificates(in.readAllBytes(), file).get(0).getEncoded().clone();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
  }

  @Test
  void builtIn_eachCertificateIsTheOneInARealVmwareSignatureUnchanged() throws Exception {
    byte[] certified =
        embedded(
                VibFixtures.arMember(
                    VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803").bytes(), "sig.pkcs7"))
            .get(0);
    byte[] accepted =
        embedded(
                VibFixtures.arMember(
                    VibFixtures.named("vmkusb-nic-fling_2.1-6vmw.670").bytes(), "sig.pkcs7"))
            .get(0);
    byte[] old =
        embedded(
                Files.readAllBytes(
                    Fixtures.real("esximg-6.7-host/vibs/esx-base-591008816.xml.sig")))
            .get(0);
    assertArrayEquals(certified, shipped("vmware-certified-vib-signing.pem"));
    assertArrayEquals(accepted, shipped("vmware-accepted-vib-signing.pem"));
    assertArrayEquals(old, shipped("vmware-vib-signing-2008.pem"));
    assertEquals(3, TrustStore.builtIn().anchors().size());
  }

  @Test
  void builtIn_fingerprintsAreTheDocumentedOnes() throws IOException {
    String readme;
    try (InputStream in = TrustStore.class.getResourceAsStream("trust/README.md")) {
      readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String doc = Files.readString(Path.of("docs/trust.md"));
    List<String> fps =
        List.of(
            "321690a8e06810b184032f073c305a082112bdad5870ef2e8953e01be956d710",
            "131cbb0f7f3e9bb2b15455d47d55b1bd6c59e48bde6bc00bb0e0033cf7b5036e",
            "d484739ddd38e1b38117cec209b7ed125f61933052fe1f8a42fbb95d38017187");
    for (int i = 0; i < fps.size(); i++) {
      String fp = Sha256.of(shipped(TrustStore.BUILT_IN_FILES.get(i))).hex();
      assertEquals(fps.get(i), fp, TrustStore.BUILT_IN_FILES.get(i));
      assertTrue(readme.contains(fp), "README lacks " + fp);
      assertTrue(doc.contains(fp), "docs/trust.md lacks " + fp);
    }
  }

  @Test
  void builtIn_every67HostSignatureAnchoredWithoutTrust() throws IOException {
    Path dir = Fixtures.real("esximg-6.7-host/vibs");
    int n = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path sig : s.filter(p -> p.toString().endsWith(".xml.sig")).sorted().toList()) {
        String name = sig.getFileName().toString();
        Path orig = dir.resolve(name.substring(0, name.length() - ".sig".length()) + ".orig");
        Signatures.Result r =
            Signatures.verifyAnchored(
                Files.readAllBytes(orig), Files.readAllBytes(sig), TrustStore.builtIn().anchors());
        assertEquals(Signatures.Status.SIGNED_TRUSTED, r.status(), name + ": " + r.detail());
        assertEquals(TrustStore.BUILT_IN, r.store());
        n++;
      }
    }
    assertEquals(136, n);
  }

  @Test
  void scoped_anchorsOnlyVibsReadFromUnderItsFolders() throws Exception {
    TestCa ca = new TestCa("Scope");
    TrustStore s =
        TrustStore.builtIn()
            .plusScoped(
                List.of(ca.ca),
                "the sample CA",
                List.of(Path.of("depots/sample-7.0"), Path.of("samples")));
    assertEquals(4, s.anchorsFor(List.of("depots/sample-7.0")).size());
    assertEquals(
        4,
        s.anchorsFor(List.of(Path.of("samples/HP.zip").toAbsolutePath() + "!vib20/x/x.vib"))
            .size());
    assertEquals(3, s.anchorsFor(List.of("/elsewhere/evil.zip")).size());
    assertEquals(3, s.anchorsFor(List.of("https://depot.example/index.xml")).size());
    assertEquals(3, s.anchorsFor(List.of("depots/sample-7.0-evil/x.vib")).size());
    // a VIB signed by the scoped CA: anchored from its folder, refused from anywhere else
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    byte[] desc = VibFixtures.arMember(v.bytes(), "descriptor.xml");
    byte[] sig =
        Signatures.sign(
            desc,
            ca.signerKeys.getPrivate(),
            ca.signer,
            List.of(ca.ca),
            Instant.parse("2025-01-01T00:00:00Z"));
    Signatures.Result inside =
        Signatures.verifyAnchored(desc, sig, s.anchorsFor(Set.of("depots/sample-7.0")));
    Signatures.Result outside =
        Signatures.verifyAnchored(desc, sig, s.anchorsFor(Set.of("/elsewhere/evil.zip")));
    assertEquals("signed by 'Scope VIB Signing', anchored in the sample CA", inside.detail());
    assertEquals(
        SignaturePolicy.Kind.OK, SignaturePolicy.judge(AcceptanceLevel.CERTIFIED, inside).kind());
    assertEquals(
        SignaturePolicy.Kind.REFUSED,
        SignaturePolicy.judge(AcceptanceLevel.CERTIFIED, outside).kind());
  }

  @Test
  void policy_partnerUnanchoredWarnsCommunityUnsignedPassesOthersRefused() throws Exception {
    TestCa ca = new TestCa("Partner");
    byte[] desc = "<vib/>".getBytes(StandardCharsets.US_ASCII);
    byte[] sig =
        Signatures.sign(
            desc,
            ca.signerKeys.getPrivate(),
            ca.signer,
            List.of(ca.ca),
            Instant.parse("2025-01-01T00:00:00Z"));
    Signatures.Result unanchored =
        Signatures.verifyAnchored(desc, sig, TrustStore.builtIn().anchors());
    SignaturePolicy.Verdict partner = SignaturePolicy.judge(AcceptanceLevel.PARTNER, unanchored);
    assertEquals(
        new SignaturePolicy.Verdict(
            SignaturePolicy.Kind.WARNING,
            "signed by 'Partner VIB Signing', not anchored in any trust store: nobody vouches for this"
                + " partner signature",
            "pass the partner's CA with {setting:trust} to check it"),
        partner);
    assertEquals(
        SignaturePolicy.Kind.REFUSED,
        SignaturePolicy.judge(AcceptanceLevel.ACCEPTED, unanchored).kind());
    assertEquals(
        "signed by 'Partner VIB Signing', which does not chain to a VMware certificate or"
            + " to {setting:trust}: 'accepted' needs a signature anchored in a trust store",
        SignaturePolicy.judge(AcceptanceLevel.ACCEPTED, unanchored).message());
    assertEquals(
        SignaturePolicy.Kind.OK,
        SignaturePolicy.judge(AcceptanceLevel.COMMUNITY, unanchored).kind());
    Signatures.Result unsigned = Signatures.verifyAnchored(desc, new byte[0], List.of());
    assertEquals(
        SignaturePolicy.Kind.OK, SignaturePolicy.judge(AcceptanceLevel.COMMUNITY, unsigned).kind());
    assertEquals(
        new SignaturePolicy.Verdict(
            SignaturePolicy.Kind.REFUSED,
            "unsigned but declares 'partner'",
            "get a signed build or turn the signature check off"),
        SignaturePolicy.judge(AcceptanceLevel.PARTNER, unsigned));
    // with the partner's CA given, the same signature is anchored and fine
    Signatures.Result anchored =
        Signatures.verifyAnchored(
            desc, sig, TrustStore.builtIn().plus(List.of(ca.ca), "--trust partner.pem").anchors());
    assertEquals(
        "signed by 'Partner VIB Signing', anchored in --trust partner.pem",
        SignaturePolicy.judge(AcceptanceLevel.PARTNER, anchored).message());
    assertFalse(TrustStore.isBuiltIn(Sha256.of(ca.signer.getEncoded()).hex()));
  }

  @Test
  void builtIn_storeCannotBeTamperedThroughPlus() throws Exception {
    TestCa ca = new TestCa("Extra");
    TrustStore more = TrustStore.builtIn().plus(List.of(ca.ca), "--trust x.pem");
    assertEquals(4, more.anchors().size());
    assertEquals(3, TrustStore.builtIn().anchors().size());
    X509Certificate first = more.anchors().get(0).certificate();
    assertTrue(TrustStore.isBuiltIn(Sha256.of(first.getEncoded()).hex()));
  }
}
