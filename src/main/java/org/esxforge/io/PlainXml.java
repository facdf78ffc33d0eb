package org.esxforge.io;

import java.nio.charset.StandardCharsets;

/**
 * A fast reader for the plain subset of XML that depot metadata and VIB descriptors are written in:
 * ASCII only, elements with quoted attributes, character data without references, nothing else. It
 * either reads the whole document (one root element, whitespace around it) and reports it to a
 * {@link Sink}, or answers false as soon as it meets anything outside that subset (an XML or
 * DOCTYPE declaration, a comment, CDATA, a processing instruction, an entity or character
 * reference, a byte outside printable ASCII other than tab and line feed, a carriage return, {@code
 * ]]>}, a namespace prefix or declaration, a tab or line break in an attribute value, a duplicate
 * attribute, nesting deeper than asked, anything malformed, trailing content). The caller then
 * parses the same bytes with the full, hardened StAX reader, which judges and reports everything
 * unusual; so a document read here is one that StAX reads into the same elements, attributes and
 * text, and a hostile one never gets a different answer than before.
 *
 * <p>For a 1.5 KB descriptor this is several times faster than a StAX reader (no decoder, no reader
 * set-up, no event objects). Stateless and thread-safe.
 */
public final class PlainXml {
  private static final int MAX_ATTRIBUTES = 64;

  private PlainXml() {}

  /** Receives a document's structure in order. Not called at all for a document that is refused. */
  public interface Sink {
    /** An element starts; its attributes follow, then its content. */
    void start(String name);

    /** An attribute of the element just started, in document order. */
    void attribute(String name, String value);

    /** A run of character data directly inside the current element (never empty). */
    void text(String text);

    /** The current element ends. */
    void end();
  }

  /**
   * Reads {@code xml} into {@code sink} when it is entirely in the plain subset.
   *
   * @param maxDepth elements nested deeper than this are left to the full parser
   * @return false when the document is outside the subset; {@code sink} may then have received part
   *     of it and must be discarded
   */
  public static boolean parse(byte[] xml, int maxDepth, Sink sink) {
    byte[] b = xml;
    int n = b.length;
    int i = skipSpace(b, 0);
    if (i >= n || b[i] != '<') {
      return false;
    }
    String[] open = new String[Math.max(1, Math.min(maxDepth, 256))];
    String[] attrNames = new String[MAX_ATTRIBUTES];
    int depth = 0;
    while (true) {
      // b[i] == '<'
      if (i + 1 >= n) {
        return false;
      }
      if (b[i + 1] == '/') {
        int s = i + 2;
        int e = nameEnd(b, s);
        if (e == s || depth == 0 || !sameName(b, s, e, open[depth - 1])) {
          return false;
        }
        int j = skipSpace(b, e);
        if (j >= n || b[j] != '>') {
          return false;
        }
        sink.end();
        depth--;
        i = j + 1;
        if (depth == 0) {
          return skipSpace(b, i) == n;
        }
      } else {
        int s = i + 1;
        int e = nameEnd(b, s);
        if (e == s || depth >= open.length) {
          return false;
        }
        String name = name(b, s, e);
        sink.start(name);
        int attrs = 0;
        int j = e;
        while (true) {
          int k = skipSpace(b, j);
          if (k >= n) {
            return false;
          }
          if (b[k] == '>') {
            open[depth++] = name;
            i = k + 1;
            break;
          }
          if (b[k] == '/') {
            if (k + 1 >= n || b[k + 1] != '>') {
              return false;
            }
            sink.end();
            i = k + 2;
            if (depth == 0) {
              return skipSpace(b, i) == n;
            }
            break;
          }
          int ae = nameEnd(b, k);
          if (k == j || ae == k || attrs == MAX_ATTRIBUTES) {
            return false; // no space before the attribute, no name, or too many
          }
          String attr = name(b, k, ae);
          if (attr.startsWith("xmlns")) {
            return false; // a namespace declaration: StAX does not report it as an attribute
          }
          for (int a = 0; a < attrs; a++) {
            if (attrNames[a].equals(attr)) {
              return false;
            }
          }
          attrNames[attrs++] = attr;
          int q = skipSpace(b, ae);
          if (q >= n || b[q] != '=') {
            return false;
          }
          q = skipSpace(b, q + 1);
          if (q >= n || (b[q] != '"' && b[q] != '\'')) {
            return false;
          }
          byte quote = b[q];
          int vs = q + 1;
          int ve = vs;
          while (ve < n && b[ve] != quote) {
            byte x = b[ve];
            if (x < 0x20 || x == 0x7f || x == '<' || x == '&') {
              return false; // also every byte >= 0x80 (negative), tab and line breaks
            }
            ve++;
          }
          if (ve >= n) {
            return false;
          }
          sink.attribute(attr, new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
          j = ve + 1;
        }
      }
      int t = i;
      while (t < n && b[t] != '<') {
        byte x = b[t];
        if ((x < 0x20 && x != '\t' && x != '\n') || x == 0x7f || x == '&') {
          return false; // also every byte >= 0x80 (negative) and carriage returns
        }
        if (x == '>' && t - 2 >= i && b[t - 1] == ']' && b[t - 2] == ']') {
          return false;
        }
        t++;
      }
      if (t >= n) {
        return false;
      }
      if (t > i) {
        sink.text(new String(b, i, t - i, StandardCharsets.ISO_8859_1));
      }
      i = t;
    }
  }

  /** Which ASCII bytes may start a name (1) or continue one (1 or 2). */
  private static final byte[] NAME = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        NAME[c] = 1;
      } else if ((c >= '0' && c <= '9') || c == '-' || c == '.') {
        NAME[c] = 2;
      }
    }
  }

  /**
   * Element and attribute names already seen, interned: a document repeats a few dozen names, so
   * most are found here instead of allocated, and they are the same objects as the string constants
   * callers look them up by (String.equals is then an identity check). Racy by design: a slot holds
   * some name or null, and a lost write only costs an allocation.
   */
  private static final String[] NAMES = new String[512];

  private static int skipSpace(byte[] b, int from) {
    int i = from;
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** The end of the name starting at {@code s} ({@code s} itself when there is none). */
  private static int nameEnd(byte[] b, int s) {
    if (s >= b.length || b[s] < 0 || NAME[b[s]] != 1) {
      return s;
    }
    int i = s + 1;
    while (i < b.length && b[i] >= 0 && NAME[b[i]] != 0) {
      i++;
    }
    return i;
  }

  private static boolean sameName(byte[] b, int s, int e, String name) {
    if (e - s != name.length()) {
      return false;
    }
    for (int i = s; i < e; i++) {
      if (b[i] != name.charAt(i - s)) {
        return false;
      }
    }
    return true;
  }

  private static String name(byte[] b, int s, int e) {
    int h = e - s;
    for (int i = s; i < e; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ h >>> 9) & (NAMES.length - 1);
    String known = NAMES[slot];
    if (known != null && sameName(b, s, e, known)) {
      return known;
    }
    String made = new String(b, s, e - s, StandardCharsets.ISO_8859_1).intern();
    NAMES[slot] = made;
    return made;
  }
}
