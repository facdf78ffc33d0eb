package org.esxforge.vib;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.io.Sha256;
import org.esxforge.io.Xml;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Checksum;
import org.esxforge.model.Constraint;
import org.esxforge.model.HwPlatform;
import org.esxforge.model.Identifiers;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.Payload;
import org.esxforge.model.Provide;
import org.esxforge.model.Relation;
import org.esxforge.model.Relationships;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Turns descriptor XML into records. Elements may come in any order; unknown elements, comments and
 * whitespace are ignored. Names, versions, numbers and booleans are trimmed; summary and
 * description keep their exact text. Stateless, thread-safe.
 */
final class DescriptorParser {
  /**
   * One hardened factory for every descriptor (configured once, thread-safe after that, as {@code
   * depot.xml.XmlNode}'s): making one per descriptor was a tenth of the time of parsing one.
   */
  private static final XMLInputFactory FACTORY = Xml.newInputFactory();

  /** Largest descriptor accepted (esx-base, the biggest real one, is about 300 KiB). */
  static final int MAX_BYTES = 16 << 20;

  private final String source;

  private DescriptorParser(String source) {
    this.source = source;
  }

  static XmlNode readRoot(byte[] xml, String source) throws FormatException {
    if (xml.length > MAX_BYTES) {
      throw new FormatException(
          source, "descriptor of " + xml.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
    Xml.requireNoDoctype(xml, source);
    XmlNode plain = XmlNode.readPlain(xml);
    if (plain != null) {
      if (!plain.name.equals("vib")) {
        throw new FormatException(source, "root element is <" + plain.name + ">, not <vib>");
      }
      return plain;
    }
    XMLStreamReader r = null;
    try {
      r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          XmlNode root = XmlNode.read(r);
          if (!root.name.equals("vib")) {
            throw new FormatException(source, "root element is <" + root.name + ">, not <vib>");
          }
          requireEnd(r, source);
          return root;
        }
      }
      throw new FormatException(source, "no <vib> element");
    } catch (XMLStreamException e) {
      throw new FormatException(source, null, -1, "malformed XML: " + oneLine(e), e);
    } finally {
      close(r);
    }
  }

  /**
   * Reads on to the end of the document: a second root element after {@code </vib>} (which a
   * lenient reader might take instead of the first) is refused, and so is anything the XML parser
   * finds malformed there.
   */
  private static void requireEnd(XMLStreamReader r, String source)
      throws XMLStreamException, FormatException {
    while (r.hasNext()) {
      if (r.next() == XMLStreamConstants.START_ELEMENT) {
        throw new FormatException(
            source, "second root element <" + r.getLocalName() + "> after </vib>");
      }
    }
  }

  static VibDescriptor parse(byte[] xml, String source) throws FormatException {
    return new DescriptorParser(source).descriptor(readRoot(xml, source));
  }

  static VibMetadata parseMetadata(byte[] xml, String source) throws FormatException {
    DescriptorParser p = new DescriptorParser(source);
    XmlNode root = readRoot(xml, source);
    VibDescriptor d = p.descriptor(root);
    XmlNode rel = root.child("relative-path");
    XmlNode size = root.child("packed-size");
    long packed = size == null ? -1 : p.number(size.text(), "<packed-size>");
    Sha256 sha = null;
    for (XmlNode c : root.all("checksum")) {
      String type = c.attr("checksum-type");
      if (type == null || type.trim().equalsIgnoreCase("sha-256")) {
        try {
          sha = Sha256.parse(c.text());
        } catch (Sha256.InvalidDigestException e) {
          throw new FormatException(source, "invalid VIB <checksum> '" + c.text().trim() + "'");
        }
      }
    }
    return new VibMetadata(d, rel == null ? "" : rel.text().trim(), packed, sha);
  }

