package org.esxforge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.esxforge.depot.CatalogVib;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.image.ImgDb;
import org.esxforge.image.PayloadRef;
import org.esxforge.image.PayloadSource;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.SignatureStatus;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.SignaturePolicy;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;
import org.esxforge.vib.VibMetadata;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;

/**
 * The {@code .vib} files of a new profile as local files, each verified once before anything is
 * written: whole-file size and SHA-256 against the depot metadata, descriptor against the metadata,
 * every payload's checksums, the member list, and the signature (always evaluated; whether it
 * counts is the validator's {@code signatureCheck}). Remote VIBs and VIBs inside deflated zip
 * entries are materialised into a temp directory first, so that payloads can then be copied as
 * zero-copy regions of the local file ({@link #payloads()}). Since the exported bytes are these
 * verified bytes of the same local file, "verified on the way" holds without a second hash pass.
 *
 * <p>Not thread-safe; build one per pipeline run.
 */
final class LocalVibs {
  /** One verified VIB. */
  record Local(
      CatalogVib vib,
      Path file,
      long size,
      Sha256 sha256,
      Map<String, VibMember> members,
      byte[] descriptorBytes,
      byte[] signatureBytes,
      VibVerification verification) {}

  private final SortedMap<VibId, Local> vibs;

  private LocalVibs(SortedMap<VibId, Local> vibs) {
    this.vibs = vibs;
  }

  /**
   * Materialises and verifies {@code vibs}, on as many threads as there are cores. Each VIB is read
   * once for its verification, whole-file size and SHA-256 together. The result and the error are
   * those of a serial run: VIBs are taken in input order, and the first VIB in that order that
   * fails is the one reported (later ones are cancelled).
   *
   * @param tempDir where non-local VIBs are copied (the caller deletes it)
   */
  static LocalVibs of(
      List<CatalogVib> vibs, VibVerifier.Options options, Path tempDir, EventHandlers events)
      throws IOException {
    SortedMap<VibId, Local> out = new TreeMap<>();
    int threads = Math.min(vibs.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      int done = 0;
      for (CatalogVib v : vibs) {
        out.put(v.id(), one(v, options, tempDir));
        events.dispatch(new ProgressEvent("verify VIBs", ++done, vibs.size(), "VIBs"));
      }
      return new LocalVibs(out);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "verify-vib");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Local>> futures = new ArrayList<>();
      for (CatalogVib v : vibs) {
        futures.add(pool.submit(() -> one(v, options, tempDir)));
      }
      int done = 0;
      for (Future<Local> f : futures) {
        Local l = result(f);
        out.put(l.vib().id(), l);
        events.dispatch(new ProgressEvent("verify VIBs", ++done, vibs.size(), "VIBs"));
      }
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
    }
    return new LocalVibs(out);
  }

  private static Local result(Future<Local> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while verifying VIBs");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /** Waits for cancelled verifications to stop (they may hold temp files the caller deletes). */
  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Materialises and verifies one VIB: one sequential read for verification, size and hash. */
  private static Local one(CatalogVib v, VibVerifier.Options options, Path tempDir)
      throws IOException {
    Path file = v.source().materialize(tempDir);
    // the whole-file SHA-256 is checked below, from the verifier's own read; null here keeps the
    // verifier from reporting it as one problem among others
    VibMetadata expected =
        new VibMetadata(v.metadata(), v.relativePath(), v.packedSize(), null, v.metadataScope());
    // signature problems are judged by the validator (so --force and --no-signature-check
    // apply uniformly); the verifier reports everything else
    VibVerifier.Options opts = new VibVerifier.Options(false, options.trust(), v.depots());
    VibVerifier.Hashed h;
    try {
      h = VibVerifier.verifyHashed(file, expected, opts);
    } catch (IOException | RuntimeException e) {
      // a damaged file: say first that it is not the VIB the depot lists, when that is so
      checkSha256(v, Sha256.ofFile(file));
      throw e;
    }
    checkSha256(v, h.sha256());
    Map<String, VibMember> members = new LinkedHashMap<>();
    byte[] descriptor;
    byte[] signature;
    try (VibFile f = VibFile.open(file)) {
      for (VibMember m : f.members()) {
        members.put(m.name(), m);
      }
      descriptor = f.descriptorBytes();
      signature = f.signatureBytes();
      refuseDisagreement(v, f.descriptor());
    }
    return new Local(
        v, file, h.size(), h.sha256(), members, descriptor, signature, h.verification());
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
    for (Local l : vibs.values()) {
      Signatures.Status s = l.verification().signature().status();
      m.put(
          l.vib().id(),
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
  Map<VibId, VibDescriptor> signedDescriptors(Map<VibId, VibDescriptor> fromDepots)
      throws FormatException {
    Map<VibId, VibDescriptor> m = new TreeMap<>(fromDepots);
    for (Local l : vibs.values()) {
      if (m.containsKey(l.vib().id())) {
        m.put(
            l.vib().id(),
            DescriptorXml.parse(
                l.descriptorBytes(), l.vib().source().describe() + "!" + VibMember.DESCRIPTOR));
      }
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
      return IsoSource.region(l.file(), m.dataOffset(), m.size());
    };
  }

  /** Descriptor and signature bytes of every VIB, for IMGDB.TGZ. */
  Map<VibId, ImgDb.VibFiles> databaseFiles() {
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
