package org.esxforge.depot.xml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes image profile XML ({@code profiles/*} in a metadata zip, {@code
 * var/db/esximg/profiles/*} in IMGDB; docs/formats.md §2.5). No real depot profile was available,
 * so the written form is the reconstruction of §2.5. The choices for the [G] parts:
 *
 * <pre>{@code
 * <imageprofile>                                  root: "imageprofile"
 *   <name>ESXi-7.0.0-15843807-standard</name>
 *   <creator>VMware, Inc.</creator>
 *   <profileID>…</profileID>
 *   <creationtime>2020-03-16T10:48:52.739068+00:00</creationtime>   omitted when unknown
 *   <modifiedtime>2020-03-16T10:48:52.739068+00:00</modifiedtime>   omitted when unknown
 *   <description>…</description>
 *   <readonly>true</readonly>                     "true"/"false"
 *   <baseimageid>ESXi:7.0.0-1.0.15843807</baseimageid>   7.0+ only, omitted when ""
 *   <viblist>
 *     <vib>
 *       <vib-id>VMware_bootbank_esx-base_7.0.0-1.0.15843807</vib-id>
 *       <payloads><payload payload-name="s">s.v00</payload></payloads>   IMGDB only
 *     </vib>
 *   </viblist>
 *   <acceptancelevel>partner</acceptancelevel>
 * </imageprofile>
 * }</pre>
 *
 * Pretty-printed (two-space indent, LF, trailing LF), VIBs in id order, payloads by name. The
 * reader is tolerant: any root; VIB ids from every {@code vib-id}/{@code vibid}/{@code vibID}
 * descendant; the base image from {@code baseimageid}/{@code baseImageID}/{@code baseimage}; a
 * missing acceptance level reads as {@code partner} (ImageBuilder's usual profile level); a missing
 * name is an error.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProfileXml {
  /** Largest profile read, in bytes. */
  public static final long MAX_BYTES = 32L << 20;

  private ProfileXml() {}

  public static ImageProfile parse(byte[] xml, String source) throws FormatException {
    return parseDocument(xml, source).profile();
  }

  /** Parses the profile and, if present, the IMGDB payload names. */
  public static ProfileDocument parseDocument(byte[] xml, String source) throws FormatException {
    XmlNode root = XmlNode.parse(xml, source);
    String name = root.value("name");
    if (name.isEmpty()) {
      throw new FormatException(source, "image profile without <name>");
    }
    String where = source + "!" + name;
    AcceptanceLevel level = AcceptanceLevel.PARTNER;
    String lv = root.value("acceptancelevel", "acceptanceLevel");
    if (!lv.isEmpty()) {
      try {
        level = AcceptanceLevel.parse(lv);
      } catch (InvalidModelException e) {
        throw new FormatException(where, Messages.of(e));
      }
    }
    List<VibId> ids = new ArrayList<>();
    for (XmlNode n : root.descendants("vib-id", "vibid", "vibID")) {
      ids.add(CommonXml.vibId(n.text(), where));
    }
    SortedMap<VibId, SortedMap<String, String>> payloads = new TreeMap<>();
    for (XmlNode vib : root.descendants("vib")) {
      XmlNode idNode = vib.child("vib-id", "vibid", "vibID");
      XmlNode ps = vib.child("payloads");
      if (idNode != null && ps != null) {
        SortedMap<String, String> m = new TreeMap<>();
        for (XmlNode p : ps.children("payload")) {
          m.put(p.attr("payload-name"), p.text().trim());
        }
        payloads.put(CommonXml.vibId(idNode.text(), where), m);
      }
    }
    ImageProfile p =
        new ImageProfile(
            name,
            root.childText("creator"),
            root.value("profileID", "profileid", "profileId"),
            root.childText("description"),
            time(root.value("creationtime", "creationTime"), where),
            time(root.value("modifiedtime", "modifiedTime"), where),
            level,
            CommonXml.bool(root.childText("readonly", "readOnly")),
            ids,
            baseImage(root));
    return new ProfileDocument(p, payloads);
  }

  private static String baseImage(XmlNode root) {
    List<XmlNode> found = root.descendants("baseimageid", "baseImageID", "baseimage", "baseImage");
    return found.isEmpty() ? "" : found.get(0).text().trim();
  }

  private static @Nullable Instant time(String text, String source) throws FormatException {
    return text.isEmpty() ? null : Timestamps.parse(text, source);
  }

  /** Writes a depot profile (no payload names). */
  public static byte[] write(ImageProfile p) {
    return write(p, Map.of());
  }

  /**
   * Writes the profile; a VIB with an entry in {@code payloads} gets {@code <payloads>} (the IMGDB
   * form, §5.7: payload name → local 8.3 file name).
   */
  public static byte[] write(ImageProfile p, Map<VibId, ? extends Map<String, String>> payloads) {
    XmlEmitter x = new XmlEmitter(true).start("imageprofile");
    x.leaf("name", p.name()).leaf("creator", p.creator()).leaf("profileID", p.profileId());
    if (p.creationTime() != null) {
      x.leaf("creationtime", Timestamps.format(p.creationTime()));
    }
    if (p.modifiedTime() != null) {
      x.leaf("modifiedtime", Timestamps.format(p.modifiedTime()));
    }
    x.leaf("description", p.description()).leaf("readonly", Boolean.toString(p.readOnly()));
    if (!p.baseImage().isEmpty()) {
      x.leaf("baseimageid", p.baseImage());
    }
    viblist(x, p, payloads, java.util.Set.of());
    return x.leaf("acceptancelevel", p.acceptanceLevel().xmlValue()).end().toBytes();
  }

  /** {@code <viblist>}: each VIB's id, payload names and, when not booted, {@code boot=false}. */
  private static void viblist(
      XmlEmitter x,
      ImageProfile p,
      Map<VibId, ? extends Map<String, String>> payloads,
      java.util.Set<VibId> notBooted) {
    if (p.vibIds().isEmpty()) {
      x.empty("viblist");
      return;
    }
    x.start("viblist");
    for (VibId id : p.vibIds()) {
      x.start("vib").leaf("vib-id", id.value());
      Map<String, String> m = payloads.get(id);
      if (m != null && !m.isEmpty()) {
        x.start("payloads");
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
          x.leafWithAttributes("payload", e.getValue(), "payload-name", e.getKey());
        }
        x.end();
      }
      if (notBooted.contains(id)) {
        x.leaf("boot", "false");
      }
      x.end();
    }
    x.end();
  }

  /**
   * Writes the profile the way an installer's image database holds it ({@code
   * var/db/esximg/profiles/*}, docs/formats.md §8.3), in the element order of the real 6.7 host's
   * file: one line, no declaration, no trailing newline; {@code name creator profileID creationtime
   * modifiedtime serialno description readonly [baseimageid] viblist acceptancelevel}. Each {@code
   * vib} names every payload with its local file name ({@code <payloads><payload
   * payload-name="s">s.v00</payload>…}, payloads by name); a VIB in {@code notBooted} also carries
   * {@code <boot>false</boot>} after its payloads. Choices [G]: {@code serialno} is the number of
   * VIBs (the real host's 136 equals its VIB count: the profile was modified once per VIB added);
   * {@code baseimageid} as in {@link #write}; a VIB without payloads has no {@code payloads}
   * element.
   *
   * @param profileId written as {@code profileID}
   */
  @SuppressWarnings("InvalidParam") // {@code profileID} names the XML element, not the parameter
  public static byte[] writeDatabase(
      ImageProfile p,
      String profileId,
      Map<VibId, ? extends Map<String, String>> payloads,
      java.util.Set<VibId> notBooted) {
    XmlEmitter x = new XmlEmitter(false).start("imageprofile");
    x.leaf("name", p.name()).leaf("creator", p.creator()).leaf("profileID", profileId);
    if (p.creationTime() != null) {
      x.leaf("creationtime", Timestamps.format(p.creationTime()));
    }
    if (p.modifiedTime() != null) {
      x.leaf("modifiedtime", Timestamps.format(p.modifiedTime()));
    }
    x.leaf("serialno", Integer.toString(p.vibIds().size()));
    x.leaf("description", p.description()).leaf("readonly", Boolean.toString(p.readOnly()));
    if (!p.baseImage().isEmpty()) {
      x.leaf("baseimageid", p.baseImage());
    }
    viblist(x, p, payloads, notBooted);
    return x.leaf("acceptancelevel", p.acceptanceLevel().xmlValue()).end().toBytes();
  }
}
