package org.esxforge.build;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.LocalRegion;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.image.ImgDb;
import org.esxforge.image.PayloadRef;
import org.esxforge.image.PayloadSource;
import org.esxforge.io.FormatException;
import org.esxforge.io.HashingInputStream;
import org.esxforge.io.InOrderWork;
import org.esxforge.io.Sha256;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.SignatureStatus;
import org.esxforge.vib.SignaturePolicy;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;
import org.esxforge.vib.VibMetadata;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;

/**
 * The {@code .vib} files of a new profile as regions of local files, each verified once before
 * anything is written: whole-file size and SHA-256 against the depot metadata, descriptor against
 * the metadata, every payload's checksums, the member list, and the signature (always evaluated;
 * whether it counts is the validator's {@code signatureCheck}). Each VIB is read once, as one
 * stream, for all of that: a VIB that already is a region of a local file (a loose or folder VIB, a
 * STORED zip entry) is read in place; a remote VIB or a deflated zip entry is copied, as it is
 * read, into a spool file of the temp directory ({@link SpoolFiles}). Payloads are then copied as
 * zero-copy regions of those files ({@link #payloads()}). Since the exported bytes are these
 * verified bytes of the same local file, "verified on the way" holds without a second hash pass.
 *
 * <p>Not thread-safe; build one per pipeline run.
 */
final class LocalVibs {
  /**
   * One verified VIB: its exact bytes are {@code size} bytes at {@code offset} of {@code file} (the
   * VIB file itself, a STORED entry of a local zip, or a copy in a spool file); member data offsets
   * count from the VIB's first byte.
   *
   * @param descriptorBytes the bytes of {@code descriptor.xml}; empty when not kept ({@link #of})
   * @param signatureBytes the bytes of {@code sig.pkcs7}; empty when unsigned or not kept
   * @param descriptor the signed descriptor, parsed from {@code descriptor.xml}
   */
  @SuppressWarnings("ArrayRecordComponent") // held per VIB id, never compared or hashed
  record Local(
      CatalogVib vib,
      Path file,
      long offset,
      long size,
      Sha256 sha256,
      Map<String, VibMember> members,
      byte[] descriptorBytes,
      byte[] signatureBytes,
      VibDescriptor descriptor,
      VibVerification verification) {}

  private static final byte[] NOT_KEPT = new byte[0];

  private final SortedMap<VibId, Local> vibs;

  /**
   * Whether each {@link Local} holds its descriptor and signature bytes ({@link #databaseFiles}).
   */
  private final boolean databaseFiles;

  private LocalVibs(SortedMap<VibId, Local> vibs, boolean databaseFiles) {
    this.vibs = vibs;
    this.databaseFiles = databaseFiles;
  }

  /**
   * Materialises and verifies {@code vibs}, on as many threads as there are cores ({@link
   * InOrderWork}). Each VIB is read once for its verification, whole-file size and SHA-256
   * together. The result, the progress and the error are those of a serial run: VIBs are taken in
   * input order, progress is reported in that order, and the first VIB in that order that fails is
   * the one reported (later ones are not taken).
   *
   * @param tempDir where non-local VIBs are copied (the caller deletes it)
   * @param databaseFiles whether to keep each VIB's {@code descriptor.xml} and {@code sig.pkcs7}
   *     bytes for {@link #databaseFiles()}: an installer image needs them, a bundle does not (for
   *     20,000 small VIBs, 26 MB that every young collection copied)
   */
  static LocalVibs of(
      List<CatalogVib> vibs,
      VibVerifier.Options options,
      Path tempDir,
      EventHandlers events,
      boolean databaseFiles)
      throws IOException {
    try (SpoolFiles spools = new SpoolFiles(tempDir)) {
      return of(vibs, options, tempDir, events, spools, databaseFiles);
    }
  }

