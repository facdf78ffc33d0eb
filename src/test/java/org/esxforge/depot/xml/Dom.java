package org.esxforge.depot.xml;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Independent reading of real documents with the JDK's DOM parser, for cross-checks. */
public final class Dom {
  private Dom() {}

  public static Element parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    return d.getDocumentElement();
  }

  /** Text of every element named {@code name} below {@code e}, in document order. */
  public static List<String> texts(Element e, String name) {
    List<String> out = new ArrayList<>();
    NodeList l = e.getElementsByTagName(name);
    for (int i = 0; i < l.getLength(); i++) {
      out.add(l.item(i).getTextContent().trim());
    }
    return out;
  }

  /** Direct child elements named {@code name}. */
  public static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  public static String childText(Element e, String name) {
    List<Element> c = children(e, name);
    return c.isEmpty() ? "" : c.get(0).getTextContent();
  }
}
