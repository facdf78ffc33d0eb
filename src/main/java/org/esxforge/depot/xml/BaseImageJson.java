package org.esxforge.depot.xml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.esxforge.io.FormatException;

/**
 * Reads and writes 7.0+ base-image and add-on release units (docs/formats.md §2.6) as JSON.
 *
 * <p><b>Member path inside {@code metadata.zip}</b> (open point §7.3; our choice): {@code
 * baseimages/<releaseID>.json} for base images and {@code addons/<releaseID>.json} for add-ons,
 * with every {@code :} of the release id replaced by {@code _} (so {@code ESXi:7.0.0-1.0.15843807}
 * becomes {@code baseimages/ESXi_7.0.0-1.0.15843807.json}, matching the {@code <name>_<version>}
 * style of bulletin file names). Readers accept any file under {@code baseimages/} or {@code
 * addons/}, whatever its extension; the document's {@code releaseType} decides, else the directory
 * does.
 *
 * <p>Written compact (no whitespace, members in schema order, components sorted by name), so the
 * bytes do not depend on the platform's line separator. Unknown members are ignored on read.
 *
 * <p>Stateless and thread-safe.
 */
public final class BaseImageJson {
  /** Largest release-unit document read, in bytes. */
  public static final long MAX_BYTES = 16L << 20;

  private static final ObjectMapper MAPPER = createMapper();

  private BaseImageJson() {}

  /** True if a metadata-zip member holds a release unit under our reading rule. */
  public static boolean isReleaseUnitMember(String member) {
    return (member.startsWith("baseimages/") || member.startsWith("addons/"))
        && !member.endsWith("/");
  }

  /** Our member path for a release unit (see the class comment). */
  public static String memberPath(ReleaseUnit u) {
    String dir = u.isAddOn() ? "addons/" : "baseimages/";
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
      t = MAPPER.readValue(json, ReleaseUnitTemplate.class);
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
      type =
          member != null && member.startsWith("addons/")
              ? ReleaseUnit.ADD_ON
              : ReleaseUnit.BASE_IMAGE;
    }
    return new ReleaseUnit(
        t.releaseId,
        type,
        t.schemaVersion,
        t.category,
        t.vendor,
        t.summary,
        t.description,
        t.docUrl,
        t.acceptanceLevel,
        t.releaseDate,
        t.nameSpec == null ? "" : t.nameSpec.name,
        t.nameSpec == null ? "" : t.nameSpec.uiString,
        t.versionSpec == null ? "" : t.versionSpec.version,
        t.versionSpec == null ? "" : t.versionSpec.uiString,
        t.components == null ? new TreeMap<>() : t.components,
        t.removedComponents == null ? List.of() : t.removedComponents,
        t.supportedBaseImageVersions == null ? List.of() : t.supportedBaseImageVersions);
  }

  public static byte[] write(ReleaseUnit u) {
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
    t.components = new TreeMap<>(u.components());
    if (u.isAddOn()) {
      t.removedComponents = u.removedComponents();
      t.supportedBaseImageVersions = u.supportedBaseImageVersions();
    }
    try {
      return MAPPER.writeValueAsBytes(t);
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
}
