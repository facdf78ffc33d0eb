package org.esxforge.depot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.esxforge.io.Sha256;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.ParsedDescriptor;
import org.esxforge.vib.VibMetadata;
import org.jspecify.annotations.Nullable;

/**
 * One VIB of a {@link Catalog}. The same VIB id from several depots is one entry listing all of
 * them; its bytes come from the first depot that had it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param relativePath where the depot keeps the {@code .vib} (its file name for a loose VIB)
 * @param packedSize the {@code .vib} size in bytes, -1 when the depot does not say
 * @param sha256 SHA-256 of the whole {@code .vib} from the depot metadata; null for a loose VIB
 *     (compute it while reading the file)
 * @param depots the locations that hold this VIB, sorted
 * @param signed whether {@code sig.pkcs7} is non-empty, read cheaply from the ar headers of local
 *     VIBs; null when unknown (remote VIBs are not downloaded to find out, missing VIBs)
 * @param metadataScope what the depot metadata stated about the descriptor ({@link
 *     MetadataAgreement.Scope#SUMMARY} when only {@code vmware.xml} described it)
 * @param metadata what the depot metadata says ({@code vibs/*.xml} or {@code vmware.xml}); the same
 *     object as {@code descriptor} unless the VIB's own signed {@code descriptor.xml} was read and
 *     disagrees
 * @param disagreements where the metadata and the signed descriptor differ (empty when they agree
 *     or the descriptor was not read). The signed descriptor is the truth: when it names the same
 *     VIB it becomes {@code descriptor}, so listing and choosing judge the VIB by it; a build
 *     refuses the VIB either way ({@link MetadataAgreement})
 * @param signedDescriptor the VIB's own {@code descriptor.xml} as the catalog parsed it (local
 *     VIBs), with the digest of its bytes, so that verification need not parse it again; its
 *     descriptor is the same object as {@code metadata} when the two are equal. Null when it was
 *     not read
 */
public record CatalogVib(
    VibDescriptor descriptor,
    String relativePath,
    long packedSize,
    @Nullable Sha256 sha256,
    Set<String> depots,
    VibSource source,
    @Nullable Boolean signed,
    MetadataAgreement.Scope metadataScope,
    VibDescriptor metadata,
    List<MetadataAgreement.Disagreement> disagreements,
    @Nullable ParsedDescriptor signedDescriptor) {

  /** A VIB as its depot metadata describes it (its own descriptor not read yet). */
  public CatalogVib(
      VibDescriptor descriptor,
      String relativePath,
      long packedSize,
      @Nullable Sha256 sha256,
      Set<String> depots,
      VibSource source,
      @Nullable Boolean signed,
      MetadataAgreement.Scope metadataScope) {
    this(
        descriptor,
        relativePath,
        packedSize,
        sha256,
        depots,
        source,
        signed,
        metadataScope,
        descriptor,
        List.of(),
        null);
  }

  /** A VIB described by a full descriptor ({@code vibs/*.xml}, or the {@code .vib} itself). */
  public CatalogVib(
      VibDescriptor descriptor,
      String relativePath,
      long packedSize,
      @Nullable Sha256 sha256,
      Set<String> depots,
      VibSource source,
      Boolean signed) {
    this(
        descriptor,
        relativePath,
        packedSize,
        sha256,
        depots,
        source,
        signed,
        MetadataAgreement.Scope.DESCRIPTOR);
  }

  public CatalogVib {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(metadataScope, "metadataScope");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(metadata, "metadata");
    depots = depotSet(depots);
    disagreements = List.copyOf(disagreements);
  }

  /**
   * Every VIB of a depot names the same depots: one shared immutable set per distinct set of
   * locations (at most {@link #SHARED_DEPOT_SETS} of them for the life of the process, past that
   * each VIB gets its own copy) instead of a TreeSet per VIB (5 MB for 40,000 VIBs).
   */
  private static SortedSet<String> depotSet(Set<String> depots) {
    SortedSet<String> known = DEPOT_SETS.get(depots);
    if (known != null) {
      return known;
    }
    SortedSet<String> made = Collections.unmodifiableSortedSet(new TreeSet<>(depots));
    if (DEPOT_SETS.size() >= SHARED_DEPOT_SETS) {
      return made;
    }
    known = DEPOT_SETS.putIfAbsent(Set.copyOf(made), made);
    return known == null ? made : known;
  }

  private static final int SHARED_DEPOT_SETS = 256;

  private static final Map<Set<String>, SortedSet<String>> DEPOT_SETS = new ConcurrentHashMap<>();

  /**
   * This VIB judged by its own signed {@code descriptor.xml}: compared with the metadata; when they
   * disagree and the descriptor names the same VIB, the descriptor becomes {@link #descriptor}.
   */
  public CatalogVib withSignedDescriptor(ParsedDescriptor parsed) {
    VibDescriptor signed = parsed.descriptor();
    if (signed.equals(
        metadata)) { // equal values agree: keep one object (verification relies on it)
      return with(parsed.as(metadata));
    }
    List<MetadataAgreement.Disagreement> d =
        MetadataAgreement.compare(metadata, signed, metadataScope);
    if (d.isEmpty()) {
      return with(parsed);
    }
    VibDescriptor truth = signed.id().equals(metadata.id()) ? signed : descriptor;
    return new CatalogVib(
        truth,
        relativePath,
        packedSize,
        sha256,
        depots,
        source,
        this.signed,
        metadataScope,
        metadata,
        d,
        parsed);
  }

  private CatalogVib with(ParsedDescriptor parsed) {
    return new CatalogVib(
        descriptor,
        relativePath,
        packedSize,
        sha256,
        depots,
        source,
        signed,
        metadataScope,
        metadata,
        disagreements,
        parsed);
  }

  public VibId id() {
    return descriptor.id();
  }

  /**
   * What the depot metadata says about the {@code .vib}, for {@code VibVerifier}: the file must
   * match its size and SHA-256, and its signed descriptor must agree with the metadata.
   */
  public VibMetadata expected() {
    return new VibMetadata(metadata, relativePath, packedSize, sha256, metadataScope);
  }

  /** This VIB, held by exactly {@code depots}. */
  CatalogVib atDepots(Set<String> depots) {
    return new CatalogVib(
        descriptor,
        relativePath,
        packedSize,
        sha256,
        depots,
        source,
        signed,
        metadataScope,
        metadata,
        disagreements,
        signedDescriptor);
  }

  /** This VIB also found in {@code more} depots. */
  CatalogVib withDepots(Set<String> more) {
    TreeSet<String> all = new TreeSet<>(depots);
    all.addAll(more);
    return new CatalogVib(
        descriptor,
        relativePath,
        packedSize,
        sha256,
        all,
        source,
        signed,
        metadataScope,
        metadata,
        disagreements,
        signedDescriptor);
  }
}
