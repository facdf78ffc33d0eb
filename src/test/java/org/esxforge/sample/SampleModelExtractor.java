package org.esxforge.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.esxforge.io.Xml;
import org.esxforge.sample.SampleModel.BulletinSpec;
import org.esxforge.sample.SampleModel.ConstraintSpec;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.PlatformSpec;
import org.esxforge.sample.SampleModel.ProvideSpec;
import org.esxforge.sample.SampleModel.UrlSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Derives the committed sample model ({@code src/main/resources/org/esxforge/sample/
 * esxi-7.0.0-15843807.json}) from the real ESXi 7.0 GA image database in {@code
 * fixtures/real/esximg-7.0-hpe-host/}, with plain DOM parsing (independent of the project's
 * descriptor parser). Run {@code main(fixtureDir, outFile)} to regenerate; the test {@code
 * SampleModelExtractorTest} re-derives it and compares.
 *
 * <p>What it keeps and changes, to turn an HPE host database into the VMware GA image:
 *
 * <ul>
 *   <li>drops HPE's 13 add-on VIBs (vendor {@code HPE}) and HPE's OEM {@code lpfc} (vendor {@code
 *       EMU}) and {@code qlnativefc} (vendor {@code Marvell}), and every bulletin whose VIBs are
 *       all dropped;
 *   <li>adds VMware's in-box {@code lpfc} and {@code qlnativefc}: their ids and components come
 *       from {@code reservedComponents/}; the descriptor fields other than vendor, version and
 *       description are those of the OEM VIB of the same name (same payload name and type);
 *   <li>adds {@code VMware_locker_tools-light_11.0.5.15389592-15843807} (payload {@code tools},
 *       type tgz), whose component is in {@code bulletins/} but whose descriptor is not in the
 *       database (locker VIBs are not kept there);
 *   <li>keeps each payload's recorded {@code size} as {@code realSize} (the full-size sample's
 *       target; the in-box drivers get their OEM namesakes' sizes), but no checksum values, install
 *       dates or file lists (all synthesised).
 * </ul>
 *
 * <p>Not thread-safe; a one-shot tool.
 */
public final class SampleModelExtractor {
  static final Set<String> DROPPED_VENDORS = Set.of("HPE", "EMU", "Marvell");
  static final String TOOLS_ID = "VMware_locker_tools-light_11.0.5.15389592-15843807";

  private final DocumentBuilder builder;