  private VibDescriptor descriptor(XmlNode v) throws FormatException {
    XmlNode sys = v.child("system-requires");
    XmlNode mm = null;
    List<SoftwarePlatform> platforms = new ArrayList<>();
    List<HwPlatform> hw = new ArrayList<>();
    if (sys != null) {
      mm = sys.child("maintenance-mode");
      if (mm == null) {
        mm = sys.child("maintenanceMode"); // v-front
      }
      for (XmlNode p : sys.all("softwarePlatform")) {
        platforms.add(
            new SoftwarePlatform(
                shared(nz(p.attr("version")).trim()),
                shared(nz(p.attr("locale"))),
                shared(nz(p.attr("productLineID")))));
      }
      for (XmlNode h : sys.all("hwplatform")) {
        hw.add(new HwPlatform(shared(nz(h.attr("vendor")).trim()), shared(nz(h.attr("model")))));
      }
    }
    return new VibDescriptor(
        shared(nz(v.attr("version"))),
        shared(idPart(v, "type")),
        idPart(v, "name"),
        version(idPart(v, "version"), "<version>"),
        shared(idPart(v, "vendor")),
        text(v, "summary"),
        shared(text(v, "description")),
        shared(text(v, "release-date").trim()),
        urls(v.child("urls")),
        relationships(v.child("relationships")),
        sharedList(list(v.child("software-tags"), "tag")),
        shared(text(v, "installdate").trim()),
        mm != null && bool(mm.text(), "<maintenance-mode>"),
        mm == null ? "" : shared(nz(mm.attr("install")).trim()),
        mm == null ? "" : shared(nz(mm.attr("remove")).trim()),
        platforms,
        hw,
        list(v.child("file-list"), "file"),
        acceptance(required(v, "acceptance-level")),
        flag(v, "live-install-allowed"),
        flag(v, "live-remove-allowed"),
        flag(v, "cimom-restart"),
        flag(v, "stateless-ready"),
        flag(v, "overlay"),
        payloads(v.child("payloads")));
  }

  private List<VibDescriptor.Url> urls(@Nullable XmlNode urls) {
    List<VibDescriptor.Url> out = new ArrayList<>();
    if (urls != null) {
      for (XmlNode u : urls.all("url")) {
        out.add(new VibDescriptor.Url(shared(nz(u.attr("key"))), u.text().trim()));
      }
    }
    return out;
  }

  private Relationships relationships(@Nullable XmlNode r) throws FormatException {
    if (r == null) {
      return Relationships.NONE;
    }
    List<Provide> provides = new ArrayList<>();
    XmlNode pr = r.child("provides");
    if (pr != null) {
      for (XmlNode p : pr.all("provide")) {
        String ver = p.attr("version");
        provides.add(
            new Provide(
                shared(attrRequired(p, "name")),
                ver == null || ver.isBlank() ? null : version(ver, "<provide> version")));
      }
    }
    return new Relationships(
        constraints(r.child("depends")),
        constraints(r.child("conflicts")),
        constraints(r.child("replaces")),
        provides,
        constraints(r.child("compatibleWith")));
  }

  private List<Constraint> constraints(@Nullable XmlNode list) throws FormatException {
    List<Constraint> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (XmlNode c : list.all("constraint")) {
      String name = shared(attrRequired(c, "name"));
      String rel = c.attr("relation");
      String ver = c.attr("version");
      if (rel == null || rel.isBlank()) {
        if (ver != null && !ver.isBlank()) {
          throw new FormatException(
              source, "<constraint name='" + name + "'> has a version but no relation");
        }
        out.add(Constraint.any(name));
        continue;
      }
      Relation relation;
      try {
        relation = Relation.parse(rel);
      } catch (InvalidModelException e) {
        throw new FormatException(source, "<constraint name='" + name + "'>: " + e.getMessage());
      }
      if (ver == null || ver.isBlank()) {
        throw new FormatException(
            source, "<constraint name='" + name + "'> has relation '" + rel + "' but no version");
      }
      out.add(new Constraint(name, relation, version(shared(ver), "<constraint> version")));
    }
    return out;
  }

