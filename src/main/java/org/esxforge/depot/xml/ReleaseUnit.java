package org.esxforge.depot.xml;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An ESXi 7.0+ release unit: a base image, an add-on, a manifest (a hardware support package) or a
 * solution (docs/formats.md §2.6). Strings are "" when absent.
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
 * @param removedComponents add-on and manifest: component names it removes
 * @param supportedBaseImageVersions add-on and manifest
 * @param hardwareSupportManager manifest only: {@code hardwareSupportInfo.manager.name}
 * @param hardwareSupportPackage manifest only: {@code hardwareSupportInfo.package.name} (its
 *     version is {@code hardwareSupportInfo.package.version}, else {@code version})
 * @param document for manifests and solutions, the JSON document as read, which exports write back
 *     unchanged (their shape beyond the common fields is not published: esxforge does not rewrite
 *     what it only partly understands); "" for base images and add-ons, which are re-serialised.
 *     For a solution, {@code components} maps each component name to its version constraint as text
 *     ({@code 1.0-1 | 1.1-1}, {@code >=1.0-1}), not to one version
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
    List<String> supportedBaseImageVersions,
    String hardwareSupportManager,
    String hardwareSupportPackage,
    String document) {

  public static final String BASE_IMAGE = "baseImage";
  public static final String ADD_ON = "addon";
  public static final String MANIFEST = "manifest";
  public static final String SOLUTION = "solution";

  /** A base image or add-on (no hardware support info, re-serialised on export). */
  public ReleaseUnit(
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
    this(
        releaseId,
        releaseType,
        schemaVersion,
        category,
        vendor,
        summary,
        description,
        docUrl,
        acceptanceLevel,
        releaseDate,
        name,
        nameUi,
        version,
        versionUi,
        components,
        removedComponents,
        supportedBaseImageVersions,
        "",
        "",
        "");
  }

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
    hardwareSupportManager = nz(hardwareSupportManager);
    hardwareSupportPackage = nz(hardwareSupportPackage);
    document = nz(document);
  }

  public boolean isManifest() {
    return MANIFEST.equalsIgnoreCase(releaseType);
  }

  public boolean isSolution() {
    return SOLUTION.equalsIgnoreCase(releaseType);
  }

  /** For messages: {@code HPE-SPP 2024.07.00.00 (hardware support manager hpe.hsm)}. */
  public String hardwareSupport() {
    return hardwareSupportPackage
        + " "
        + version
        + (hardwareSupportManager.isEmpty() ? "" : " (manager " + hardwareSupportManager + ")");
  }

  public boolean isBaseImage() {
    return BASE_IMAGE.equals(releaseType);
  }

  public boolean isAddOn() {
    return ADD_ON.equalsIgnoreCase(releaseType);
  }

  /**
   * The release id, or {@code <name|ESXi>:<version>} when the document has none (a manifest without
   * a name: {@code <manager>_<package>:<version>}) [G].
   */
  public String effectiveId() {
    if (!releaseId.isEmpty()) {
      return releaseId;
    }
    if (isManifest() && name.isEmpty()) {
      return hardwareSupportManager + "_" + hardwareSupportPackage + ":" + version;
    }
    return (isBaseImage() || name.isEmpty() ? "ESXi" : name) + ":" + version;
  }

  private static String nz(String s) {
    return Objects.requireNonNullElse(s, "");
  }
}