  SampleModelExtractor() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    builder = f.newDocumentBuilder();
  }

  public static void main(String[] args) throws Exception {
    SampleModel m = new SampleModelExtractor().extract(Path.of(args[0]));
    Files.writeString(Path.of(args[1]), toJson(m), StandardCharsets.UTF_8);
  }

  static String toJson(SampleModel m) throws IOException {
    return SampleModel.mapper().writeValueAsString(m) + "\n";
  }

  SampleModel extract(Path db) throws Exception {
    List<VibSpec> vibs = new ArrayList<>();
    for (Path p : list(db.resolve("vibs"))) {
      VibSpec v = vib(parse(p), "vibs/" + p.getFileName());
      if (!DROPPED_VENDORS.contains(v.vendor())) {
        vibs.add(v);
      }
    }
    Set<String> kept = new HashSet<>();
    vibs.forEach(v -> kept.add(v.id()));
    List<BulletinSpec> bulletins = new ArrayList<>();
    for (Path p : list(db.resolve("bulletins"))) {
      BulletinSpec b = bulletin(parse(p), "bulletins/" + p.getFileName());
      if (b.vibIds().stream().anyMatch(id -> kept.contains(id) || id.equals(TOOLS_ID))) {
        bulletins.add(b);
      }
    }
    for (Path p : list(db.resolve("reservedComponents"))) {
      Element root = parse(p);
      List<BulletinSpec> reserved = new ArrayList<>();
      for (Element e : children(root, "bulletin")) {
        reserved.add(bulletin(e, "reservedComponents/" + p.getFileName()));
      }
      if (reserved.isEmpty()) {
        reserved.add(bulletin(root, "reservedComponents/" + p.getFileName()));
      }
      for (BulletinSpec b : reserved) {
        bulletins.add(b);
        for (String id : b.vibIds()) {
          vibs.add(inBoxFromOem(db, b, id));
        }
      }
    }
    vibs.add(toolsLight(bulletins));
    vibs.sort(Comparator.comparing(VibSpec::id));
    bulletins.sort(Comparator.comparing(BulletinSpec::id));
    return new SampleModel(
        "7.0.0-1.0.15843807",
        "fixtures/real/esximg-7.0-hpe-host (ESXi 7.0 GA image database of an HPE host),"
            + " HPE add-ons and OEM drivers replaced by VMware's in-box ones; realSize: each"
            + " payload's size as the database records it (in-box lpfc/qlnativefc: their OEM"
            + " namesakes' sizes; tools-light: none, locker VIBs are not in the database)",
        vibs,
        bulletins);
  }

  /** VMware's in-box VIB named in a reserved component, shaped like the OEM VIB of that name. */
  private VibSpec inBoxFromOem(Path db, BulletinSpec b, String id) throws Exception {
    String[] parts = id.split("_", 4);
    String vendor = parts[0];
    String name = parts[2];
    String version = parts[3];
    for (Path p : list(db.resolve("vibs"))) {
      VibSpec oem = vib(parse(p), "vibs/" + p.getFileName());
      if (oem.name().equals(name)) {
        return new VibSpec(
            vendor,
            oem.type(),
            name,
            version,
            oem.summary(),
            b.description(),
            b.releaseDate(),
            oem.urls(),
            oem.depends(),
            oem.conflicts(),
            oem.replaces(),
            oem.provides(),
            oem.compatibleWith(),
            oem.tags(),
            oem.maintenanceMode(),
            oem.softwarePlatforms(),
            oem.acceptanceLevel(),
            oem.liveInstallAllowed(),
            oem.liveRemoveAllowed(),
            oem.cimomRestart(),
            oem.statelessReady(),
            oem.overlay(),
            oem.payloads(),
            "reservedComponents/" + b.id() + ".xml + OEM descriptor vibs/" + p.getFileName());
      }
    }
    throw new IllegalStateException("no OEM descriptor named " + name);
  }

  private static VibSpec toolsLight(List<BulletinSpec> bulletins) {
    BulletinSpec b =
        bulletins.stream().filter(x -> x.vibIds().contains(TOOLS_ID)).findFirst().orElseThrow();
    return new VibSpec(
        "VMware",
        "locker",
        "tools-light",
        "11.0.5.15389592-15843807",
        "VMware Tools for ESXi",
        "VMware Tools ISO images and installers for guest operating" + " systems",
        b.releaseDate(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(),
        "certified",
        true,
        true,
        false,
        true,
        false,
        List.of(
            new PayloadSpec(
                "tools", "tgz", null, null, List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
        "bulletins/"
            + b.id()
            + ".xml (descriptor fields hand-written: locker VIBs are not in"
            + " the host database)");
  }

  private VibSpec vib(Element v, String origin) {
    Element rel = child(v, "relationships");
    Element sys = child(v, "system-requires");
    List<UrlSpec> urls = new ArrayList<>();
    for (Element u : children(child(v, "urls"), "url")) {
      urls.add(new UrlSpec(u.getAttribute("key"), u.getTextContent()));
    }
    List<ProvideSpec> provides = new ArrayList<>();
    for (Element p : children(child(rel, "provides"), "provide")) {
      provides.add(new ProvideSpec(p.getAttribute("name"), attr(p, "version")));
    }
    List<String> tags = new ArrayList<>();
    for (Element t : children(child(v, "software-tags"), "tag")) {
      tags.add(t.getTextContent());
    }
    List<PlatformSpec> platforms = new ArrayList<>();
    for (Element p : children(sys, "softwarePlatform")) {
      platforms.add(platform(p));
    }
    List<PayloadSpec> payloads = new ArrayList<>();
    for (Element p : children(child(v, "payloads"), "payload")) {
      List<String> sums = new ArrayList<>();
      for (Element c : children(p, "checksum")) {
        String vp = c.getAttribute("verify-process");
        sums.add(c.getAttribute("checksum-type") + (vp.isEmpty() ? "" : "/" + vp));
      }
      String bo = attr(p, "boot-order");
      String size = attr(p, "size");
      payloads.add(
          new PayloadSpec(
              p.getAttribute("name"),
              p.getAttribute("type"),
              bo == null ? null : Integer.valueOf(bo),
              attr(p, "vfat-name"),
              sums,
              size == null ? null : Long.valueOf(size)));
    }
    return new VibSpec(
        text(v, "vendor"),
        text(v, "type"),
        text(v, "name"),
        text(v, "version"),
        text(v, "summary"),
        text(v, "description"),
        text(v, "release-date"),
        urls,
        constraints(child(rel, "depends")),
        constraints(child(rel, "conflicts")),
        constraints(child(rel, "replaces")),
        provides,
        constraints(child(rel, "compatibleWith")),
        tags,
        Boolean.parseBoolean(text(sys, "maintenance-mode")),
        platforms,
        text(v, "acceptance-level"),
        bool(v, "live-install-allowed"),
        bool(v, "live-remove-allowed"),
        bool(v, "cimom-restart"),
        bool(v, "stateless-ready"),
        bool(v, "overlay"),
        payloads,
        origin);
  }

  private BulletinSpec bulletin(Element b, String origin) {
    Element name = child(b, "componentNameSpec");
    Element ver = child(b, "componentVersionSpec");
    List<PlatformSpec> platforms = new ArrayList<>();
    for (Element p : children(child(b, "platforms"), "softwarePlatform")) {
      platforms.add(platform(p));
    }
    List<String> ids = new ArrayList<>();
    for (Element e : children(child(b, "vibList"), "vibID")) {
      ids.add(e.getTextContent());
    }
    return new BulletinSpec(
        text(b, "id"),
        text(b, "vendor"),
        text(b, "summary"),
        text(b, "severity"),
        text(b, "category"),
        text(b, "urgency"),
        text(b, "releaseType"),
        text(b, "description"),
        text(b, "kbUrl"),
        text(b, "contact"),
        text(b, "releaseDate"),
        name == null ? "" : name.getAttribute("name"),
        name == null ? "" : name.getAttribute("uiString"),
        ver == null ? "" : ver.getAttribute("version"),
        ver == null ? "" : ver.getAttribute("uiString"),
        platforms,
        ids,
        origin);
  }

  private static PlatformSpec platform(Element p) {
    return new PlatformSpec(
        p.getAttribute("version"), p.getAttribute("locale"), p.getAttribute("productLineID"));
  }

  private static List<ConstraintSpec> constraints(Element parent) {
    List<ConstraintSpec> out = new ArrayList<>();
    for (Element c : children(parent, "constraint")) {
      out.add(new ConstraintSpec(c.getAttribute("name"), attr(c, "relation"), attr(c, "version")));
    }
    return out;
  }

  private Element parse(Path p) throws Exception {
    byte[] bytes = Files.readAllBytes(p);
    Xml.requireNoDoctype(bytes, p.toString());
    Document d = builder.parse(new java.io.ByteArrayInputStream(bytes));
    return d.getDocumentElement();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
  }

  private static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  private static boolean bool(Element parent, String name) {
    return Boolean.parseBoolean(text(parent, name));
  }

  private static String text(Element parent, String name) {
    Element c = child(parent, name);
    return c == null ? "" : c.getTextContent();
  }

  private static Element child(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }
}
