package org.esxforge.depot;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.io.Sha256;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.VibMetadata;

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
 */
public record CatalogVib(
    VibDescriptor descriptor,
    String relativePath,
    long packedSize,
    Sha256 sha256,
    Set<String> depots,
    VibSource source,
    Boolean signed,
    MetadataAgreement.Scope metadataScope) {

  /** A VIB described by a full descriptor ({@code vibs/*.xml}, or the {@code .vib} itself). */
  public CatalogVib(
      VibDescriptor descriptor,
      String relativePath,
      long packedSize,
      Sha256 sha256,
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
    depots = Collections.unmodifiableSortedSet(new TreeSet<>(depots));
  }

  public VibId id() {
    return descriptor.id();
  }

  /**
   * What the depot metadata says about the {@code .vib}, for {@code VibVerifier}: the file must
   * match its size and SHA-256, and its signed descriptor must agree with the metadata.
   */
  public VibMetadata expected() {
    return new VibMetadata(descriptor, relativePath, packedSize, sha256, metadataScope);
  }

  /** This VIB also found in {@code more} depots. */
  CatalogVib withDepots(Set<String> more) {
    TreeSet<String> all = new TreeSet<>(depots);
    all.addAll(more);
    return new CatalogVib(
        descriptor, relativePath, packedSize, sha256, all, source, signed, metadataScope);
  }
}