  private static LocalVibs of(
      List<CatalogVib> vibs,
      VibVerifier.Options options,
      Path tempDir,
      EventHandlers events,
      SpoolFiles spools,
      boolean databaseFiles)
      throws IOException {
    SortedMap<VibId, Local> out = new TreeMap<>();
    // signature problems are judged by the validator (so --force and --no-signature-check
    // apply uniformly); the verifier reports everything else. One set of options per set of
    // depots (every VIB of one depot shares it), not one per VIB
    Map<java.util.Set<String>, VibVerifier.Options> byDepots = new java.util.HashMap<>();
    for (CatalogVib v : vibs) {
      byDepots.computeIfAbsent(v.depots(), d -> new VibVerifier.Options(false, options.trust(), d));
    }
    int[] done = {0};
    InOrderWork.run(
        vibs.size(),
        Runtime.getRuntime().availableProcessors(),
        "verify-vib",
        (i, worker) -> {
          CatalogVib v = vibs.get(i);
          return one(
              v, Objects.requireNonNull(byDepots.get(v.depots())), tempDir, spools, databaseFiles);
        },
        (i, l) -> {
          out.put(l.vib().id(), l);
          events.dispatch(new ProgressEvent("verify VIBs", ++done[0], vibs.size(), "VIBs"));
        });
    return new LocalVibs(out, databaseFiles);
  }

  /**
   * Verifies one VIB from one sequential read of its source, which also yields its size, SHA-256,
   * descriptor (parsed once), signature and member offsets. A VIB that is a region of a local file
   * stays there; any other is copied, as it is read, into a spool file.
   *
   * @param opts the options for its depots, with the signature not checked (the validator judges
   *     it)
   * @param keepBytes whether the result holds the descriptor and signature bytes
   */
  private static Local one(
      CatalogVib v, VibVerifier.Options opts, Path tempDir, SpoolFiles spools, boolean keepBytes)
      throws IOException {
    // the whole-file SHA-256 is checked below, from the verifier's own read; null here keeps the
    // verifier from reporting it as one problem among others
    VibMetadata expected =
        new VibMetadata(v.metadata(), v.relativePath(), v.packedSize(), null, v.metadataScope());
    String source = v.source().describe();
    LocalRegion region = v.source().localRegion().orElse(null);
    SpoolFiles.Spool spool = region == null ? spools.take() : null;
    Optional<VibVerifier.Read> read;
    Path file;
    long offset;
    // buffers for the VIB's size: 64 KiB ones for each of 20,000 small VIBs were most of the
    // bytes such a build allocated (4 KiB ones for its 1.3 KB VIBs still a fifth of verification's)
    int buffer = (int) Math.max(512, Math.min(1 << 16, v.packedSize() + 1));
    try (InputStream raw = v.source().open()) {
      InputStream in = new BufferedInputStream(raw, buffer);
      SpoolFiles.Tee tee = spool == null ? null : spool.tee(in);
      read =
          VibVerifier.readVerified(
              tee == null ? in : tee,
              source,
              expected,
              opts,
              v.signedDescriptor(),
              v.source().verifiedPayloads().orElse(null));
      file = spool == null ? Objects.requireNonNull(region).file() : spool.file();
      offset = tee == null ? Objects.requireNonNull(region).offset() : tee.offset();
    } catch (IOException | RuntimeException e) {
      // a damaged file: say first that it is not the VIB the depot lists, when that is so
      Sha256 actual;
      try {
        actual = rehash(v);
      } catch (IOException again) {
        e.addSuppressed(again);
        throw e;
      }
      checkSha256(v, actual);
      throw e;
    } finally {
      if (spool != null) {
        spools.give(spool);
      }
    }
    if (read.isEmpty()) {
      // descriptor.xml is not the first member
      return oneFromFile(v, expected, opts, tempDir, keepBytes);
    }
    VibVerifier.Read r = read.get();
    checkSha256(v, r.sha256());
    if (region != null && region.length() != r.size()) {
      throw new FormatException(
          source, "changed while read: " + r.size() + " bytes, not " + region.length());
    }
    refuseDisagreement(v, r.descriptor());
    // the signed descriptor is, in every sound depot, equal to the catalog's: keep one object
    VibDescriptor signed = r.descriptor().equals(v.descriptor()) ? v.descriptor() : r.descriptor();
    Map<String, VibMember> members = new LinkedHashMap<>();
    for (VibMember m : r.members()) {
      members.put(m.name(), m);
    }
    return new Local(
        v,
        file,
        offset,
        r.size(),
        r.sha256(),
        members,
        keepBytes ? r.descriptorBytes() : NOT_KEPT,
        keepBytes ? r.signatureBytes() : NOT_KEPT,
        signed,
        r.verification());
  }

