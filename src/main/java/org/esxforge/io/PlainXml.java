package org.esxforge.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A fast reader for the plain subset of XML that depot metadata and VIB descriptors are written in:
 * ASCII only, elements with quoted attributes, character data without references, nothing else. It
 * either reads the whole document (one root element, whitespace around it) into its {@link Events},
 * or answers null as soon as it meets anything outside that subset (an XML or DOCTYPE declaration,
 * a comment, CDATA, a processing instruction, an entity or character reference, a byte outside
 * printable ASCII other than tab and line feed, a carriage return, {@code ]]>}, a namespace prefix
 * or declaration, a tab or line break in an attribute value, a duplicate attribute, nesting deeper
 * than asked, anything malformed, trailing content). The caller then parses the same bytes with the
 * full, hardened StAX reader, which judges and reports everything unusual; so a document read here
 * is one that StAX reads into the same elements, attributes and text, and a hostile one never gets
 * a different answer than before.
 *
 * <p>For a 1.5 KB descriptor this is several times faster than a StAX reader (no decoder, no reader
 * set-up, no event objects). The reader hands back a flat list of events rather than calling back
 * into the caller: the scanning loop then makes no calls the JIT must guess the target of (with a
 * callback, reading descriptors and then profiles made the optimising compiler throw away and redo
 * its ~0.2 s compilation of the loop several times), and it is split into a few methods of moderate
 * size (one large loop was compiled twice: on-stack replacement, then normally). Stateless and
 * thread-safe.
 */
public final class PlainXml {
  private static final int MAX_ATTRIBUTES = 64;

  /** An element starts ({@link Events#name}); its attributes follow, then its content. */
  public static final byte START = 0;

  /** An attribute of the element just started ({@link Events#name} = {@link Events#value}). */
  public static final byte ATTRIBUTE = 1;

  /** A run of character data directly inside the current element (never empty). */
  public static final byte TEXT = 2;

  /** The current element ends. */
  public static final byte END = 3;

  private PlainXml() {}

  /**
   * A document's structure in document order: {@link #START}, {@link #ATTRIBUTE}, {@link #TEXT} and
   * {@link #END} events. Not modified after {@link #read} returns it; not thread-safe before.
   */
  public static final class Events {
    private byte[] kinds = new byte[64];
    private @Nullable String[] names = new String[64];
    private @Nullable String[] values = new String[64];
    private int size;

    private Events() {}

    public int size() {
      return size;
    }

    /**
     * The kind of event {@code k}: {@link #START}, {@link #ATTRIBUTE}, {@link #TEXT}, {@link #END}.
     */
    public byte kind(int k) {
      return kinds[k];
    }

    /** The element name of a {@link #START}, the attribute name of an {@link #ATTRIBUTE}. */
    public String name(int k) {
      String s = names[k];
      if (s == null) {
        throw new IllegalArgumentException("event " + k + " has no name");
      }
      return s;
    }

    /** The value of an {@link #ATTRIBUTE}, the text of a {@link #TEXT}. */
    public String value(int k) {
      String s = values[k];
      if (s == null) {
        throw new IllegalArgumentException("event " + k + " has no value");
      }
      return s;
    }

    private void add(byte kind, @Nullable String name, @Nullable String value) {
      if (size == kinds.length) {
        int grown = size * 2;
        kinds = Arrays.copyOf(kinds, grown);
        names = Arrays.copyOf(names, grown);
        values = Arrays.copyOf(values, grown);
      }
      kinds[size] = kind;
      names[size] = name;
      values[size] = value;
      size++;
    }
  }

  /**
   * Reads {@code xml} when it is entirely in the plain subset.
   *
   * @param maxDepth elements nested deeper than this are left to the full parser
   * @return its events, or null when the document is outside the subset
   */
  public static @Nullable Events read(byte[] xml, int maxDepth) {
    Reader r = new Reader(xml, maxDepth);
    return r.run() ? r.out : null;
  }

  /** One reading: the position and the open elements. Not thread-safe. */
  private static final class Reader {
    private final byte[] b;
    private final int n;
    private final String[] open;
    private final String[] attrNames = new String[MAX_ATTRIBUTES];
    private final Events out = new Events();
    private int depth;

