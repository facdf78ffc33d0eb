package org.esxforge.vib;

import java.util.Objects;

/**
 * A member of a VIB's ar container: its name (without GNU's trailing '/'), where its data starts in
 * the file and how many bytes it has (without the pad byte).
 *
 * <p>Immutable and thread-safe.
 */
public record VibMember(String name, long dataOffset, long size) {
  /** The descriptor member. */
  public static final String DESCRIPTOR = "descriptor.xml";

  /** The signature member; 0 bytes when unsigned. */
  public static final String SIGNATURE = "sig.pkcs7";

  public VibMember {
    Objects.requireNonNull(name, "name");
    if (dataOffset < 0 || size < 0) {
      throw new IllegalArgumentException("negative offset or size for member '" + name + "'");
    }
  }
}
