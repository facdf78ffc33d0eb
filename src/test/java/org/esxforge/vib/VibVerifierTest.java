package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VibVerifierTest {
  @TempDir Path tmp;

  static List<VibFixtures.RealVib> realVibs() throws IOException {
    return VibFixtures.all();
  }

  private Path save(VibFixtures.RealVib v) throws IOException {
    Path p = tmp.resolve(v.fileName());
    Files.write(p, v.bytes());
    return p;
  }

  /** The vibs/*.xml entry of the bundle a zipped VIB came from, or null for a loose VIB. */
  private static VibMetadata metadataOf(VibFixtures.RealVib v) throws IOException {
    int bang = v.source().indexOf('!');
    if (bang < 0) {
      return null;
    }
    Map<String, byte[]> xml = VibFixtures.metadataVibXml(v.source().substring(0, bang));
    Map.Entry<String, byte[]> e = xml.entrySet().iterator().next();
    return DescriptorXml.parseMetadata(e.getValue(), e.getKey());
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void verify_everyRealVib_cleanExceptLsimr3(VibFixtures.RealVib v) throws IOException {
    VibVerification r = VibVerifier.verify(save(v), metadataOf(v), VibVerifier.Options.DEFAULT);
    boolean lsi = v.fileName().contains("lsi");
    if (lsi) {
      List<String> expected =
          new java.util.ArrayList<>(
              List.of(
                  "signature does not verify",
                  "payload 'lsimr3' missing, member 'payload1' unexpected"));
      if (metadataOf(v) != null) {
        // the hand-made mod's metadata also drops the descriptor's softwarePlatform
        expected.add(
            0,
            "depot metadata disagrees with descriptor.xml on softwarePlatform:"
                + " metadata says '[]', descriptor.xml says '[SoftwarePlatform[version=8.0, locale=,"
                + " productLineId=embeddedEsx]]'");
      }
      assertEquals(expected, r.problems());
      return;
    }
    assertEquals(List.of(), r.problems(), r.oneLine(v.fileName()));
    assertTrue(r.payloads().stream().allMatch(PayloadChecksums.PayloadResult::ok));
    // every signed real VIB is VMware's, anchored in the built-in store with no --trust
    Signatures.Status expected =
        v.fileName().startsWith("net")
            ? Signatures.Status.UNSIGNED
            : Signatures.Status.SIGNED_TRUSTED;
    assertEquals(expected, r.signature().status());
    assertEquals(
        expected == Signatures.Status.UNSIGNED ? "" : TrustStore.BUILT_IN, r.signature().store());
    assertEquals(v.fileName() + ": ok (" + r.signature().detail() + ")", r.oneLine(v.fileName()));
  }

  @ParameterizedTest
  @MethodSource("realVibs")
  void verifyStream_everyRealVib_sameAsRandomAccess(VibFixtures.RealVib v) throws IOException {
    VibMetadata m = metadataOf(v);
    VibVerification file = VibVerifier.verifyRandomAccess(save(v), m, VibVerifier.Options.DEFAULT);
    VibVerification stream;
    try (java.io.InputStream in = new java.io.ByteArrayInputStream(v.bytes())) {
      stream = VibVerifier.verify(in, v.fileName(), m, VibVerifier.Options.DEFAULT);
    }
    assertEquals(file, stream);
    if (m != null) {
      // Same check with a wrong expected digest: the stream variant hashes the whole body too.
      VibMetadata wrong =
          new VibMetadata(m.descriptor(), m.relativePath(), m.packedSize(), Sha256.of(new byte[0]));
      VibVerification w =
          VibVerifier.verify(
              new java.io.ByteArrayInputStream(v.bytes()),
              v.fileName(),
              wrong,
              VibVerifier.Options.DEFAULT);
      assertTrue(
          w.problems().get(0).startsWith("file sha-256 " + Sha256.of(v.bytes())),
          w.problems().toString());
    }
  }

  @Test
  void verify_fileWithPayloadBeforeDescriptor_randomAccessStillChecks() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("net-r8125");
    Path in = save(v);
    Path odd = tmp.resolve("odd.vib");
    try (VibFile f = VibFile.open(in);
        java.io.OutputStream out = Files.newOutputStream(odd)) {
      out.write(ArHeader.GLOBAL_MAGIC);
      for (VibMember m : List.of(f.members().get(2), f.members().get(0), f.members().get(1))) {
        out.write(ArHeader.of(m.name(), m.size()).toBytes(ArHeader.ModeFormat.ZERO));
        try (java.io.InputStream s = f.openMember(m.name())) {
          s.transferTo(out);
        }
        if ((m.size() & 1) == 1) {
          out.write('\n');
        }
      }
    }
    VibVerification r = VibVerifier.verify(odd, null, VibVerifier.Options.DEFAULT);
    assertEquals(List.of(), r.problems());
    assertEquals(1, r.payloads().size());
    assertTrue(r.payloads().get(0).ok());
  }

  @Test
  void verifyStream_payloadBeforeDescriptor_refused() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(ArHeader.GLOBAL_MAGIC);
    out.write(ArHeader.of("payload1", 2).toBytes(ArHeader.ModeFormat.ZERO));
    out.write(new byte[] {1, 2});
    org.esxforge.io.FormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.esxforge.io.FormatException.class,
            () ->
                VibVerifier.verify(
                    new java.io.ByteArrayInputStream(out.toByteArray()),
                    "odd.vib",
                    null,
                    VibVerifier.Options.DEFAULT));
    assertEquals("odd.vib@8: first ar member is 'payload1', not 'descriptor.xml'", e.getMessage());
  }

  @Test
  void oneLine_lsimr3_namesBothProblems() throws IOException {
    Path p = Fixtures.real("lsimr3-mod-8x.vib");
    VibVerification r = VibVerifier.verify(p, null, VibVerifier.Options.DEFAULT);
    assertEquals(
        "lsimr3-mod-8x.vib: signature does not verify; payload 'lsimr3' missing, "
            + "member 'payload1' unexpected",
        r.oneLine(p.getFileName().toString()));
    assertEquals("BCM_bootbank_lsi-mr3_7.732.03.00-1MOD.800.1.0.20613240", r.vibId().value());
    assertTrue(r.signer().startsWith("CN=VMware Certified VIB Signing"));
    // --no-signature-check: the member mismatch remains.
    VibVerification nsc = VibVerifier.verify(p, null, new VibVerifier.Options(false, List.of()));
    assertEquals(List.of("payload 'lsimr3' missing, member 'payload1' unexpected"), nsc.problems());
    assertEquals(Signatures.Status.INVALID, nsc.signature().status()); // still reported
  }

  @Test
  void verify_communityR8125AndR8168_unsignedOk() throws IOException {
    for (String f : List.of("net-r8125", "net55-r8168")) {
      VibFixtures.RealVib v = VibFixtures.named(f);
      VibVerification r = VibVerifier.verify(save(v), null, VibVerifier.Options.DEFAULT);
      assertEquals(Signatures.Status.UNSIGNED, r.signature().status());
      assertEquals(List.of(), r.problems());
      assertEquals("", r.signer());
    }
  }

  @Test
  void verify_byteFlippedInPayload_checksumProblemNamesPayloadAndAlgorithm() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("nvme-community_1.0.1.0-3vmw.700");
    byte[] b = v.bytes().clone();
    b[b.length - 40_000] ^= 0x40; // inside the nvmecomm payload's deflate data
    Path p = tmp.resolve("flipped.vib");
    Files.write(p, b);
    VibVerification r = VibVerifier.verify(p, null, VibVerifier.Options.DEFAULT);
    assertTrue(
        r.problems().contains("payload 'nvmecomm' sha-256 mismatch"), r.problems().toString());
    assertEquals(Signatures.Status.SIGNED_TRUSTED, r.signature().status()); // descriptor intact
  }

  @Test
  void readVerified_earlierParse_usedOnlyForTheSameBytes() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    byte[] desc = VibFixtures.arMember(v.bytes(), "descriptor.xml");
    ParsedDescriptor same = ParsedDescriptor.parse(desc, "probe");
    VibVerifier.Read r =
        VibVerifier.readVerified(
                new java.io.ByteArrayInputStream(v.bytes()),
                v.fileName(),
                null,
                VibVerifier.Options.DEFAULT,
                same)
            .orElseThrow();
    assertSame(same.descriptor(), r.descriptor());
    assertEquals(List.of(), r.verification().problems());
    assertEquals(Signatures.Status.SIGNED_TRUSTED, r.verification().signature().status());
    // the parse of other bytes (what an earlier read saw before the file changed) is not used:
    // the bytes read now are parsed, and judged by what they say
    String xml = new String(desc, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(xml.contains("<acceptance-level>certified</acceptance-level>"));
    byte[] other =
        xml.replace(
                "<acceptance-level>certified</acceptance-level>",
                "<acceptance-level>community</acceptance-level>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ParsedDescriptor stale = ParsedDescriptor.parse(other, "probe");
    assertEquals(AcceptanceLevel.COMMUNITY, stale.descriptor().acceptanceLevel());
    VibVerifier.Read fresh =
        VibVerifier.readVerified(
                new java.io.ByteArrayInputStream(v.bytes()),
                v.fileName(),
                null,
                VibVerifier.Options.DEFAULT,
                stale)
            .orElseThrow();
    assertEquals(DescriptorXml.parse(desc, "x"), fresh.descriptor());
    assertEquals(AcceptanceLevel.CERTIFIED, fresh.descriptor().acceptanceLevel());
    assertEquals(r.verification(), fresh.verification());
  }

  /**
   * Payload results of the file as esxforge wrote it are taken for bytes with its whole-file
   * SHA-256, in place of checking the payloads again (a claimed failure shows, so they are not
   * recomputed); for other bytes the payloads count as unverified, a problem.
   */
  @Test
  void readVerified_writtenPayloadResults_usedOnlyForTheSameFile() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    VibVerifier.Read full =
        VibVerifier.readVerified(
                new java.io.ByteArrayInputStream(v.bytes()),
                v.fileName(),
                null,
                VibVerifier.Options.DEFAULT)
            .orElseThrow();
    List<PayloadChecksums.PayloadResult> checked = full.verification().payloads();
    assertEquals(1, checked.size());
    assertTrue(checked.get(0).ok());
    // the same results: the same verification, to the byte
    VibVerifier.Read taken = readWith(v, new VerifiedPayloads(full.sha256(), checked));
    assertEquals(full.verification(), taken.verification());
    assertEquals(full.sha256(), taken.sha256());
    // a result the writer found is this read's, whatever the bytes would show again
    PayloadChecksums.PayloadResult claimed =
        new PayloadChecksums.PayloadResult(
            checked.get(0).payload(),
            checked.get(0).rawSize(),
            checked.get(0).uncompressedSize(),
            checked.get(0).results(),
            List.of("payload '" + checked.get(0).payload() + "' sha-256 mismatch"));
    VibVerifier.Read failed = readWith(v, new VerifiedPayloads(full.sha256(), List.of(claimed)));
    assertEquals(
        List.of("payload '" + checked.get(0).payload() + "' sha-256 mismatch"),
        failed.verification().problems());
    // results of another file (one byte apart) do not count: the payloads are unverified
    Sha256 other = Sha256.of(new byte[] {1});
    VibVerifier.Read changed = readWith(v, new VerifiedPayloads(other, checked));
    assertEquals(List.of(), changed.verification().payloads());
    assertEquals(
        List.of(
            "payloads not verified: the file changed after esxforge wrote and verified it (SHA-256 "
                + full.sha256()
                + ", written "
                + other
                + ")"),
        changed.verification().problems());
    assertEquals(Signatures.Status.SIGNED_TRUSTED, changed.verification().signature().status());
  }

  private static VibVerifier.Read readWith(VibFixtures.RealVib v, VerifiedPayloads verified)
      throws IOException {
    return VibVerifier.readVerified(
            new java.io.ByteArrayInputStream(v.bytes()),
            v.fileName(),
            null,
            VibVerifier.Options.DEFAULT,
            null,
            verified)
        .orElseThrow();
  }

  @Test
  void verify_metadataMismatch_sizeAndShaProblems() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    VibMetadata good = metadataOf(v);
    VibMetadata wrong =
        new VibMetadata(
            good.descriptor(), good.relativePath(), good.packedSize() + 1, Sha256.of(new byte[0]));
    VibVerification r = VibVerifier.verify(save(v), wrong, VibVerifier.Options.DEFAULT);
    assertEquals(
        List.of(
            "file size 356920 != metadata packed-size 356921",
            "file sha-256 9fa1f4304370538c8e1b5d95ec5dcbdf86e9fa348629be4a45cbbae3b430ae95 != metadata "
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        r.problems());
  }

  @Test
  void verify_certifiedWithSignatureStripped_problemUnlessNoSignatureCheck() throws IOException {
    VibFixtures.RealVib v = VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803");
    Path stripped = rewrite(v, new byte[0], ArHeader.ModeFormat.PYTHON3_OCTAL);
    VibVerification r = VibVerifier.verify(stripped, null, VibVerifier.Options.DEFAULT);
    assertEquals(List.of("unsigned but declares 'certified'"), r.problems());
    assertEquals(
        List.of(),
        VibVerifier.verify(stripped, null, new VibVerifier.Options(false, List.of())).problems());
  }

  @Test
  void verify_trustAnchors_signedByTestCaTrustedOthersNot() throws Exception {
    TestCa ca = new TestCa("Verifier");
    VibFixtures.RealVib v = VibFixtures.named("net-r8125");
    byte[] desc = VibFixtures.arMember(v.bytes(), "descriptor.xml");
    byte[] sig =
        Signatures.sign(
            desc,
            ca.signerKeys.getPrivate(),
            ca.signer,
            List.of(ca.ca),
            Instant.parse("2025-01-01T00:00:00Z"));
    Path signed = rewrite(v, sig, ArHeader.ModeFormat.ZERO);
    List<X509Certificate> anchors = List.of(ca.ca);
    VibVerification r = VibVerifier.verify(signed, null, new VibVerifier.Options(true, anchors));
    assertEquals(List.of(), r.problems());
    assertEquals(Signatures.Status.SIGNED_TRUSTED, r.signature().status());
    assertEquals(
        "signed by 'Verifier VIB Signing', anchored in {setting:trust}", r.signature().detail());
    // --trust goes beside the VMware anchors, never instead of them
    Path vmwFile = save(VibFixtures.named("vmkusb-nic-fling_1.14-1vmw.803"));
    VibVerification vmw = VibVerifier.verify(vmwFile, null, new VibVerifier.Options(true, anchors));
    assertEquals(List.of(), vmw.problems());
    assertEquals(
        "signed by 'VMware Certified VIB Signing', anchored in esxforge's built-in VMware"
            + " store",
        vmw.signature().detail());
    // with a store holding only the test CA, the certified VMware VIB is not anchored: refused
    VibVerification only =
        VibVerifier.verify(
            vmwFile,
            null,
            new VibVerifier.Options(
                true, TrustStore.empty().plus(anchors, "--trust test.pem"), java.util.Set.of()));
    assertEquals(
        List.of(
            "signed by 'VMware Certified VIB Signing', which does not chain to a"
                + " VMware certificate or to {setting:trust}: 'certified' needs a signature anchored in"
                + " a trust store"),
        only.problems());
  }

  /** The VIB re-written with another sig.pkcs7, payloads copied from the original. */
  private Path rewrite(VibFixtures.RealVib v, byte[] sig, ArHeader.ModeFormat mode)
      throws IOException {
    Path in = save(v);
    Path out = tmp.resolve("re-" + v.fileName());
    try (VibFile f = VibFile.open(in)) {
      List<VibWriter.Entry> payloads = new ArrayList<>();
      for (VibMember m : f.members().subList(2, f.members().size())) {
        payloads.add(
            new VibWriter.Entry(m.name(), VibWriter.Source.of(in, m.dataOffset(), m.size())));
      }
      VibWriter.write(out, f.descriptorBytes(), sig, payloads, mode);
    }
    return out;
  }
}
