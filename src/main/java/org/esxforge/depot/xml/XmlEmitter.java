package org.esxforge.depot.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.esxforge.io.Xml;
import org.jspecify.annotations.Nullable;

/**
 * Writes depot XML the way VMware's tools serialise it (lxml/ElementTree): no XML declaration,
 * UTF-8, either pretty-printed (two-space indent, LF, one trailing LF; {@code vmware.xml}, {@code
 * index.xml}, {@code vendor-index.xml}) or on a single line without trailing newline ({@code
 * bulletins/*.xml}). Empty text elements are written {@code <a></a>}, childless containers {@code
 * <a/>}. Escaping as ElementTree: {@code & < >} in text, plus {@code "} and line breaks in
 * attributes.
 *
 * <p>The document is either kept whole ({@link #toBytes()}) or, made with a sink, handed on in
 * pieces of about {@link #PIECE} characters as it grows ({@link #finish()}): a 20,000-VIB {@code
 * vmware.xml} is 28 MB, which as one string and one array was ~110 MB of copies to allocate.
 *
 * <p>Not thread-safe; one instance per document.
 */
final class XmlEmitter {
  /** Characters gathered before they are handed to the sink. */
  static final int PIECE = 1 << 16;

  private final boolean pretty;
  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<String> open = new ArrayDeque<>();
  private final @Nullable OutputStream sink;

  /** Whether characters were handed to the sink already (the document does not start here). */
  private boolean handed;

  XmlEmitter(boolean pretty) {
    this(pretty, null);
  }

  /**
   * An emitter that writes the document's UTF-8 bytes to {@code sink} as it grows (when not null);
   * {@link #finish()} writes the rest. The bytes are those {@link #toBytes()} would return.
   */
  XmlEmitter(boolean pretty, @Nullable OutputStream sink) {
    this.pretty = pretty;
    this.sink = sink;
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
    if (sink != null && out.length() >= PIECE) {
      hand(out.length());
    }
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
    if (sink != null) {
      throw new IllegalStateException("the document went to a sink");
    }
    close();
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Writes what is left of the document to the sink; the emitter is done. */
  void finish() throws IOException {
    if (sink == null) {
      throw new IllegalStateException("no sink");
    }
    close();
    try {
      hand(out.length());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void close() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed element " + open.peek());
    }
    if (pretty) {
      out.append('\n');
    }
  }

  /**
   * Writes the first {@code length} characters (less a high surrogate at their end, whose pair
   * follows) to the sink as UTF-8, and drops them.
   */
  private void hand(int length) {
    int n = length > 0 && Character.isHighSurrogate(out.charAt(length - 1)) ? length - 1 : length;
    byte[] piece = out.substring(0, n).getBytes(StandardCharsets.UTF_8);
    out.delete(0, n);
    handed = true;
    try {
      java.util.Objects.requireNonNull(sink).write(piece);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void indent() {
    if (pretty && (out.length() > 0 || handed)) {
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
