package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.esxforge.io.FormatException;
import org.esxforge.io.HashingInputStream;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.esxforge.io.UserSetting;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code .vib} completely: whole-file size and SHA-256 against depot metadata (when
 * given), the descriptor's payload list against the ar members, every payload checksum, and the
 * signature, judged by {@link SignaturePolicy} (the rule {@code esxforge build} applies too):
 * certified and accepted VIBs must be signed and anchored in the trust store (VMware's built-in
 * certificates by default), partner VIBs must be signed and get a warning when unanchored,
 * community VIBs may be unsigned. With {@link Options#checkSignature()} off, the signature is still
 * evaluated and reported but never a problem.
 *
 * <p>Problems come in a fixed order: metadata, signature, members, payloads. Corrupt containers
 * (truncated ar, bad descriptor XML) are not "problems" but a {@link FormatException}: there is no
 * VIB to speak of.
 *
 * <p>Stateless and thread-safe.
 */
public final class VibVerifier {
  private VibVerifier() {}

  /**
   * How VIBs are verified: whether a bad signature is a problem, and what it is checked against.
   *
   * @param checkSignature false = {@code --no-signature-check}: the signature is still evaluated
   *     and reported, but never a problem
   * @param trust the anchors (built-in VMware store, {@code --trust} files, scoped sample CA)
   * @param origins where the VIB was read from (depot locations), for scoped anchors
   */
  public record Options(boolean checkSignature, TrustStore trust, Set<String> origins) {
    /** Signature checked against the built-in VMware store. */
    public static final Options DEFAULT = new Options(true, TrustStore.builtIn(), Set.of());

    public Options {
      java.util.Objects.requireNonNull(trust, "trust");
      origins = Set.copyOf(origins);
    }

    /** The built-in VMware store plus {@code extraAnchors} as {@code --trust} certificates. */
    public Options(boolean checkSignature, List<X509Certificate> extraAnchors) {
      this(
          checkSignature,
          TrustStore.builtIn().plus(extraAnchors, UserSetting.TRUST.toString()),
          Set.of());
    }

    /** These options for a VIB read from {@code from} (depot locations or the file's path). */
    public Options from(java.util.Collection<String> from) {
      return new Options(checkSignature, trust, new LinkedHashSet<>(from));
    }
  }

  /**
   * Verifies the file {@code vib}. The ar index is checked first (truncation is reported with
   * offsets); then, when {@code descriptor.xml} is the first member (every real VIB), the file is
   * read once, sequentially, for the whole-file digest and all payloads together; otherwise members
   * are read by random access.
   *
   * @param expected the depot's {@code vibs/*.xml} entry, or null for a loose VIB
   */
  public static VibVerification verify(Path vib, @Nullable VibMetadata expected, Options options)
      throws IOException {
    return verifyHashed(vib, expected, options).verification();
  }

  /** A verification with the whole file's size and SHA-256, computed in the same read. */
  public record Hashed(VibVerification verification, long size, Sha256 sha256) {}

  /**
   * As {@link #verify(Path, VibMetadata, Options)}, also returning the whole file's size and
   * SHA-256 from the same sequential read (every real VIB), so a caller need not hash it again.
   */
  public static Hashed verifyHashed(Path vib, @Nullable VibMetadata expected, Options options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    boolean descriptorFirst;
    try (VibFile f = VibFile.open(vib)) {
      descriptorFirst =
          !f.members().isEmpty() && f.members().get(0).name().equals(VibMember.DESCRIPTOR);
    }
    if (descriptorFirst) {
      try (InputStream in =
          new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(vib), 1 << 16)) {
        return verifyStream(in, Parents.nameOf(vib), expected, options);
      }
    }
    VibVerification v = verifyRandomAccess(vib, expected, options);
    return new Hashed(v, java.nio.file.Files.size(vib), Sha256.ofFile(vib));
  }

  /** The random-access variant, for VIBs whose first member is not the descriptor. */
  static VibVerification verifyRandomAccess(
      Path vib, @Nullable VibMetadata expected, Options options) throws IOException {
    try (VibFile f = VibFile.open(vib)) {
      byte[] descriptorBytes = f.descriptorBytes();
      VibDescriptor d = f.descriptor();
      List<String> problems = new ArrayList<>();
      if (expected != null) {
        checkMetadata(
            d,
            f.size(),
            expected.vibSha256() == null ? null : Sha256.ofFile(f.path()),
            expected,
            problems);
      }
      List<String> warnings = new ArrayList<>();
      Signatures.Result sig =
          signature(d, descriptorBytes, f.signatureBytes(), options, problems, warnings);
      List<String> names = f.members().stream().map(VibMember::name).toList();
      checkMembers(d, names, problems);
      List<PayloadChecksums.PayloadResult> results = new ArrayList<>();
      for (Payload p : d.payloads()) {
        if (f.member(p.name()) != null) {
          try (InputStream in = f.openMember(p.name())) {
            results.add(PayloadChecksums.verify(p, in));
          }
        }
      }
      return result(d, problems, warnings, sig, results);
    }
  }

  /**
   * Verifies a VIB read once from a stream (a zip entry, an HTTP body), without a temp file. {@code
   * descriptor.xml} must be the first member, as in every real VIB, so that payloads can be checked
   * as they stream past. The stream is read to its end but not closed.
   *
   * @param source names the VIB in messages
   */
  public static VibVerification verify(
      InputStream vib, String source, @Nullable VibMetadata expected, Options options)
      throws IOException {
    return verifyStream(vib, source, expected, options).verification();
  }

  private static Hashed verifyStream(
      InputStream vib, String source, @Nullable VibMetadata expected, Options options)
      throws IOException {
    Read r =
        Objects.requireNonNull(
            read(vib, source, expected, options, true, null, null), "strict read");
    return new Hashed(r.verification(), r.size(), r.sha256());
  }

  /**
   * Everything one sequential read of a {@code .vib} yields: the verification, the whole file's
   * size and SHA-256, the parsed (signed) descriptor, the bytes of {@code descriptor.xml} and
   * {@code sig.pkcs7} (empty when unsigned), and the ar members with their data offsets.
   */
  @SuppressWarnings("ArrayRecordComponent") // a result handed on, never compared or hashed
  public record Read(
      VibVerification verification,
      long size,
      Sha256 sha256,
      VibDescriptor descriptor,
      byte[] descriptorBytes,
      byte[] signatureBytes,
      List<VibMember> members) {
    public Read {
      descriptorBytes = descriptorBytes.clone();
      signatureBytes = signatureBytes.clone();
      members = List.copyOf(members);
    }

    /** A copy of the bytes of {@code descriptor.xml}. */
    @Override
    public byte[] descriptorBytes() {
      return descriptorBytes.clone();
    }

    /** A copy of the bytes of {@code sig.pkcs7}; empty when unsigned. */
    @Override
    public byte[] signatureBytes() {
      return signatureBytes.clone();
    }
  }

  /**
   * Verifies a VIB read once from a stream, keeping what a build needs of it ({@link Read}), so
   * that nothing is read or parsed again. Empty when {@code descriptor.xml} is not the first ar
   * member (no real VIB; check such a file with {@link #verifyHashed}); the stream is then left
   * after the first member header. Otherwise the stream is read to its end but not closed.
   *
   * @param source names the VIB in messages
   */
  public static java.util.Optional<Read> readVerified(
      InputStream vib, String source, @Nullable VibMetadata expected, Options options)
      throws IOException {
    return readVerified(vib, source, expected, options, null);
  }

  /**
   * As {@link #readVerified(InputStream, String, VibMetadata, Options)}, given what an earlier read
   * of the same VIB parsed its {@code descriptor.xml} to: when the bytes read now have the same
   * SHA-256, that descriptor is used instead of parsing them again (else they are parsed). Every
   * check is made as without it, on the bytes read now: the signature covers them, the whole-file
   * checksum includes them, and the digest ties the descriptor to exactly them.
   *
   * @param known the earlier parse, or null
   */
  public static java.util.Optional<Read> readVerified(
      InputStream vib,
      String source,
      @Nullable VibMetadata expected,
      Options options,
      @Nullable ParsedDescriptor known)
      throws IOException {
    return readVerified(vib, source, expected, options, known, null);
  }

  /**
   * As {@link #readVerified(InputStream, String, VibMetadata, Options, ParsedDescriptor)}, given
   * the payload results of the VIB as esxforge wrote it ({@link VerifiedPayloads}): the payload
   * members are then only hashed with the whole file, not decompressed and checked again, and when
   * the whole file's SHA-256 is that of the file written, those results are this read's. When it is
   * not, the bytes are not the ones verified: that is a problem of the verification (and the
   * payloads have no results), as is a whole-file checksum mismatch. Every other check is made as
   * without it.
   *
   * @param verified the payload results of the file written, or null
   */
  public static java.util.Optional<Read> readVerified(
      InputStream vib,
      String source,
      @Nullable VibMetadata expected,
      Options options,
      @Nullable ParsedDescriptor known,
      @Nullable VerifiedPayloads verified)
      throws IOException {
    return java.util.Optional.ofNullable(
        read(vib, source, expected, options, false, known, verified));
  }

  /**
   * @param strict a first member other than {@code descriptor.xml} is a {@link FormatException}
   *     (else null is returned)
   * @param known an earlier parse of the descriptor, used when its digest is that of the bytes
   * @param verified the payload results of the file as written, used when its digest is that of the
   *     bytes ({@link VerifiedPayloads})
   */
  private static @Nullable Read read(
      InputStream vib,
      String source,
      @Nullable VibMetadata expected,
      Options options,
      boolean strict,
      @Nullable ParsedDescriptor known,
      @Nullable VerifiedPayloads verified)
      throws IOException {
    Objects.requireNonNull(options, "options");
    HashingInputStream hashing = HashingInputStream.borrowing(vib);
    VibArchiveInputStream ar = new VibArchiveInputStream(hashing, source);
    VibMember first = ar.nextMember();
    if (first == null || !first.name().equals(VibMember.DESCRIPTOR)) {
      if (!strict && first != null) {
        return null;
      }
      throw new FormatException(
          source,
          null,
          8,
          "first ar member is "
              + (first == null ? "missing" : "'" + first.name() + "'")
              + ", not 'descriptor.xml'");
    }
    byte[] descriptorBytes = ar.readMember(DescriptorParser.MAX_BYTES);
    String where = source + "!" + VibMember.DESCRIPTOR;
    VibDescriptor d =
        known == null
            ? DescriptorXml.parse(descriptorBytes, where)
            : ParsedDescriptor.parse(descriptorBytes, where, known).descriptor();
    byte[] signature = new byte[0];
    List<VibMember> members = new ArrayList<>(List.of(first));
    List<String> names = new ArrayList<>(List.of(VibMember.DESCRIPTOR));
    List<PayloadChecksums.PayloadResult> results = new ArrayList<>();
    for (VibMember m = ar.nextMember(); m != null; m = ar.nextMember()) {
      members.add(m);
      names.add(m.name());
      Payload p = d.payload(m.name());
      if (m.name().equals(VibMember.SIGNATURE)) {
        signature = ar.readMember(VibFile.MAX_SIGNATURE_BYTES);
      } else if (p != null && verified == null) {
        results.add(PayloadChecksums.verify(p, ar));
      } // else hashed with the whole file as the next member is reached
    }
    // anything after the archive (nothing, in a sound VIB: a small buffer)
    byte[] rest = new byte[512];
    while (hashing.read(rest, 0, rest.length) >= 0) {
      // hashed and counted
    }
    long count = hashing.count();
    Sha256 sha = hashing.sha256();
    String unverified = null;
    if (verified != null) {
      if (verified.vibSha256().equals(sha)) {
        for (PayloadChecksums.PayloadResult r : verified.results()) {
          if (names.contains(r.payload())) { // the results a full read of these members has
            results.add(r);
          }
        }
      } else {
        unverified =
            "payloads not verified: the file changed after esxforge wrote and verified it"
                + " (SHA-256 "
                + sha
                + ", written "
                + verified.vibSha256()
                + ")";
      }
    }
    List<String> problems = new ArrayList<>();
    if (expected != null) {
      checkMetadata(d, count, sha, expected, problems);
    }
    List<String> warnings = new ArrayList<>();
    Signatures.Result sig = signature(d, descriptorBytes, signature, options, problems, warnings);
    checkMembers(d, names, problems);
    if (unverified != null) {
      problems.add(unverified); // where the payloads' problems go
    }
    // results in descriptor order, as for the file variant
    List<PayloadChecksums.PayloadResult> ordered = new ArrayList<>();
    for (Payload p : d.payloads()) {
      for (PayloadChecksums.PayloadResult r : results) {
        if (r.payload().equals(p.name())) {
          ordered.add(r);
          break;
        }
      }
    }
    return new Read(
        result(d, problems, warnings, sig, ordered),
        count,
        sha,
        d,
        descriptorBytes,
        signature,
        members);
  }

  private static VibVerification result(
      VibDescriptor d,
      List<String> problems,
      List<String> warnings,
      Signatures.Result sig,
      List<PayloadChecksums.PayloadResult> results) {
    for (PayloadChecksums.PayloadResult r : results) {
      problems.addAll(r.problems());
    }
    return new VibVerification(
        d.id(),
        problems,
        sig,
        sig.signer(),
        results,
        warnings,
        SignaturePolicy.judge(d.acceptanceLevel(), sig));
  }

  private static void checkMetadata(
      VibDescriptor d, long size, @Nullable Sha256 sha, VibMetadata m, List<String> problems) {
    if (!m.descriptor().id().equals(d.id())) {
      problems.add("VIB id " + d.id() + " != metadata " + m.descriptor().id());
    }
    if (m.packedSize() >= 0 && m.packedSize() != size) {
      problems.add("file size " + size + " != metadata packed-size " + m.packedSize());
    }
    if (m.vibSha256() != null && !m.vibSha256().equals(sha)) {
      problems.add("file sha-256 " + sha + " != metadata " + m.vibSha256());
    }
    // the signed descriptor is the truth: every field the metadata states must agree with it
    for (MetadataAgreement.Disagreement x :
        MetadataAgreement.compare(m.descriptor(), d, m.scope())) {
      problems.add("depot metadata disagrees with descriptor.xml on " + x);
    }
  }

  private static Signatures.Result signature(
      VibDescriptor d,
      byte[] descriptorBytes,
      byte[] signature,
      Options options,
      List<String> problems,
      List<String> warnings) {
    Signatures.Result sig =
        Signatures.verifyAnchored(
            descriptorBytes, signature, options.trust().anchorsFor(options.origins()));
    if (!options.checkSignature()) {
      return sig;
    }
    SignaturePolicy.Verdict v = SignaturePolicy.judge(d.acceptanceLevel(), sig);
    if (v.kind() == SignaturePolicy.Kind.REFUSED) {
      problems.add(v.message());
    } else if (v.kind() == SignaturePolicy.Kind.WARNING) {
      warnings.add(v.message() + "; " + v.hint());
    }
    return sig;
  }

  private static void checkMembers(VibDescriptor d, List<String> members, List<String> problems) {
    Set<String> declared = new LinkedHashSet<>();
    for (Payload p : d.payloads()) {
      declared.add(p.name());
    }
    List<String> parts = new ArrayList<>();
    for (String name : declared) {
      if (!members.contains(name)) {
        parts.add("payload '" + name + "' missing");
      }
    }
    for (String n : members) {
      if (!declared.contains(n)
          && !n.equals(VibMember.DESCRIPTOR)
          && !n.equals(VibMember.SIGNATURE)) {
        parts.add("member '" + n + "' unexpected");
      }
    }
    if (!parts.isEmpty()) {
      problems.add(String.join(", ", parts));
    }
  }
}