  private List<Payload> payloads(@Nullable XmlNode payloads) throws FormatException {
    List<Payload> out = new ArrayList<>();
    if (payloads == null) {
      return out;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (XmlNode p : payloads.all("payload")) {
      String name = safe("<payload> name", attrRequired(p, "name"));
      String where = "<payload name='" + name + "'>";
      if (!seen.add(name)) {
        throw new FormatException(source, where + " is declared twice");
      }
      List<Checksum> sums = new ArrayList<>();
      for (XmlNode c : p.all("checksum")) {
        String hex = c.text().trim();
        if (hex.isEmpty() || !isHex(hex)) {
          throw new FormatException(source, where + ": invalid checksum '" + hex + "'");
        }
        sums.add(
            new Checksum(
                shared(nz(c.attr("checksum-type")).trim()),
                shared(nz(c.attr("verify-process"))),
                hex));
      }
      String size = p.attr("size");
      if (size == null) {
        throw new FormatException(source, where + ": missing attribute 'size'");
      }
      String usize = p.attr("uncompressed-size");
      String order = p.attr("boot-order");
      out.add(
          new Payload(
              name,
              shared(safe(where + " type", attrRequired(p, "type"))),
              number(size, where + " size"),
              usize == null ? -1 : number(usize, where + " uncompressed-size"),
              order == null
                  ? -1
                  : Math.toIntExact(
                      Math.min(number(order, where + " boot-order"), Integer.MAX_VALUE)),
              nz(p.attr("vfat-name")),
              shared(nz(p.attr("compression-option"))),
              sums));
    }
    return out;
  }

  private String required(XmlNode v, String element) throws FormatException {
    XmlNode n = v.child(element);
    if (n == null) {
      throw new FormatException(source, "missing <" + element + ">");
    }
    String t = n.text().trim();
    if (t.isEmpty()) {
      throw new FormatException(source, "empty <" + element + ">");
    }
    return t;
  }

  /**
   * A part of the VIB id ({@code vendor_type_name_version}): required, no whitespace, and a safe
   * {@link Identifiers identifier} (it becomes part of file names).
   */
  private String idPart(XmlNode v, String element) throws FormatException {
    String t = required(v, element);
    if (hasWhitespace(t)) {
      throw new FormatException(
          source,
          "invalid <" + element + "> '" + Identifiers.printable(t) + "': contains whitespace");
    }
    return safe("<" + element + ">", t);
  }

  private static boolean hasWhitespace(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isWhitespace(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.digit(t.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private String safe(String what, String text) throws FormatException {
    try {
      return Identifiers.requireSafe(what, text);
    } catch (InvalidModelException e) {
      throw new FormatException(source, Messages.of(e));
    }
  }

  private String attrRequired(XmlNode n, String attr) throws FormatException {
    String a = n.attr(attr);
    if (a == null || a.isBlank()) {
      throw new FormatException(source, "<" + n.name + "> without attribute '" + attr + "'");
    }
    return a.trim();
  }

  private static String text(XmlNode v, String element) {
    XmlNode n = v.child(element);
    return n == null ? "" : n.text();
  }

  private static List<String> list(@Nullable XmlNode parent, String element) {
    List<String> out = new ArrayList<>();
    if (parent != null) {
      for (XmlNode n : parent.all(element)) {
        out.add(n.text().trim());
      }
    }
    return out;
  }

  private SoftwareVersion version(String text, String what) throws FormatException {
    try {
      return SoftwareVersion.parse(text);
    } catch (InvalidModelException e) {
      throw new FormatException(source, "invalid " + what + " '" + text + "'");
    }
  }

  private AcceptanceLevel acceptance(String text) throws FormatException {
    try {
      return AcceptanceLevel.parse(text);
    } catch (InvalidModelException e) {
      throw new FormatException(
          source,
          "invalid <acceptance-level> '"
              + text
              + "': expected one of certified, accepted, partner, community");
    }
  }

  private boolean flag(XmlNode v, String element) throws FormatException {
    XmlNode n = v.child(element);
    return n != null && bool(n.text(), "<" + element + ">");
  }

  private boolean bool(String text, String what) throws FormatException {
    if (text.equals("true")) {
      return true;
    } else if (text.equals("false")) {
      return false;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new FormatException(source, "invalid " + what + " '" + text.trim() + "'");
    };
  }

  private long number(String text, String what) throws FormatException {
    try {
      long n = Long.parseLong(text.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new FormatException(source, "invalid " + what + " '" + text.trim() + "'");
    }
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (e instanceof XMLStreamException x && x.getLocation() != null) {
      int nl = m.lastIndexOf("Message: ");
      String msg = nl >= 0 ? m.substring(nl + 9) : m;
      return "line "
          + x.getLocation().getLineNumber()
          + ", column "
          + x.getLocation().getColumnNumber()
          + ": "
          + msg.replaceAll("\\s+", " ").trim();
    }
    return m.replaceAll("\\s+", " ").trim();
  }

  private static void close(@Nullable XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // nothing to release beyond the in-memory stream
      }
    }
  }

  /**
   * Strings that many descriptors repeat (vendor, type, release date, description, tags, platform
   * and constraint names, payload types) are shared across descriptors, so a 40,000-VIB depot holds
   * one copy of each instead of 40,000. Bounded: short strings only, and at most {@link
   * #SHARED_MAX} of them for the life of the process (past that, strings are kept as read).
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int SHARED_MAX = 1 << 14;

  static String shared(String s) {
    if (s.length() > 256) {
      return s;
    }
    String known = SHARED.get(s);
    if (known != null) {
      return known;
    }
    if (SHARED.size() >= SHARED_MAX) {
      return s;
    }
    known = SHARED.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private static List<String> sharedList(List<String> l) {
    l.replaceAll(DescriptorParser::shared);
    return l;
  }
}
