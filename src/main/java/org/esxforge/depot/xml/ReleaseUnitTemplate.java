package org.esxforge.depot.xml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * Jackson wire type of a release-unit JSON document (docs/formats.md §2.6), e.g.
 *
 * <pre>{@code
 * {"releaseID":"ESXi:7.0.0-1.0.15843807","releaseType":"baseImage","schemaVersion":"1.0",
 *  "category":"enhancement","vendor":"VMware, Inc.","summary":"…","description":"…","docURL":"",
 *  "acceptanceLevel":"certified","releaseDate":"2020-03-16T10:48:52.739068+00:00",
 *  "versionSpec":{"version":"7.0.0-1.0.15843807","uiString":"7.0 GA - 15843807"},
 *  "components":{"ESXi":"7.0.0-1.0.15843807"}}
 * }</pre>
 *
 * Not thread-safe (mutable bean); used only inside {@link BaseImageJson}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "releaseID",
  "releaseType",
  "schemaVersion",
  "category",
  "vendor",
  "summary",
  "description",
  "docURL",
  "acceptanceLevel",
  "releaseDate",
  "nameSpec",
  "versionSpec",
  "components",
  "removedComponents",
  "supportedBaseImageVersions",
  "hardwareSupportInfo"
})
final class ReleaseUnitTemplate {
  @JsonProperty("releaseID")
  public @Nullable String releaseId;

  public @Nullable String releaseType;
  public @Nullable String schemaVersion;
  public @Nullable String category;
  public @Nullable String vendor;
  public @Nullable String summary;
  public @Nullable String description;

  @JsonProperty("docURL")
  public @Nullable String docUrl;

  public @Nullable String acceptanceLevel;
  public @Nullable String releaseDate;
  public @Nullable Spec nameSpec;
  public @Nullable Spec versionSpec;

  /** Versions (base image, add-on, manifest) or, for a solution, version constraints. */
  public @Nullable SortedMap<String, com.fasterxml.jackson.databind.JsonNode> components;

  public @Nullable List<String> removedComponents;
  public @Nullable List<String> supportedBaseImageVersions;

  /** Manifest only, read not written: {@code {manager: {name}, package: {name, version}}}. */
  public com.fasterxml.jackson.databind.@Nullable JsonNode hardwareSupportInfo;

  /** {@code {"name"|"version": .., "uiString": ..}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "version", "uiString"})
  static final class Spec {
    public @Nullable String name;
    public @Nullable String version;
    public @Nullable String uiString;
  }
}
