package org.esxforge.vib;

import java.util.Objects;
import org.esxforge.io.Sha256;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * A {@code metadata.zip} {@code vibs/*.xml} entry (docs/formats.md §2.4): the VIB's descriptor plus
 * where the {@code .vib} lives in the depot, its size and the SHA-256 of the whole file.
 *
 * <p>Immutable and thread-safe.
 *
 * @param relativePath {@code <relative-path>}, e.g. {@code vib20/x/VMW_bootbank_x_1.0.vib}; "" when
 *     absent
 * @param packedSize {@code <packed-size>}, the {@code .vib} file size; -1 when absent
 * @param vibSha256 {@code <checksum checksum-type="sha-256">} of the whole {@code .vib}; null when
 *     absent
 * @param scope which descriptor fields the metadata states: {@link
 *     MetadataAgreement.Scope#DESCRIPTOR} for a {@code vibs/*.xml} entry, {@link
 *     MetadataAgreement.Scope#SUMMARY} when the depot had only a {@code vmware.xml} summary
 */
public record VibMetadata(
    VibDescriptor descriptor,
    String relativePath,
    long packedSize,
    @Nullable Sha256 vibSha256,
    MetadataAgreement.Scope scope) {
  /** A {@code vibs/*.xml} entry (scope {@link MetadataAgreement.Scope#DESCRIPTOR}). */
  public VibMetadata(
      VibDescriptor descriptor, String relativePath, long packedSize, @Nullable Sha256 vibSha256) {
    this(descriptor, relativePath, packedSize, vibSha256, MetadataAgreement.Scope.DESCRIPTOR);
  }

  public VibMetadata {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(scope, "scope");
    relativePath = relativePath == null ? "" : relativePath;
    if (packedSize < -1) {
      throw new IllegalArgumentException("packedSize " + packedSize);
    }
  }
}
