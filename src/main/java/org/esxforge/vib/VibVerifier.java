package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;

/**
 * Checks a {@code .vib} completely: whole-file size and SHA-256 against depot metadata (when
 * given), the descriptor's payload list against the ar members, every payload checksum, and the
 * signature. A VIB declaring certified, accepted or partner must carry a signature that verifies,
 * unless {@link Options#checkSignature()} is off; community VIBs may be unsigned, but a signature
 * that is present must verify. When trust anchors are given, a signature must also chain to one.
 *
 * <p>Corrupt containers (truncated ar, bad descriptor XML) are not "problems" but a {@link
 * org.esxforge.io.FormatException}: there is no VIB to speak of.
 *
 * <p>Stateless and thread-safe.
 */
public final class VibVerifier {
  private VibVerifier() {}

  /**
   * @param checkSignature false = {@code --no-signature-check}: the signature is still evaluated
   *     and reported, but never a problem
   * @param trustAnchors {@code --trust} certificates; empty = no anchoring required
   */
  public record Options(boolean checkSignature, List<X509Certificate> trustAnchors) {
    public static final Options DEFAULT = new Options(true, List.of());

    public Options {
      trustAnchors = List.copyOf(trustAnchors);
    }
  }

  /**
   * Verifies {@code vib}.
   *
   * @param expected the depot's {@code vibs/*.xml} entry, or null for a loose VIB
   */
  public static VibVerification verify(Path vib, VibMetadata expected, Options options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    try (VibFile f = VibFile.open(vib)) {
      List<String> problems = new ArrayList<>();
      byte[] descriptorBytes = f.descriptorBytes();
      VibDescriptor d = f.descriptor();
      if (expected != null) {
        checkMetadata(f, d, expected, problems);
      }
      Signatures.Result sig =
          Signatures.verify(descriptorBytes, f.signatureBytes(), options.trustAnchors());
      if (options.checkSignature()) {
        checkSignature(d.acceptanceLevel(), sig, !options.trustAnchors().isEmpty(), problems);
      }
      checkMembers(f, d, problems);
      List<PayloadChecksums.PayloadResult> results = new ArrayList<>();
      for (Payload p : d.payloads()) {
        if (f.member(p.name()) == null) {
          continue;
        }
        try (InputStream in = f.openMember(p.name())) {
          PayloadChecksums.PayloadResult r = PayloadChecksums.verify(p, in);
          results.add(r);
          problems.addAll(r.problems());
        }
      }
      return new VibVerification(d.id(), problems, sig, sig.signer(), results);
    }
  }

  private static void checkMetadata(VibFile f, VibDescriptor d, VibMetadata m,
      List<String> problems) throws IOException {
    if (!m.descriptor().id().equals(d.id())) {
      problems.add("VIB id " + d.id() + " != metadata " + m.descriptor().id());
    }
    if (m.packedSize() >= 0 && m.packedSize() != f.size()) {
      problems.add("file size " + f.size() + " != metadata packed-size " + m.packedSize());
    }
    if (m.vibSha256() != null) {
      Sha256 actual = sha256(f);
      if (!actual.equals(m.vibSha256())) {
        problems.add("file sha-256 " + actual + " != metadata " + m.vibSha256());
      }
    }
  }

  private static void checkSignature(AcceptanceLevel level, Signatures.Result sig,
      boolean anchorsGiven, List<String> problems) {
    switch (sig.status()) {
      case UNSIGNED -> {
        if (level != AcceptanceLevel.COMMUNITY) {
          problems.add("unsigned but declares '" + level.xmlValue() + "'");
        }
      }
      case INVALID -> problems.add(sig.detail().startsWith("signature does not verify")
          ? "signature does not verify" : sig.detail());
      case SIGNED_UNANCHORED -> {
        if (anchorsGiven) {
          problems.add("signature does not chain to a trusted certificate");
        }
      }
      case SIGNED_TRUSTED -> {
        // fine
      }
    }
  }

  private static void checkMembers(VibFile f, VibDescriptor d, List<String> problems) {
    Set<String> declared = new LinkedHashSet<>();
    for (Payload p : d.payloads()) {
      declared.add(p.name());
    }
    List<String> parts = new ArrayList<>();
    for (String name : declared) {
      if (f.member(name) == null) {
        parts.add("payload '" + name + "' missing");
      }
    }
    for (VibMember m : f.members()) {
      String n = m.name();
      if (!declared.contains(n) && !n.equals(VibMember.DESCRIPTOR)
          && !n.equals(VibMember.SIGNATURE)) {
        parts.add("member '" + n + "' unexpected");
      }
    }
    if (!parts.isEmpty()) {
      problems.add(String.join(", ", parts));
    }
  }

  private static Sha256 sha256(VibFile f) throws IOException {
    MessageDigest md = Sha256.newDigest();
    try (var ch = java.nio.channels.FileChannel.open(f.path())) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return Sha256.fromDigest(md.digest());
  }
}
