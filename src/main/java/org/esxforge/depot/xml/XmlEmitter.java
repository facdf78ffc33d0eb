package org.esxforge.depot.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.esxforge.io.Xml;

/**
 * Writes depot XML the way VMware's tools serialise it (lxml/ElementTree): no XML declaration,
 * UTF-8, either pretty-printed (two-space indent, LF, one trailing LF; {@code vmware.xml}, {@code
 * index.xml}, {@code vendor-index.xml}) or on a single line without trailing newline ({@code
 * bulletins/*.xml}). Empty text elements are written {@code <a></a>}, childless containers {@code
 * <a/>}. Escaping as ElementTree: {@code & < >} in text, plus {@code "} and line breaks in
 * attributes.
 *
 * <p>Not thread-safe; one instance per document.
 */
final class XmlEmitter {
  private final boolean pretty;
  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<String> open = new ArrayDeque<>();

  XmlEmitter(boolean pretty) {
    this.pretty = pretty;
  }

  /** Opens a container element; attributes are name/value pairs in output order. */
  XmlEmitter start(String name, String... attrs) {
    indent();
    out.append('<').append(name);
    attributes(attrs);
    out.append('>');
    open.push(name);
    return this;
  }

  XmlEmitter end() {
    String name = open.pop();
    indent();
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>text</name>}. */
  XmlEmitter leaf(String name, String text) {
    indent();
    out.append('<').append(name).append('>');
    escape(text, false);
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name a="v"/>}. */
  XmlEmitter empty(String name, String... attrs) {
    indent();
    out.append('<').append(name);
    attributes(attrs);
    out.append("/>");
    return this;
  }

  /** {@code <name a="v">text</name>}. */
  XmlEmitter leafWithAttributes(String name, String text, String... attrs) {
    indent();
    out.append('<').append(name);
    attributes(attrs);
    out.append('>');
    escape(text, false);
    out.append("</").append(name).append('>');
    return this;
  }

  byte[] toBytes() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed element " + open.peek());
    }
    if (pretty) {
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void indent() {
    if (pretty && out.length() > 0) {
      out.append('\n');
      for (int i = 0; i < open.size(); i++) {
        out.append("  ");
      }
    }
  }

  private void attributes(String[] attrs) {
    if (attrs.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name/value pairs");
    }
    for (int i = 0; i < attrs.length; i += 2) {
      out.append(' ').append(attrs[i]).append("=\"");
      escape(attrs[i + 1], true);
      out.append('"');
    }
  }

  private void escape(String s, boolean attribute) {
    Xml.escape(out, s, attribute, false);
  }
}
