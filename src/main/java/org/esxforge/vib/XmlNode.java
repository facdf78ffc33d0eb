package org.esxforge.vib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.esxforge.io.PlainXml;
import org.jspecify.annotations.Nullable;

/**
 * A minimal element tree read with the hardened StAX factory: element name, attributes in document
 * order, concatenated direct text, children. Comments and processing instructions are dropped.
 * Package-private; instances are built once and then only read (not thread-safe to mutate, safe to
 * share after construction).
 */
final class XmlNode {
  /** Deepest nesting accepted; a descriptor needs 5. */
  static final int MAX_DEPTH = 64;

  final String name;
  private @Nullable Map<String, String> attributes; // made on the first attribute
  List<XmlNode> children = List.of(); // an ArrayList from the first child on
  private @Nullable String text; // the only run of text so far
  private @Nullable StringBuilder texts; // several runs

  private XmlNode(String name) {
    this.name = name;
  }

  /**
   * Reads a document in {@link PlainXml}'s plain subset; null when it is outside it (then read it
   * with {@link #read}, which judges it).
   */
  static @Nullable XmlNode readPlain(byte[] xml) {
    PlainXml.Events ev = PlainXml.read(xml, MAX_DEPTH);
    if (ev == null) {
      return null;
    }
    XmlNode root = null;
    List<XmlNode> stack = new ArrayList<>();
    for (int k = 0; k < ev.size(); k++) {
      switch (ev.kind(k)) {
        case PlainXml.START -> {
          XmlNode node = new XmlNode(ev.name(k));
          if (stack.isEmpty()) {
            root = node;
          } else {
            stack.get(stack.size() - 1).addChild(node);
          }
          stack.add(node);
        }
        case PlainXml.ATTRIBUTE ->
            stack.get(stack.size() - 1).putAttribute(ev.name(k), ev.value(k));
        case PlainXml.TEXT -> stack.get(stack.size() - 1).appendText(ev.value(k));
        default -> stack.remove(stack.size() - 1);
      }
    }
    return root;
  }

  private void addChild(XmlNode child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  private void putAttribute(String attrName, String value) {
    Map<String, String> a = attributes;
    if (a == null) {
      a = new LinkedHashMap<>(8);
      attributes = a;
    }
    a.put(attrName, value);
  }

  private void appendText(String run) {
    if (texts != null) {
      texts.append(run);
    } else if (text == null) {
      text = run;
    } else {
      texts = new StringBuilder(text).append(run);
      text = null;
    }
  }

  /** Reads the element the reader is positioned on (a START_ELEMENT) and everything inside it. */
  static XmlNode read(XMLStreamReader r) throws XMLStreamException {
    XmlNode root = new XmlNode(r.getLocalName());
    root.copyAttributes(r);
    List<XmlNode> stack = new ArrayList<>();
    stack.add(root);
    while (!stack.isEmpty()) {
      int ev = r.next();
      XmlNode top = stack.get(stack.size() - 1);
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> {
          if (stack.size() >= MAX_DEPTH) {
            throw new XMLStreamException("elements nested deeper than " + MAX_DEPTH);
          }
          XmlNode child = new XmlNode(r.getLocalName());
          child.copyAttributes(r);
          top.addChild(child);
          stack.add(child);
        }
        case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            top.appendText(r.getText());
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new XMLStreamException("entity reference '&" + r.getLocalName() + ";' refused");
        case XMLStreamConstants.END_DOCUMENT ->
            throw new XMLStreamException("unexpected end of document");
        default -> {
          // comments, processing instructions: ignored
        }
      }
    }
    return root;
  }

  private void copyAttributes(XMLStreamReader r) {
    for (int i = 0; i < r.getAttributeCount(); i++) {
      putAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
    }
  }

  /** The raw text directly inside this element. */
  String text() {
    StringBuilder t = texts;
    if (t != null) {
      return t.toString();
    }
    return text == null ? "" : text;
  }

  /** The first child called {@code childName}, or null. */
  @Nullable XmlNode child(String childName) {
    for (int ci = 0; ci < children.size(); ci++) {
      XmlNode c = children.get(ci);
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** All children called {@code childName}, in document order. */
  List<XmlNode> all(String childName) {
    List<XmlNode> out = new ArrayList<>();
    for (int ci = 0; ci < children.size(); ci++) {
      XmlNode c = children.get(ci);
      if (c.name.equals(childName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The attributes in document order. */
  Map<String, String> attributes() {
    Map<String, String> a = attributes;
    return a == null ? Map.of() : a;
  }

  /** The attribute value, or null. */
  @Nullable String attr(String attrName) {
    Map<String, String> a = attributes;
    return a == null ? null : a.get(attrName);
  }
}
