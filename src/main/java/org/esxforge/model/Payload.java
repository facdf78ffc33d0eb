package org.esxforge.model;

import java.util.List;
import java.util.Objects;

/**
 * A {@code <payload>} of a descriptor (docs/formats.md §4.2, §4.3). Name and type obey {@link
 * Identifiers} (they become archive member names).
 *
 * @param type {@code vgz}, {@code tgz}, {@code boot}, {@code vzstd}, {@code upgrade}, ...
 * @param size raw member size in bytes
 * @param uncompressedSize -1 when absent
 * @param bootOrder -1 when absent
 * @param vfatName "" when absent
 * @param compressionOption "" when absent
 */
public record Payload(
    String name,
    String type,
    long size,
    long uncompressedSize,
    int bootOrder,
    String vfatName,
    String compressionOption,
    List<Checksum> checksums) {

  public Payload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Identifiers.checkArgument("payload name", name);
    Identifiers.checkArgument("payload type", type);
    vfatName = vfatName == null ? "" : vfatName;
    compressionOption = compressionOption == null ? "" : compressionOption;
    checksums = List.copyOf(checksums);
  }

  public boolean hasBootOrder() {
    return bootOrder >= 0;
  }
}
