package org.esxforge.vib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
  final Map<String, String> attributes = new LinkedHashMap<>();
  final List<XmlNode> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  private XmlNode(String name) {
    this.name = name;
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
          top.children.add(child);
          stack.add(child);
        }
        case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            top.text.append(r.getText());
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
      attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
    }
  }

  /** The raw text directly inside this element. */
  String text() {
    return text.toString();
  }

  /** The first child called {@code childName}, or null. */
  @Nullable XmlNode child(String childName) {
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** All children called {@code childName}, in document order. */
  List<XmlNode> all(String childName) {
    List<XmlNode> out = new ArrayList<>();
    for (XmlNode c : children) {
      if (c.name.equals(childName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The attribute value, or null. */
  @Nullable String attr(String attrName) {
    return attributes.get(attrName);
  }
}