    Reader(byte[] xml, int maxDepth) {
      this.b = xml;
      this.n = xml.length;
      this.open = new String[Math.max(1, Math.min(maxDepth, 256))];
    }

    boolean run() {
      int i = skipSpace(b, 0);
      if (i >= n || b[i] != '<') {
        return false;
      }
      while (true) {
        // b[i] == '<'
        if (i + 1 >= n) {
          return false;
        }
        i = b[i + 1] == '/' ? endTag(i + 2) : startTag(i + 1);
        if (i < 0) {
          return false;
        }
        if (depth == 0) {
          return skipSpace(b, i) == n; // the root element ended
        }
        i = text(i);
        if (i < 0) {
          return false;
        }
      }
    }

    /** Reads the end tag whose name starts at {@code s}; the index after it, or -1. */
    private int endTag(int s) {
      int e = nameEnd(b, s);
      if (e == s || depth == 0 || !sameName(b, s, e, open[depth - 1])) {
        return -1;
      }
      int j = skipSpace(b, e);
      if (j >= n || b[j] != '>') {
        return -1;
      }
      out.add(END, null, null);
      depth--;
      return j + 1;
    }

    /** Reads the start tag whose name starts at {@code s}; the index after it, or -1. */
    private int startTag(int s) {
      int e = nameEnd(b, s);
      if (e == s || depth >= open.length) {
        return -1;
      }
      String name = name(b, s, e);
      out.add(START, name, null);
      int attrs = 0;
      int j = e;
      while (true) {
        int k = skipSpace(b, j);
        if (k >= n) {
          return -1;
        }
        if (b[k] == '>') {
          open[depth++] = name;
          return k + 1;
        }
        if (b[k] == '/') {
          if (k + 1 >= n || b[k + 1] != '>') {
            return -1;
          }
          out.add(END, null, null);
          return k + 2;
        }
        if (k == j || attrs == MAX_ATTRIBUTES) {
          return -1; // no space before the attribute, or too many
        }
        j = attribute(k, attrs++);
        if (j < 0) {
          return -1;
        }
      }
    }

    /**
     * Reads the attribute whose name starts at {@code k}, the {@code index}th of its element; the
     * index after its closing quote, or -1.
     */
    private int attribute(int k, int index) {
      int ae = nameEnd(b, k);
      if (ae == k) {
        return -1;
      }
      String attr = name(b, k, ae);
      if (attr.startsWith("xmlns")) {
        return -1; // a namespace declaration: StAX does not report it as an attribute
      }
      for (int a = 0; a < index; a++) {
        if (attrNames[a].equals(attr)) {
          return -1;
        }
      }
      attrNames[index] = attr;
      int q = skipSpace(b, ae);
      if (q >= n || b[q] != '=') {
        return -1;
      }
      q = skipSpace(b, q + 1);
      if (q >= n || (b[q] != '"' && b[q] != '\'')) {
        return -1;
      }
      byte quote = b[q];
      int vs = q + 1;
      int ve = vs;
      while (ve < n && b[ve] != quote) {
        byte x = b[ve];
        if (x < 0x20 || x == 0x7f || x == '<' || x == '&') {
          return -1; // also every byte >= 0x80 (negative), tab and line breaks
        }
        ve++;
      }
      if (ve >= n) {
        return -1;
      }
      out.add(ATTRIBUTE, attr, new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
      return ve + 1;
    }

    /** Reads the character data from {@code i} to the next '<'; its index, or -1. */
    private int text(int i) {
      int t = i;
      while (t < n && b[t] != '<') {
        byte x = b[t];
        if ((x < 0x20 && x != '\t' && x != '\n') || x == 0x7f || x == '&') {
          return -1; // also every byte >= 0x80 (negative) and carriage returns
        }
        if (x == '>' && t - 2 >= i && b[t - 1] == ']' && b[t - 2] == ']') {
          return -1;
        }
        t++;
      }
      if (t >= n) {
        return -1;
      }
      if (t > i) {
        out.add(TEXT, null, new String(b, i, t - i, StandardCharsets.ISO_8859_1));
      }
      return t;
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
