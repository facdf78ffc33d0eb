package org.esxforge.depot.xml;

import java.util.List;
import java.util.Objects;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Relationships;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * The summary of one VIB inside {@code vmware.xml}'s {@code bulletin/vibList/vib} (docs/formats.md
 * §2.2). It lacks the acceptance level and payloads of the full descriptor.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vibVersion always {@code 1.4.5} in real files
 * @param type the descriptor {@code <type>} ({@code vibType})
 * @param maintenanceMode {@code systemReqs/maintenanceMode} (or v-front's {@code maintenance-mode})
 * @param platforms {@code systemReqs/swPlatform}; VMware writes one with {@code version=""} when
 *     the descriptor has none
 * @param sourceUrl absolute download URL, "" in every sample (§1.3 step 4)
 * @param relativePath the VIB path relative to the metadata zip's directory
 * @param packedSize the {@code .vib} file size in bytes, -1 when absent
 * @param checksumType e.g. {@code sha-256}
 * @param sha256 the SHA-256 of the whole {@code .vib} file; null when absent or not SHA-256
 */
public record VibSummary(
    String vibVersion,
    VibId id,
    String name,
    String version,
    String vendor,
    String type,
    String summary,
    boolean maintenanceMode,
    List<SoftwarePlatform> platforms,
    Relationships relationships,
    boolean rebootRequired,
    boolean hostdRestart,
    List<String> softwareTags,
    String sourceUrl,
    String relativePath,
    long packedSize,
    String checksumType,
    @Nullable Sha256 sha256) {

  public VibSummary {
    Objects.requireNonNull(id, "id");
    vibVersion = Objects.requireNonNullElse(vibVersion, "1.4.5");
    name = Objects.requireNonNullElse(name, "");
    version = Objects.requireNonNullElse(version, "");
    vendor = Objects.requireNonNullElse(vendor, "");
    type = Objects.requireNonNullElse(type, "");
    summary = Objects.requireNonNullElse(summary, "");
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(relationships, "relationships");
    softwareTags = List.copyOf(softwareTags);
    sourceUrl = Objects.requireNonNullElse(sourceUrl, "");
    relativePath = Objects.requireNonNullElse(relativePath, "");
    checksumType = Objects.requireNonNullElse(checksumType, "sha-256");
  }

  /**
   * The summary VMware writes for a descriptor: {@code rebootRequired} = maintenance mode, {@code
   * hostdRestart} false, one {@code swPlatform version=""} when the descriptor has none.
   */
  public static VibSummary of(
      VibDescriptor d, String relativePath, long packedSize, @Nullable Sha256 sha256) {
    List<SoftwarePlatform> platforms =
        d.softwarePlatforms().isEmpty()
            ? List.of(new SoftwarePlatform("", "", "embeddedEsx"))
            : d.softwarePlatforms();
    return new VibSummary(
        "1.4.5",
        d.id(),
        d.name(),
        d.version().text(),
        d.vendor(),
        d.type(),
        d.summary(),
        d.maintenanceMode(),
        platforms,
        d.relationships(),
        d.maintenanceMode(),
        false,
        d.softwareTags(),
        "",
        relativePath,
        packedSize,
        "sha-256",
        sha256);
  }

  /** {@link #of(VibDescriptor, String, long, Sha256)} for a {@code vibs/*.xml} entry. */
  public static VibSummary of(org.esxforge.vib.VibMetadata m) {
    return of(m.descriptor(), m.relativePath(), m.packedSize(), m.vibSha256());
  }

  /**
   * A descriptor holding what the summary knows, for depots without {@code vibs/*.xml}. The summary
   * has no acceptance level and no payloads: the level is the caller's choice (the catalog uses
   * {@link AcceptanceLevel#COMMUNITY}, the least trusted, so nothing is ever over-trusted), the
   * payload list is empty, and a {@code swPlatform} with an empty version is dropped (it means
   * "any").
   */
  public VibDescriptor toDescriptor(AcceptanceLevel level) {
    List<SoftwarePlatform> real = platforms.stream().filter(p -> !p.version().isEmpty()).toList();
    return new VibDescriptor(
        "5.0",
        type,
        name,
        new SoftwareVersion(version),
        vendor,
        summary,
        "",
        "",
        List.of(),
        relationships,
        softwareTags,
        "",
        maintenanceMode,
        "",
        "",
        real,
        List.of(),
        List.of(),
        level,
        false,
        false,
        false,
        false,
        false,
        List.of());
  }
}
