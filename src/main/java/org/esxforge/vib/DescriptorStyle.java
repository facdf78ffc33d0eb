package org.esxforge.vib;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The three ways VMware's tools have serialised a {@code descriptor.xml} (all one line, no XML
 * declaration, no trailing newline; element order as docs/formats.md §4.2). They differ only in how
 * empty elements are closed and in attribute order; the content is the same.
 *
 * <p>Immutable and thread-safe.
 */
public enum DescriptorStyle {
  /**
   * {@code <urls/>}, attributes in VMware's order ({@code name type boot-order vfat-name size
   * uncompressed-size compression-option}; {@code version locale productLineID}): every 5.x–7.0
   * {@code descriptor.xml} and every {@code vibs/*.xml} in a metadata.zip, 6.5 to 9.0, and the host
   * image database copies.
   */
  CLASSIC(false, false),
  /**
   * {@code <urls />} (Python 3 ElementTree), VMware attribute order: 8.0 {@code descriptor.xml}.
   */
  SPACED(true, false),
  /** {@code <urls />} and attributes in alphabetical order: 9.0 {@code descriptor.xml}. */
  SPACED_SORTED(true, true);

  private static final Pattern SORTED_PAYLOAD =
      Pattern.compile("<payload (?:compression-option=\"[^\"]*\" )?name=\"[^\"]*\" size=");
  private static final Pattern SORTED_PLATFORM = Pattern.compile("<softwarePlatform locale=");

  private final boolean spaced;
  private final boolean sortedAttributes;

  DescriptorStyle(boolean spaced, boolean sortedAttributes) {
    this.spaced = spaced;
    this.sortedAttributes = sortedAttributes;
  }

  /** True when empty elements are written {@code <x />}. */
  public boolean spaced() {
    return spaced;
  }

  /** True when attributes are written in alphabetical order. */
  public boolean sortedAttributes() {
    return sortedAttributes;
  }

  /**
   * Guesses the style of an existing serialisation: {@code " />"} anywhere means spaced; a payload
   * whose {@code size} precedes {@code type}, or a softwarePlatform starting with {@code locale},
   * means sorted.
   */
  public static DescriptorStyle detect(byte[] xml) {
    String s = new String(xml, StandardCharsets.ISO_8859_1);
    if (!s.contains(" />")) {
      return CLASSIC;
    }
    boolean sorted = SORTED_PAYLOAD.matcher(s).find() || SORTED_PLATFORM.matcher(s).find();
    return sorted ? SPACED_SORTED : SPACED;
  }
}
