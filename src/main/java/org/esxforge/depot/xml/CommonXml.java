package org.esxforge.depot.xml;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.model.Constraint;
import org.esxforge.model.Identifiers;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.Provide;
import org.esxforge.model.Relation;
import org.esxforge.model.Relationships;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/** Translators for elements shared by several documents. Stateless and thread-safe. */
final class CommonXml {
  private CommonXml() {}

  static SoftwarePlatform platform(XmlNode n) {
    return new SoftwarePlatform(n.attr("version"), n.attr("locale"), n.attr("productLineID"));
  }

  static void writePlatform(XmlEmitter x, String element, SoftwarePlatform p, AttributeOrder o) {
    if (o == AttributeOrder.ALPHABETICAL) {
      x.empty(
          element,
          "locale",
          p.locale(),
          "productLineID",
          p.productLineId(),
          "version",
          p.version());
    } else if (o == AttributeOrder.VMWARE_6) {
      x.empty(
          element,
          "locale",
          p.locale(),
          "version",
          p.version(),
          "productLineID",
          p.productLineId());
    } else {
      x.empty(
          element,
          "version",
          p.version(),
          "locale",
          p.locale(),
          "productLineID",
          p.productLineId());
    }
  }

  static VibId vibId(String text, String source) throws FormatException {
    try {
      return VibId.parse(text);
    } catch (InvalidModelException e) {
      throw new FormatException(source, Messages.of(e));
    }
  }

  /**
   * A trimmed VIB name, version, vendor or type from depot metadata, refused unless it is absent
   * ("") or a safe {@link Identifiers identifier} (it becomes part of file names).
   */
  static String identifier(String text, String element, String source) throws FormatException {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      return t;
    }
    try {
      return Identifiers.requireSafe("<" + element + ">", t);
    } catch (InvalidModelException e) {
      throw new FormatException(source, Messages.of(e));
    }
  }

  static boolean bool(String text) {
    return text.trim().equalsIgnoreCase("true");
  }

  static long number(String text, String what, String source) throws FormatException {
    try {
      long v = Long.parseLong(text.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new FormatException(source, "invalid " + what + " '" + text.trim() + "'");
    }
  }

  /** Reads a {@code <relationships>} block (null → none). */
  static Relationships relationships(@Nullable XmlNode n, String source) throws FormatException {
    if (n == null) {
      return Relationships.NONE;
    }
    List<Provide> provides = new ArrayList<>();
    XmlNode p = n.child("provides");
    if (p != null) {
      for (XmlNode c : p.children("provide")) {
        String v = c.attr("version").trim();
        provides.add(new Provide(c.attr("name"), v.isEmpty() ? null : new SoftwareVersion(v)));
      }
    }
    return new Relationships(
        constraints(n.child("depends"), source),
        constraints(n.child("conflicts"), source),
        constraints(n.child("replaces"), source),
        provides,
        constraints(n.child("compatibleWith"), source));
  }

  private static List<Constraint> constraints(@Nullable XmlNode n, String source)
      throws FormatException {
    List<Constraint> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (XmlNode c : n.children("constraint")) {
      String rel = c.attr("relation").trim();
      String ver = c.attr("version").trim();
      if (rel.isEmpty() && ver.isEmpty()) {
        out.add(Constraint.any(c.attr("name")));
        continue;
      }
      try {
        out.add(new Constraint(c.attr("name"), Relation.parse(rel), SoftwareVersion.parse(ver)));
      } catch (InvalidModelException e) {
        throw new FormatException(source, "constraint '" + c.attr("name") + "': " + e.getMessage());
      }
    }
    return out;
  }

  /** Writes {@code <relationships>} as VMware's vmware.xml does (empty lists as {@code <x/>}). */
  static void writeRelationships(XmlEmitter x, Relationships r) {
    x.start("relationships");
    writeConstraints(x, "depends", r.depends());
    writeConstraints(x, "conflicts", r.conflicts());
    writeConstraints(x, "replaces", r.replaces());
    if (r.provides().isEmpty()) {
      x.empty("provides");
    } else {
      x.start("provides");
      for (Provide p : r.provides()) {
        if (p.version() == null) {
          x.empty("provide", "name", p.name());
        } else {
          x.empty("provide", "name", p.name(), "version", p.version().text());
        }
      }
      x.end();
    }
    writeConstraints(x, "compatibleWith", r.compatibleWith());
    x.end();
  }

  private static void writeConstraints(XmlEmitter x, String element, List<Constraint> list) {
    if (list.isEmpty()) {
      x.empty(element);
      return;
    }
    x.start(element);
    for (Constraint c : list) {
      Relation relation = c.relation();
      SoftwareVersion version = c.version();
      if (relation == null || version == null) { // the two go together
        x.empty("constraint", "name", c.name());
      } else {
        x.empty(
            "constraint",
            "name",
            c.name(),
            "relation",
            relation.symbol(),
            "version",
            version.text());
      }
    }
    x.end();
  }
}
