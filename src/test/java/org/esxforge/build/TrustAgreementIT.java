package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.esxforge.io.Sha256;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.ArHeader;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;
import org.esxforge.vib.VibWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} and {@code build} give the same verdict for the same VIB, with no {@code --trust}:
 * the real VMware-signed NVMe community driver is anchored in the built-in VMware store; the same
 * VIB re-signed with a self-made certificate named exactly like VMware's ("VMware Certified VIB
 * Signing", made here with BouncyCastle) is refused by both, with the same words.
 */
class TrustAgreementIT {
  private static final String NVME =
      "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip";
  private static final String NVME_ID = "VMW_bootbank_nvme-community_1.0.1.0-3vmw.700.1.0.15843807";
  private static final String ANCHORED =
      "signed by 'VMware Certified VIB Signing', anchored in" + " esxforge's built-in VMware store";

  @TempDir static Path tmp;
  private static Path genuine;
  private static Path forged;
  private static String forgedSha;

  @BeforeAll
  static void vibs() throws Exception {
    genuine = tmp.resolve("nvme.vib");
    try (ZipFile z = new ZipFile(Fixtures.real(NVME).toFile())) {
      ZipEntry e = z.stream().filter(x -> x.getName().endsWith(".vib")).findFirst().orElseThrow();
      try (InputStream in = z.getInputStream(e)) {
        Files.copy(in, genuine);
      }
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, new SecureRandom());
    KeyPair keys = g.generateKeyPair();
    // VMware's subject, word for word, on a certificate VMware never issued
    X500Name vmware =
        new X500Name(
            "C=US,ST=California,L=Palo Alto,O=VMware\\, Inc.,CN=VMware Certified VIB Signing");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            vmware,
            BigInteger.TEN,
            new Date(1_500_000_000_000L),
            new Date(2_100_000_000_000L),
            vmware,
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(new JcaContentSignerBuilder("SHA512withRSA").build(keys.getPrivate())));
    forgedSha = Sha256.of(cert.getEncoded()).hex();
    forged = tmp.resolve("forged.vib");
    try (VibFile f = VibFile.open(genuine)) {
      byte[] sig =
          Signatures.sign(
              f.descriptorBytes(),
              keys.getPrivate(),
              cert,
              List.of(),
              Instant.parse("2021-11-10T06:00:00Z"));
      List<VibWriter.Entry> payloads = new ArrayList<>();
      for (VibMember m : f.members().subList(2, f.members().size())) {
        payloads.add(
            new VibWriter.Entry(m.name(), VibWriter.Source.of(genuine, m.dataOffset(), m.size())));
      }
      VibWriter.write(forged, f.descriptorBytes(), sig, payloads, ArHeader.ModeFormat.ZERO);
    }
  }

  private static String depot70() {
    return Samples.depot(SampleVersion.V7_0).folder().toString();
  }

  @Test
  void genuineVmwareVib_verifyAndBuildBothSayAnchoredInTheBuiltInStore() throws IOException {
    Samples.Run v = Samples.cli("verify", genuine.toString());
    assertEquals(0, v.code(), v.toString());
    assertEquals("OK    " + genuine + ": ok (" + ANCHORED + ")\n", v.out());
    Samples.Run b =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            genuine.toString(),
            "--bundle",
            tmp.resolve("genuine.zip").toString());
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains("1 " + ANCHORED), b.toString());
  }

  @Test
  void vibResignedWithSelfMadeVmwareNamedCert_refusedByVerifyAndBuildAlike() {
    String refusal =
        "signed by 'VMware Certified VIB Signing', a certificate named like VMware's"
            + " that is not one of VMware's (SHA-256 "
            + forgedSha
            + "): 'certified' needs a"
            + " signature anchored in a trust store";
    Samples.Run v = Samples.cli("verify", forged.toString());
    assertEquals(5, v.code(), v.toString());
    assertEquals("FAIL  " + forged + ": " + refusal + "\n", v.out());
    Path out = tmp.resolve("forged.zip");
    Samples.Run b =
        Samples.cli(
            "build",
            "-d",
            depot70(),
            "--name",
            "X",
            "--add",
            forged.toString(),
            "--bundle",
            out.toString());
    assertEquals(3, b.code(), b.toString());
    assertTrue(
        b.err()
            .contains(
                "esxforge build: "
                    + NVME_ID
                    + ": "
                    + refusal
                    + "; pass its CA"
                    + " with --trust only if you trust it, or turn the signature check off\n"),
        b.toString());
    assertTrue(Files.notExists(out));
    // --no-signature-check is the explicit way past it, for both
    assertEquals(0, Samples.cli("verify", "--no-signature-check", forged.toString()).code());
  }
}
