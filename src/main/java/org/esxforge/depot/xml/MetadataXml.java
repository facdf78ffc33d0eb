package org.esxforge.depot.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;

/**
 * Reads and writes {@code vmware.xml} ({@code <metadataResponse>}, docs/formats.md §2.2): version
 * {@code 3.0}, a timestamp, and one {@code bulletin} per bulletin/component whose {@code
 * vibList/vib} holds the full VIB summary ({@link VibSummary}).
 *
 * <p>The reader streams over the document and builds a small tree per bulletin only, so a
 * 10,000-VIB file stays cheap. Both {@code maintenanceMode} and v-front's {@code maintenance-mode}
 * are read. The writer is VMware-style: pretty-printed, two-space indent, no declaration, trailing
 * LF, timestamp {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS} in UTC without zone.
 *
 * <p>Stateless and thread-safe.
 */
public final class MetadataXml {
  /** Largest {@code vmware.xml} read, in bytes. */
  public static final long MAX_BYTES = 512L << 20;

  /** The timestamp form of {@code metadataResponse/timestamp}. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private MetadataXml() {}

  public static MetadataDocument parse(byte[] xml, String source) throws FormatException {
    org.esxforge.io.Xml.requireNoDoctype(xml, source);
    XMLStreamReader r = XmlNode.open(xml, source);
    String version = "";
    String timestamp = "";
    List<Bulletin> bulletins = new ArrayList<>();
    Map<VibId, VibSummary> vibs = new LinkedHashMap<>();
    try {
      int depth = 0;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          if (depth == 0) {
            depth = 1;
            continue;
          }
          XmlNode n = XmlNode.read(r, source);
          switch (n.name()) {
            case "version" -> version = n.text().trim();
            case "timestamp" -> timestamp = n.text().trim();
            case "bulletin" -> addBulletin(n, source, bulletins, vibs);
            default -> {} // unknown top-level element: ignored
          }
        }
      }
    } catch (XMLStreamException e) {
      throw XmlNode.malformed(source, e);
    } finally {
      XmlNode.closeQuietly(r);
    }
    return new MetadataDocument(version, timestamp, bulletins, new ArrayList<>(vibs.values()));
  }

  private static void addBulletin(
      XmlNode n, String source, List<Bulletin> bulletins, Map<VibId, VibSummary> vibs)
      throws FormatException {
    Bulletin b = BulletinXml.fromNode(n, source);
    bulletins.add(b);
    XmlNode list = n.child("vibList");
    if (list != null) {
      for (XmlNode v : list.children("vib")) {
        VibSummary s = summary(v, source + "!" + b.id());
        vibs.putIfAbsent(s.id(), s);
      }
    }
  }

  static VibSummary summary(XmlNode v, String source) throws FormatException {
    VibId id = CommonXml.vibId(v.value("vibID"), source);
    String where = source + "!" + id;
    XmlNode req = v.child("systemReqs");
    List<SoftwarePlatform> platforms = new ArrayList<>();
    boolean mm = false;
    if (req != null) {
      mm = CommonXml.bool(req.childText("maintenanceMode", "maintenance-mode"));
      for (XmlNode p : req.children("swPlatform")) {
        platforms.add(CommonXml.platform(p));
      }
    }
    XmlNode post = v.child("postInstall");
    List<String> tags = new ArrayList<>();
    XmlNode st = v.child("softwareTags");
    if (st != null) {
      for (XmlNode t : st.children("tag")) {
        tags.add(t.text());
      }
    }
    XmlNode file = v.child("vibFile");
    String size = file == null ? "" : file.value("packedSize");
    XmlNode sum = file == null ? null : file.child("checksum");
    String type = sum == null ? "" : sum.value("checksumType");
    String hex = sum == null ? "" : sum.value("checksum");
    Sha256 sha = null;
    if (!hex.isEmpty() && (type.isEmpty() || type.equalsIgnoreCase("sha-256"))) {
      try {
        sha = Sha256.parse(hex);
      } catch (Sha256.InvalidDigestException e) {
        throw new FormatException(where, "invalid vibFile checksum '" + hex + "'");
      }
    }
    return new VibSummary(
        v.value("vibVersion"),
        id,
        CommonXml.identifier(v.value("name"), "name", where),
        CommonXml.identifier(v.value("version"), "version", where),
        CommonXml.identifier(v.value("vendor"), "vendor", where),
        CommonXml.identifier(v.value("vibType"), "vibType", where),
        v.childText("summary"),
        mm,
        platforms,
        CommonXml.relationships(v.child("relationships"), where),
        post != null && CommonXml.bool(post.childText("rebootRequired")),
        post != null && CommonXml.bool(post.childText("hostdRestart")),
        tags,
        file == null ? "" : file.value("sourceUrl"),
        file == null ? "" : file.value("relativePath"),
        size.isEmpty() ? -1 : CommonXml.number(size, "packedSize", where),
        type.isEmpty() ? "sha-256" : type,
        sha);
  }

  /** Writes with {@link AttributeOrder#VMWARE_8}. */
  public static byte[] write(List<Bulletin> bulletins, Map<VibId, VibSummary> vibs, Instant ts) {
    return write(bulletins, vibs, ts, AttributeOrder.VMWARE_8);
  }