  /** The SHA-256 of the source's bytes, read again (only after a failure). */
  private static Sha256 rehash(CatalogVib v) throws IOException {
    try (HashingInputStream in = HashingInputStream.of(v.source().open())) {
      return in.drain();
    }
  }

  /** A VIB whose first member is not its descriptor: materialised and read by random access. */
  private static Local oneFromFile(
      CatalogVib v, VibMetadata expected, VibVerifier.Options opts, Path tempDir, boolean keepBytes)
      throws IOException {
    Path file = v.source().materialize(tempDir);
    VibVerifier.Hashed h = VibVerifier.verifyHashed(file, expected, opts);
    checkSha256(v, h.sha256());
    Map<String, VibMember> members = new LinkedHashMap<>();
    try (VibFile f = VibFile.open(file)) {
      for (VibMember m : f.members()) {
        members.put(m.name(), m);
      }
      VibDescriptor d = f.descriptor();
      refuseDisagreement(v, d);
      return new Local(
          v,
          file,
          0,
          h.size(),
          h.sha256(),
          members,
          keepBytes ? f.descriptorBytes() : NOT_KEPT,
          keepBytes ? f.signatureBytes() : NOT_KEPT,
          d,
          h.verification());
    }
  }

  private static void checkSha256(CatalogVib v, Sha256 sha) throws FormatException {
    if (v.sha256() != null && !v.sha256().equals(sha)) {
      throw new FormatException(
          v.source().describe(),
          null,
          -1,
          "SHA-256 " + sha + " differs from the depot metadata's " + v.sha256());
    }
  }

  /**
   * The signed descriptor is the truth: a VIB whose depot metadata states something else (a higher
   * acceptance level, another platform, name or version) is refused outright; {@code --force} does
   * not cover it, since everything the build decided from the metadata may be wrong.
   */
  private static void refuseDisagreement(CatalogVib v, VibDescriptor own) throws FormatException {
    refuseDisagreement(v, MetadataAgreement.compare(v.metadata(), own, v.metadataScope()));
  }

  /**
   * As {@link #refuseDisagreement(CatalogVib, VibDescriptor)}, for the disagreements the catalog
   * already found when it read a local VIB's descriptor ({@link CatalogVib#disagreements}): an add
   * refuses such a VIB before the edit judges it.
   */
  static void refuseDisagreement(CatalogVib v, List<MetadataAgreement.Disagreement> d)
      throws FormatException {
    if (!d.isEmpty()) {
      throw new FormatException(
          v.source().describe(),
          "depot metadata disagrees with the VIB's"
              + " signed descriptor.xml ("
              + String.join("; ", d.stream().map(Object::toString).toList())
              + "); the VIB is refused: get the depot from its publisher");
    }
  }

  SortedMap<VibId, Local> all() {
    return vibs;
  }

