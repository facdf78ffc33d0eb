package org.esxforge.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every field of a VIB's {@code descriptor.xml} (docs/formats.md §4.2), as parsed. Strings are ""
 * when the element is absent; booleans default as noted. Type, name, version and vendor obey {@link
 * Identifiers} (they become file names).
 *
 * @param formatVersion the {@code <vib version="...">} attribute, e.g. "5.0"
 * @param releaseDate raw text, e.g. {@code 2020-03-16T10:48:52.739068+00:00}
 * @param urls key to URL, in document order
 * @param installDate raw text; present only in host image-database copies
 * @param maintenanceMode {@code <maintenance-mode>} (or v-front {@code maintenanceMode}) text
 * @param maintenanceModeInstall the {@code install} attribute, "" when absent
 * @param maintenanceModeRemove the {@code remove} attribute, "" when absent
 * @param overlay {@code <overlay>}; false when absent
 * @param id {@code <vendor>_<type>_<name>_<version>}, derived from those four fields (a given id is
 *     kept only when it is that one): made once, since every step looks VIBs up by it (building it
 *     on each call was 3 % of a 20,000-VIB build's samples, and each new id hashed and compared its
 *     text anew)
 */
public record VibDescriptor(
    String formatVersion,
    String type,
    String name,
    SoftwareVersion version,
    String vendor,
    String summary,
    String description,
    String releaseDate,
    List<Url> urls,
    Relationships relationships,
    List<String> softwareTags,
    String installDate,
    boolean maintenanceMode,
    String maintenanceModeInstall,
    String maintenanceModeRemove,
    List<SoftwarePlatform> softwarePlatforms,
    List<HwPlatform> hwPlatforms,
    List<String> fileList,
    AcceptanceLevel acceptanceLevel,
    boolean liveInstallAllowed,
    boolean liveRemoveAllowed,
    boolean cimomRestart,
    boolean statelessReady,
    boolean overlay,
    List<Payload> payloads,
    VibId id) {
  /** What the fields-only constructor gives for {@code id}: replaced by the derived id. */
  private static final VibId DERIVED = new VibId("derived_from_the_fields");

  /** A {@code <url key="..">} entry. */
  public record Url(String key, String url) {
    public Url {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(url, "url");
    }
  }

  public VibDescriptor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(acceptanceLevel, "acceptanceLevel");
    Objects.requireNonNull(relationships, "relationships");
    Identifiers.checkArgument("VIB type", type);
    Identifiers.checkArgument("VIB name", name);
    Identifiers.checkArgument("VIB version", version.text());
    Identifiers.checkArgument("VIB vendor", vendor);
    formatVersion = nz(formatVersion);
    summary = nz(summary);
    description = nz(description);
    releaseDate = nz(releaseDate);
    installDate = nz(installDate);
    maintenanceModeInstall = nz(maintenanceModeInstall);
    maintenanceModeRemove = nz(maintenanceModeRemove);
    urls = List.copyOf(urls);
    softwareTags = List.copyOf(softwareTags);
    softwarePlatforms = List.copyOf(softwarePlatforms);
    hwPlatforms = List.copyOf(hwPlatforms);
    fileList = List.copyOf(fileList);
    payloads = List.copyOf(payloads);
    VibId derived = VibId.of(vendor, type, name, version.text());
    id = derived.equals(id) ? id : derived; // an equal id given is kept (shared), others replaced
  }

  /** A descriptor of these fields; its {@link #id} is derived from them. */
  public VibDescriptor(
      String formatVersion,
      String type,
      String name,
      SoftwareVersion version,
      String vendor,
      String summary,
      String description,
      String releaseDate,
      List<Url> urls,
      Relationships relationships,
      List<String> softwareTags,
      String installDate,
      boolean maintenanceMode,
      String maintenanceModeInstall,
      String maintenanceModeRemove,
      List<SoftwarePlatform> softwarePlatforms,
      List<HwPlatform> hwPlatforms,
      List<String> fileList,
      AcceptanceLevel acceptanceLevel,
      boolean liveInstallAllowed,
      boolean liveRemoveAllowed,
      boolean cimomRestart,
      boolean statelessReady,
      boolean overlay,
      List<Payload> payloads) {
    this(
        formatVersion,
        type,
        name,
        version,
        vendor,
        summary,
        description,
        releaseDate,
        urls,
        relationships,
        softwareTags,
        installDate,
        maintenanceMode,
        maintenanceModeInstall,
        maintenanceModeRemove,
        softwarePlatforms,
        hwPlatforms,
        fileList,
        acceptanceLevel,
        liveInstallAllowed,
        liveRemoveAllowed,
        cimomRestart,
        statelessReady,
        overlay,
        payloads,
        DERIVED);
  }

  /** The payload called {@code payloadName}, or null. */
  public @Nullable Payload payload(String payloadName) {
    for (Payload p : payloads) {
      if (p.name().equals(payloadName)) {
        return p;
      }
    }
    return null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
