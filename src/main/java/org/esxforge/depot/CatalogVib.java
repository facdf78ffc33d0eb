package org.esxforge.depot;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

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
 */
public record CatalogVib(
    VibDescriptor descriptor,
    String relativePath,
    long packedSize,
    Sha256 sha256,
    Set<String> depots,
    VibSource source,
    Boolean signed) {

  public CatalogVib {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(source, "source");
    depots = Collections.unmodifiableSortedSet(new TreeSet<>(depots));
  }

  public VibId id() {
    return descriptor.id();
  }

  /** This VIB also found in {@code more} depots. */
  CatalogVib withDepots(Set<String> more) {
    TreeSet<String> all = new TreeSet<>(depots);
    all.addAll(more);
    return new CatalogVib(descriptor, relativePath, packedSize, sha256, all, source, signed);
  }
}
