package org.esxforge.depot.xml;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.FormatException;
import org.esxforge.io.PlainXml;
import org.esxforge.io.Xml;
import org.jspecify.annotations.Nullable;

/**
 * A small immutable element tree read with the hardened StAX factory of {@link Xml}. Depot XML is
 * written by several producers with varying element spellings ({@code maintenanceMode} vs {@code
 * maintenance-mode}, {@code vib-id}/{@code vibid}/{@code vibID}), comments, any root element and
 * arbitrary attribute order; a tolerant tree is simpler and faster here than Jackson templates,
 * which is why this package reads with StAX (the brief allows it where Jackson fights).
 *
 * <p>Comments and processing instructions are dropped. Text is kept raw (callers trim). Immutable
 * and thread-safe.
 */
final class XmlNode {
  private static final XMLInputFactory FACTORY = Xml.newInputFactory();
  private static final int MAX_DEPTH = 64;

  private final String name;
  private final Map<String, String> attributes;
  private final List<XmlNode> children;
  private final String text;

  private XmlNode(String name, Map<String, String> attrs, List<XmlNode> children, String text) {
    this.name = name;
    this.attributes = Collections.unmodifiableMap(attrs);
    this.children = Collections.unmodifiableList(children);
    this.text = text;
  }

  /**
   * Parses a whole document after refusing any DOCTYPE.
   *
   * @param source the file or entry, for messages
   */
  static XmlNode parse(byte[] xml, String source) throws FormatException {
    Xml.requireNoDoctype(xml, source);
    PlainXml.Events plain = PlainXml.read(xml, MAX_DEPTH);
    if (plain != null) {
      return build(plain);
    }
    XMLStreamReader r = open(xml, source);
    try {
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          return read(r, source);
        }
      }
      throw new FormatException(source, "no XML root element");
    } catch (XMLStreamException e) {
      throw malformed(source, e);
    } finally {
      closeQuietly(r);
    }
  }

  static XMLStreamReader open(byte[] xml, String source) throws FormatException {
    try {
      return FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
    } catch (XMLStreamException e) {
      throw malformed(source, e);
    }
  }

  /** Reads the subtree of the START_ELEMENT the reader is positioned on, up to its END_ELEMENT. */
  static XmlNode read(XMLStreamReader r, String source) throws XMLStreamException, FormatException {
    return read(r, source, 0);
  }

  private static XmlNode read(XMLStreamReader r, String source, int depth)
      throws XMLStreamException, FormatException {
    if (depth > MAX_DEPTH) {
      throw new FormatException(
          source,
          null,
          r.getLocation().getCharacterOffset(),
          "XML nested deeper than " + MAX_DEPTH);
    }
    String name = r.getLocalName();
    Map<String, String> attrs = new LinkedHashMap<>();
    for (int i = 0; i < r.getAttributeCount(); i++) {
      attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
    }
    List<XmlNode> kids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    while (true) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> kids.add(read(r, source, depth + 1));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(r.getText());
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new FormatException(
                source,
                null,
                r.getLocation().getCharacterOffset(),
                "undeclared XML entity '&" + r.getLocalName() + ";'");
        case XMLStreamConstants.END_ELEMENT -> {
          return new XmlNode(name, attrs, kids, text.toString());
        }
        default -> {} // comments, processing instructions
      }
    }
  }

  /**
   * Builds the tree from {@link PlainXml}'s events (a document in its plain subset: the same tree
   * the StAX reader gives).
   */
  private static XmlNode build(PlainXml.Events ev) {
    List<Frame> stack = new ArrayList<>();
    XmlNode root = null;
    for (int k = 0; k < ev.size(); k++) {
      switch (ev.kind(k)) {
        case PlainXml.START -> stack.add(new Frame(ev.name(k)));
        case PlainXml.ATTRIBUTE -> stack.get(stack.size() - 1).attribute(ev.name(k), ev.value(k));
        case PlainXml.TEXT -> stack.get(stack.size() - 1).text(ev.value(k));
        default -> {
          Frame f = stack.remove(stack.size() - 1);
          XmlNode node = f.node();
          if (stack.isEmpty()) {
            root = node;
          } else {
            stack.get(stack.size() - 1).child(node);
          }
        }
      }
    }
    if (root == null) {
      throw new IllegalStateException("a plain document has a root element");
    }
    return root;
  }

  /** An element being built from {@link PlainXml}'s events. Not thread-safe. */
  private static final class Frame {
    final String name;
    Map<String, String> attrs = Map.of();
    List<XmlNode> kids = List.of();
    @Nullable String text;
    @Nullable StringBuilder texts;

    Frame(String name) {
      this.name = name;
    }

    void attribute(String attrName, String value) {
      if (attrs.isEmpty()) {
        attrs = new LinkedHashMap<>(8);
      }
      attrs.put(attrName, value);
    }

    void text(String run) {
      if (texts != null) {
        texts.append(run);
      } else if (text == null) {
        text = run;
      } else {
        texts = new StringBuilder(text).append(run);
        text = null;
      }
    }

    void child(XmlNode node) {
      if (kids.isEmpty()) {
        kids = new ArrayList<>();
      }
      kids.add(node);
    }

    XmlNode node() {
      String t = texts != null ? texts.toString() : text != null ? text : "";
      return new XmlNode(name, attrs, kids, t);
    }
  }

  static FormatException malformed(String source, XMLStreamException e) {
    String msg = String.valueOf(e.getMessage());
    int nl = msg.indexOf('\n');
    String first = (nl < 0 ? msg : msg.substring(0, nl)).trim();
    if (first.startsWith("ParseError at [row,col]:")) {
      first = first.substring(first.indexOf(']', 25) + 1).trim();
    }
    long offset = e.getLocation() == null ? -1 : e.getLocation().getCharacterOffset();
    return new FormatException(source, null, offset, "malformed XML: " + first, e);
  }

  static void closeQuietly(XMLStreamReader r) {
    try {
      r.close();
    } catch (XMLStreamException ignored) {
      // nothing held beyond the byte array
    }
  }

  String name() {
    return name;
  }

  /** Raw text content (direct text children only). */
  String text() {
    return text;
  }

  List<XmlNode> children() {
    return children;
  }

  /** The attributes in document order. */
  Map<String, String> attributes() {
    return attributes;
  }

  /** The attribute, or "" when absent. */
  String attr(String key) {
    String v = attributes.get(key);
    return v == null ? "" : v;
  }

  boolean hasAttr(String key) {
    return attributes.containsKey(key);
  }

  /** The first child with one of the names, or null. */
  @Nullable XmlNode child(String... names) {
    for (int ci = 0; ci < children.size(); ci++) {
      XmlNode c = children.get(ci);
      for (String n : names) {
        if (c.name.equals(n)) {
          return c;
        }
      }
    }
    return null;
  }

  List<XmlNode> children(String name) {
    List<XmlNode> out = new ArrayList<>();
    for (int ci = 0; ci < children.size(); ci++) {
      XmlNode c = children.get(ci);
      if (c.name.equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The raw text of the first child with one of the names, or "" when absent. */
  String childText(String... names) {
    XmlNode c = child(names);
    return c == null ? "" : c.text;
  }

  /** Trimmed {@link #childText}. */
  String value(String... names) {
    return childText(names).trim();
  }

  /** Every descendant (depth first, document order) whose name is one of {@code names}. */
  List<XmlNode> descendants(String... names) {
    List<XmlNode> out = new ArrayList<>();
    collect(names, out);
    return out;
  }

  private void collect(String[] names, List<XmlNode> out) {
    for (int ci = 0; ci < children.size(); ci++) {
      XmlNode c = children.get(ci);
      boolean hit = false;
      for (String n : names) {
        if (c.name.equals(n)) {
          hit = true;
          break;
        }
      }
      if (hit) {
        out.add(c);
      } else {
        c.collect(names, out);
      }
    }
  }
}
