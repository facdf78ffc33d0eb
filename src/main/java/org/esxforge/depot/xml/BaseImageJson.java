package org.esxforge.depot.xml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes 7.0+ release units (docs/formats.md §2.6) as JSON: base images and add-ons, and
 * manifests (hardware support packages) and solutions.
 *
 * <p><b>Member path inside {@code metadata.zip}</b> (open point §7.3; our choice): {@code
 * baseimages/<releaseID>.json} for base images and {@code addons/<releaseID>.json} for add-ons,
 * with every {@code :} of the release id replaced by {@code _} (so {@code ESXi:7.0.0-1.0.15843807}
 * becomes {@code baseimages/ESXi_7.0.0-1.0.15843807.json}, matching the {@code <name>_<version>}
 * style of bulletin file names); manifests under {@code manifests/}, solutions under {@code
 * solutions/}, named the same way (the directories VMware's depot writer names, §2.1). Readers
 * accept any file under those four directories, whatever its extension; the document's {@code
 * releaseType} decides, else the directory does.
 *
 * <p><b>Manifests and solutions</b> [G: only their common fields are published]: a manifest is read
 * like an add-on ({@code nameSpec}, {@code versionSpec}, {@code components}, {@code
 * removedComponents}, {@code supportedBaseImageVersions}) plus {@code hardwareSupportInfo:
 * {manager: {name}, package: {name, version}}}; a solution has {@code nameSpec}, {@code
 * versionSpec} and {@code components} whose values are version constraints: a version string, a
 * list of versions (strings or {@code {"version": ..}} objects) or a range object ({@code {"min":
 * .., "max": ..}}), kept as text. Both are written back exactly as read ({@link
 * ReleaseUnit#document}).
 *
 * <p>Written compact (no whitespace, members in schema order, components sorted by name), so the
 * bytes do not depend on the platform's line separator. Unknown members are ignored on read.
 *
 * <p>Stateless and thread-safe.
 */
public final class BaseImageJson {
  /** Largest release-unit document read, in bytes. */
  public static final long MAX_BYTES = 16L << 20;

  /** The mapper, made on first use (a holder class): Jackson is needed only for a JSON document. */
  private static final class Holder {
    static final ObjectMapper MAPPER = createMapper();

    private Holder() {}
  }

  private BaseImageJson() {}

  /** True if a metadata-zip member holds a release unit under our reading rule. */
  public static boolean isReleaseUnitMember(String member) {
    return (member.startsWith("baseimages/")
            || member.startsWith("addons/")
            || member.startsWith("manifests/")
            || member.startsWith("solutions/"))
        && !member.endsWith("/");
  }

  /** Our member path for a release unit (see the class comment). */
  public static String memberPath(ReleaseUnit u) {
    String dir =
        u.isAddOn()
            ? "addons/"
            : u.isManifest() ? "manifests/" : u.isSolution() ? "solutions/" : "baseimages/";
    return dir + u.effectiveId().replace(':', '_') + ".json";
  }

  /**
   * Parses a release unit.
   *
   * @param member the zip member name (decides the type when the document has no {@code
   *     releaseType}); may be null
   */
  public static ReleaseUnit parse(byte[] json, String source, String member)
      throws FormatException {
    ReleaseUnitTemplate t;
    try {
      t = Holder.MAPPER.readValue(json, ReleaseUnitTemplate.class);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      throw new FormatException(source, member, -1, "malformed JSON: " + firstLine(msg), e);
    } catch (IOException e) {
      throw new FormatException(source, member, -1, "unreadable JSON: " + e.getMessage(), e);
    }
    if (t == null) {
      throw new FormatException(source, member, -1, "empty JSON document");
    }
    String type = t.releaseType;
    if (type == null || type.isEmpty()) {
      String m = member == null ? "" : member;
      type =
          m.startsWith("addons/")
              ? ReleaseUnit.ADD_ON
              : m.startsWith("manifests/")
                  ? ReleaseUnit.MANIFEST
                  : m.startsWith("solutions/") ? ReleaseUnit.SOLUTION : ReleaseUnit.BASE_IMAGE;
    }
    boolean kept =
        ReleaseUnit.MANIFEST.equalsIgnoreCase(type) || ReleaseUnit.SOLUTION.equalsIgnoreCase(type);
    TreeMap<String, String> components = new TreeMap<>();
    if (t.components != null) {
      for (java.util.Map.Entry<String, JsonNode> e : t.components.entrySet()) {
        components.put(e.getKey(), constraint(e.getValue()));
      }
    }
    @Nullable String version = t.versionSpec == null ? "" : t.versionSpec.version;
    JsonNode hsi = t.hardwareSupportInfo;
    String manager = hsi == null ? "" : hsi.path("manager").path("name").asText("");
    String pkg = hsi == null ? "" : hsi.path("package").path("name").asText("");
    if ((version == null || version.isEmpty()) && hsi != null) {
      version = hsi.path("package").path("version").asText("");
    }
    return new ReleaseUnit(
        nz(t.releaseId),
        type,
        nz(t.schemaVersion),
        nz(t.category),
        nz(t.vendor),
        nz(t.summary),
        nz(t.description),
        nz(t.docUrl),
        nz(t.acceptanceLevel),
        nz(t.releaseDate),
        t.nameSpec == null ? "" : nz(t.nameSpec.name),
        t.nameSpec == null ? "" : nz(t.nameSpec.uiString),
        nz(version),
        t.versionSpec == null ? "" : nz(t.versionSpec.uiString),
        components,
        t.removedComponents == null ? List.of() : t.removedComponents,
        t.supportedBaseImageVersions == null ? List.of() : t.supportedBaseImageVersions,
        manager,
        pkg,
        kept ? new String(json, java.nio.charset.StandardCharsets.UTF_8) : "");
  }

  /**
   * A component's version (base image, add-on, manifest) or version constraint (solution) as text:
   * a string as it is, a list joined with {@code " | "}, {@code {"version": v}} as {@code v}, a
   * range as {@code >=min, <=max}; anything else as compact JSON.
   */
  static String constraint(JsonNode n) {
    if (n == null || n.isNull()) {
      return "";
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    if (n.isArray()) {
      List<String> parts = new java.util.ArrayList<>();
      n.forEach(e -> parts.add(constraint(e)));
      return String.join(" | ", parts);
    }
    if (n.has("version") && n.size() == 1) {
      return n.get("version").asText();
    }
    if (n.has("min") || n.has("max")) {
      List<String> parts = new java.util.ArrayList<>();
      if (n.has("min")) {
        parts.add(">=" + n.get("min").asText());
      }
      if (n.has("max")) {
        parts.add("<=" + n.get("max").asText());
      }
      return String.join(", ", parts);
    }
    return n.toString();
  }

  public static byte[] write(ReleaseUnit u) {
    if (!u.document().isEmpty()) {
      return u.document().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    ReleaseUnitTemplate t = new ReleaseUnitTemplate();
    t.releaseId = u.releaseId().isEmpty() ? null : u.releaseId();
    t.releaseType = u.releaseType();
    t.schemaVersion = u.schemaVersion();
    t.category = u.category();
    t.vendor = u.vendor();
    t.summary = u.summary();
    t.description = u.description();
    t.docUrl = u.docUrl();
    t.acceptanceLevel = u.acceptanceLevel();
    t.releaseDate = u.releaseDate();
    if (u.isAddOn() || !u.name().isEmpty()) {
      t.nameSpec = new ReleaseUnitTemplate.Spec();
      t.nameSpec.name = u.name();
      t.nameSpec.uiString = u.nameUi();
    }
    t.versionSpec = new ReleaseUnitTemplate.Spec();
    t.versionSpec.version = u.version();
    t.versionSpec.uiString = u.versionUi();
    t.components = new TreeMap<>();
    u.components()
        .forEach(
            (k, v) -> t.components.put(k, com.fasterxml.jackson.databind.node.TextNode.valueOf(v)));
    if (u.isAddOn()) {
      t.removedComponents = u.removedComponents();
      t.supportedBaseImageVersions = u.supportedBaseImageVersions();
    }
    try {
      return Holder.MAPPER.writeValueAsBytes(t);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise release unit " + u.effectiveId(), e);
    }
  }

  private static String firstLine(String s) {
    String t = String.valueOf(s);
    int nl = t.indexOf('\n');
    return (nl < 0 ? t : t.substring(0, nl)).trim().toLowerCase(Locale.ROOT).isEmpty()
        ? "unknown error"
        : (nl < 0 ? t : t.substring(0, nl)).trim();
  }

  private static ObjectMapper createMapper() {
    JsonMapper m =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
    return m;
  }

  /** The record keeps "" for an absent text. */
  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }
}
