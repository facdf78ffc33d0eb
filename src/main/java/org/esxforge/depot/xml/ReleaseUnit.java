package org.esxforge.depot.xml;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An ESXi 7.0+ release unit: a base image or an add-on (docs/formats.md §2.6). Strings are "" when
 * absent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param releaseId e.g. {@code ESXi:7.0.0-1.0.15843807}
 * @param releaseType {@code baseImage} or {@code addon} (also {@code solution}, {@code manifest});
 *     "" means {@code addon} when {@code name} is set, else {@code baseImage}
 * @param name add-on {@code nameSpec.name}; "" for a base image
 * @param nameUi add-on {@code nameSpec.uiString}
 * @param version {@code versionSpec.version}
 * @param versionUi {@code versionSpec.uiString}
 * @param components component name → version
 * @param removedComponents add-on only: component names it removes
 * @param supportedBaseImageVersions add-on only
 */
public record ReleaseUnit(
    String releaseId,
    String releaseType,
    String schemaVersion,
    String category,
    String vendor,
    String summary,
    String description,
    String docUrl,
    String acceptanceLevel,
    String releaseDate,
    String name,
    String nameUi,
    String version,
    String versionUi,
    SortedMap<String, String> components,
    List<String> removedComponents,
    List<String> supportedBaseImageVersions) {

  public static final String BASE_IMAGE = "baseImage";
  public static final String ADD_ON = "addon";

  public ReleaseUnit {
    releaseId = nz(releaseId);
    name = nz(name);
    releaseType = nz(releaseType);
    if (releaseType.isEmpty()) {
      releaseType = name.isEmpty() ? BASE_IMAGE : ADD_ON; // only add-ons have a nameSpec
    }
    schemaVersion = nz(schemaVersion);
    category = nz(category);
    vendor = nz(vendor);
    summary = nz(summary);
    description = nz(description);
    docUrl = nz(docUrl);
    acceptanceLevel = nz(acceptanceLevel);
    releaseDate = nz(releaseDate);
    nameUi = nz(nameUi);
    version = nz(version);
    versionUi = nz(versionUi);
    components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
    removedComponents = List.copyOf(removedComponents);
    supportedBaseImageVersions = List.copyOf(supportedBaseImageVersions);
  }

  public boolean isBaseImage() {
    return BASE_IMAGE.equals(releaseType);
  }

  public boolean isAddOn() {
    return ADD_ON.equalsIgnoreCase(releaseType);
  }

  /** The release id, or {@code <name|ESXi>:<version>} when the document has none. */
  public String effectiveId() {
    if (!releaseId.isEmpty()) {
      return releaseId;
    }
    return (isBaseImage() || name.isEmpty() ? "ESXi" : name) + ":" + version;
  }

  private static String nz(String s) {
    return Objects.requireNonNullElse(s, "");
  }
}