  /**
   * The validator's signature verdict of each VIB: whether the signature verifies. Anchoring is
   * judged by {@link #untrusted} and {@link #signatureWarnings}.
   */
  Map<VibId, SignatureStatus> signatures() {
    Map<VibId, SignatureStatus> m = new TreeMap<>();
    for (Map.Entry<VibId, Local> e : vibs.entrySet()) { // keyed by id: not derived again per VIB
      Signatures.Status s = e.getValue().verification().signature().status();
      m.put(
          e.getKey(),
          switch (s) {
            case UNSIGNED -> SignatureStatus.UNSIGNED;
            case INVALID -> SignatureStatus.INVALID;
            case SIGNED_TRUSTED -> SignatureStatus.VALID;
            case SIGNED_UNANCHORED -> SignatureStatus.VALID;
          });
    }
    return m;
  }

  /**
   * VIBs whose good signature {@link SignaturePolicy} refuses because it is not anchored (certified
   * and accepted VIBs; the same verdict as {@code esxforge verify}).
   */
  List<Problem> untrusted() {
    List<Problem> out = new ArrayList<>();
    for (Local l : vibs.values()) {
      SignaturePolicy.Verdict v = l.verification().verdict();
      if (l.verification().signature().status() == Signatures.Status.SIGNED_UNANCHORED
          && v.kind() == SignaturePolicy.Kind.REFUSED) {
        out.add(new Problem(Problem.Code.INVALID_SIGNATURE, l.vib().id(), v.message(), v.hint()));
      }
    }
    return out;
  }

  /** One warning line per VIB whose signature is acceptable but vouched for by nobody. */
  List<String> signatureWarnings() {
    List<String> out = new ArrayList<>();
    for (Local l : vibs.values()) {
      SignaturePolicy.Verdict v = l.verification().verdict();
      if (v.kind() == SignaturePolicy.Kind.WARNING) {
        out.add(l.vib().id() + ": " + v.message() + "; " + v.hint());
      }
    }
    return out;
  }

  /**
   * How the VIBs are signed, one phrase per signer and store with its count, e.g. {@code 70 signed
   * by 'VMware Certified VIB Signing', anchored in esxforge's built-in VMware store}.
   */
  String signatureSummary() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Local l : vibs.values()) {
      counts.merge(l.verification().signature().detail(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((detail, n) -> parts.add(n + " " + detail));
    return String.join("; ", parts);
  }

  /**
   * {@code fromDepots} with each VIB's descriptor replaced by the one inside its {@code .vib} (the
   * signed one, which wins over the depot metadata: e.g. its {@code softwarePlatform}).
   */
  Map<VibId, VibDescriptor> signedDescriptors(Map<VibId, VibDescriptor> fromDepots) {
    Map<VibId, VibDescriptor> m = new TreeMap<>(fromDepots);
    for (Map.Entry<VibId, Local> e : vibs.entrySet()) {
      m.replace(e.getKey(), e.getValue().descriptor());
    }
    return m;
  }

  /** Payloads as regions of the local VIB files. */
  PayloadSource payloads() {
    return (PayloadRef ref) -> {
      Local l = vibs.get(ref.vibId());
      VibMember m = l == null ? null : l.members().get(ref.payloadName());
      if (l == null || m == null) {
        throw new FormatException(
            l == null ? ref.vibId().toString() : l.file().toString(),
            ref.payloadName(),
            -1,
            "payload is not in the .vib; the VIB cannot go on an ISO");
      }
      return IsoSource.region(l.file(), l.offset() + m.dataOffset(), m.size());
    };
  }

  /**
   * Descriptor and signature bytes of every VIB, for IMGDB.TGZ.
   *
   * @throws IllegalStateException when they were not kept ({@link #of})
   */
  Map<VibId, ImgDb.VibFiles> databaseFiles() {
    if (!databaseFiles) {
      throw new IllegalStateException("the VIBs' descriptor and signature bytes were not kept");
    }
    Map<VibId, ImgDb.VibFiles> m = new TreeMap<>();
    for (Local l : vibs.values()) {
      m.put(
          l.vib().id(),
          new ImgDb.VibFiles(
              IsoSource.bytes(l.descriptorBytes()), IsoSource.bytes(l.signatureBytes())));
    }
    return m;
  }
}