  /**
   * Writes {@code vmware.xml}.
   *
   * @param vibs the summary of every VIB that a bulletin lists
   * @param timestamp the document timestamp (never "now" in library code: pass the build instant)
   * @throws IllegalArgumentException if a bulletin lists a VIB missing from {@code vibs}
   */
  public static byte[] write(
      List<Bulletin> bulletins,
      Map<VibId, VibSummary> vibs,
      Instant timestamp,
      AttributeOrder order) {
    XmlEmitter x = new XmlEmitter(true);
    emit(x, bulletins, vibs, timestamp, order);
    return x.toBytes();
  }

  /**
   * Writes the bytes of {@link #write(List, Map, Instant)} to {@code out} as they are made, in
   * pieces, without holding the whole document (28 MB for 20,000 VIBs). {@code out} is not closed.
   *
   * @throws IllegalArgumentException if a bulletin lists a VIB missing from {@code vibs}
   */
  public static void writeTo(
      List<Bulletin> bulletins, Map<VibId, VibSummary> vibs, Instant timestamp, OutputStream out)
      throws IOException {
    XmlEmitter x = new XmlEmitter(true, out);
    try {
      emit(x, bulletins, vibs, timestamp, AttributeOrder.VMWARE_8);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    x.finish();
  }

  private static void emit(
      XmlEmitter x,
      List<Bulletin> bulletins,
      Map<VibId, VibSummary> vibs,
      Instant timestamp,
      AttributeOrder order) {
    x.start("metadataResponse");
    x.leaf("version", "3.0").leaf("timestamp", TIMESTAMP.format(timestamp));
    for (Bulletin b : bulletins) {
      BulletinXml.writeHead(x, b, order);
      if (b.vibIds().isEmpty()) {
        x.empty("vibList");
      } else {
        x.start("vibList");
        for (VibId id : b.vibIds()) {
          VibSummary s = vibs.get(id);
          if (s == null) {
            throw new IllegalArgumentException(
                "bulletin '" + b.id() + "' lists VIB '" + id + "' without a summary");
          }
          writeVib(x, s, order);
        }
        x.end();
      }
      x.end();
    }
    x.end();
  }

  private static void writeVib(XmlEmitter x, VibSummary s, AttributeOrder order) {
    x.start("vib")
        .leaf("vibVersion", s.vibVersion())
        .leaf("vibID", s.id().value())
        .leaf("name", s.name())
        .leaf("version", s.version())
        .leaf("vendor", s.vendor())
        .leaf("vibType", s.type())
        .leaf("summary", s.summary())
        .start("systemReqs")
        .leaf("maintenanceMode", Boolean.toString(s.maintenanceMode()));
    for (SoftwarePlatform p : s.platforms()) {
      CommonXml.writePlatform(x, "swPlatform", p, order);
    }
    x.end();
    CommonXml.writeRelationships(x, s.relationships());
    x.start("postInstall")
        .leaf("rebootRequired", Boolean.toString(s.rebootRequired()))
        .leaf("hostdRestart", Boolean.toString(s.hostdRestart()))
        .end();
    if (s.softwareTags().isEmpty()) {
      x.empty("softwareTags");
    } else {
      x.start("softwareTags");
      for (String t : s.softwareTags()) {
        x.leaf("tag", t);
      }
      x.end();
    }
    x.start("vibFile")
        .leaf("sourceUrl", s.sourceUrl())
        .leaf("relativePath", s.relativePath())
        .leaf("packedSize", Long.toString(s.packedSize()))
        .start("checksum")
        .leaf("checksumType", s.checksumType())
        .leaf("checksum", s.sha256() == null ? "" : s.sha256().hex())
        .end()
        .end()
        .end();
  }

  /** Parses a {@code timestamp} text (no zone = UTC). */
  public static Instant parseTimestamp(String text, String source) throws FormatException {
    return Timestamps.parse(text, source);
  }
}
