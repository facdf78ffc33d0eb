package org.esxforge.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotInfo;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.Constraint;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.Provide;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * JSON views of model records: maps with stable keys (documented in the README). Keys are sorted
 * when printed; lists keep their order.
 */
final class Views {
  private Views() {}

  static Map<String, Object> vib(CatalogVib v) {
    Map<String, Object> m = descriptor(v.descriptor());
    m.put("signed", v.signed());
    m.put("sha256", v.sha256() == null ? null : v.sha256().hex());
    m.put("packedSize", v.packedSize());
    m.put("relativePath", v.relativePath());
    m.put("depots", List.copyOf(v.depots()));
    if (!v.disagreements().isEmpty()) {
      // the fields above are the signed descriptor's; the depot metadata said otherwise
      m.put("metadataDisagreements", v.disagreements().stream().map(Object::toString).toList());
    }
    return m;
  }

  /** Device claims of a VIB, stable keys. */
  static List<Map<String, Object>> claims(List<org.esxforge.model.DeviceClaim> claims) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (org.esxforge.model.DeviceClaim c : claims) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bus", c.bus());
      m.put("regtype", c.regtype());
      m.put("driver", c.driver());
      m.put("id", c.describePattern());
      m.put("pattern", c.pattern());
      m.put("class", c.deviceClass());
      m.put("mapFile", c.mapFile());
      out.add(m);
    }
    return out;
  }

  static Map<String, Object> descriptor(VibDescriptor d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id().value());
    m.put("name", d.name());
    m.put("version", d.version().text());
    m.put("vendor", d.vendor());
    m.put("type", d.type());
    m.put("acceptance", d.acceptanceLevel().xmlValue());
    m.put("releaseDate", d.releaseDate());
    m.put("summary", d.summary());
    m.put("overlay", d.overlay());
    m.put("statelessReady", d.statelessReady());
    m.put("maintenanceMode", d.maintenanceMode());
    m.put("softwarePlatforms", d.softwarePlatforms().stream().map(p -> p.version()).toList());
    m.put("depends", strings(d.relationships().depends()));
    m.put("conflicts", strings(d.relationships().conflicts()));
    m.put("replaces", strings(d.relationships().replaces()));
    m.put("provides", d.relationships().provides().stream().map(Provide::toString).toList());
    List<Map<String, Object>> payloads = new ArrayList<>();
    for (Payload p : d.payloads()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("name", p.name());
      pm.put("type", p.type());
      pm.put("size", p.size());
      if (p.hasBootOrder()) {
        pm.put("bootOrder", p.bootOrder());
      }
      if (!p.vfatName().isEmpty()) {
        pm.put("vfatName", p.vfatName());
      }
      payloads.add(pm);
    }
    m.put("payloads", payloads);
    return m;
  }

  static Map<String, Object> profile(ImageProfile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("vendor", p.creator());
    m.put("description", p.description());
    m.put("creationTime", time(p.creationTime()));
    m.put("modifiedTime", time(p.modifiedTime()));
    m.put("acceptance", p.acceptanceLevel().xmlValue());
    m.put("readOnly", p.readOnly());
    m.put("vibCount", p.vibIds().size());
    m.put("baseImage", p.baseImage());
    return m;
  }

  static Map<String, Object> bulletin(Bulletin b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("vendor", b.vendor());
    m.put("summary", b.summary());
    m.put("component", b.isComponent() ? b.componentName() : null);
    m.put("componentVersion", b.isComponent() ? b.componentVersion() : null);
    m.put("releaseType", b.releaseType());
    m.put("releaseDate", b.releaseDate());
    m.put("vibIds", b.vibIds().stream().map(Object::toString).toList());
    return m;
  }

  /** A component (PowerCLI {@code Get-DepotComponents}): name/version spec first. */
  static Map<String, Object> component(Bulletin b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.componentName());
    m.put("version", b.componentVersion());
    m.put("id", b.componentName() + ":" + b.componentVersion());
    m.put("displayName", b.componentNameUi());
    m.put("displayVersion", b.componentVersionUi());
    m.put("vendor", b.vendor());
    m.put("summary", b.summary());
    m.put("releaseType", b.releaseType());
    m.put("releaseDate", b.releaseDate());
    m.put("platforms", b.platforms().stream().map(p -> p.version()).distinct().toList());
    m.put("bulletinId", b.id());
    m.put("vibIds", b.vibIds().stream().map(Object::toString).toList());
    return m;
  }

  /** A base image or add-on (PowerCLI {@code Get-DepotBaseImages}/{@code Get-DepotAddons}). */
  static Map<String, Object> releaseUnit(ReleaseUnit u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("releaseId", u.effectiveId());
    m.put("type", u.releaseType());
    if (u.isAddOn() || u.isManifest() || u.isSolution()) {
      m.put("name", u.name());
      m.put("displayName", u.nameUi());
    }
    if (u.isManifest()) {
      m.put("hardwareSupportManager", u.hardwareSupportManager());
      m.put("hardwareSupportPackage", u.hardwareSupportPackage());
    }
    m.put("version", u.version());
    m.put("displayVersion", u.versionUi());
    m.put("vendor", u.vendor());
    m.put("summary", u.summary());
    m.put("category", u.category());
    m.put("acceptanceLevel", u.acceptanceLevel());
    m.put("releaseDate", u.releaseDate());
    m.put(u.isSolution() ? "componentConstraints" : "components", u.components());
    if (u.isAddOn() || u.isManifest()) {
      m.put("removedComponents", u.removedComponents());
      m.put("supportedBaseImageVersions", u.supportedBaseImageVersions());
    }
    return m;
  }

  static Map<String, Object> depot(DepotInfo d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", d.location());
    m.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put(
        "vendors",
        d.vendors().stream().map(v -> Map.of("name", v.name(), "code", v.code())).toList());
    List<Map<String, Object>> channels = new ArrayList<>();
    for (DepotInfo.MetadataEntry e : d.metadata()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("productId", e.productId());
      c.put("version", e.version());
      c.put("channel", e.channel());
      c.put("url", e.url());
      channels.add(c);
    }
    m.put("channels", channels);
    m.put("vibCount", d.vibCount());
    m.put("bulletinCount", d.bulletinCount());
    m.put("profileCount", d.profileCount());
    m.put("releaseUnitCount", d.releaseUnitCount());
    return m;
  }

  static @Nullable String time(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }

  private static List<String> strings(List<Constraint> cs) {
    return cs.stream().map(Constraint::toString).toList();
  }
}
