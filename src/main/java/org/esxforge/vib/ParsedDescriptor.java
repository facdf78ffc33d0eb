package org.esxforge.vib;

import java.util.Objects;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * A VIB's {@code descriptor.xml} as parsed, with the SHA-256 of the exact bytes it was parsed from.
 * Parsing is a function of the bytes alone, so a later read of the same VIB whose {@code
 * descriptor.xml} bytes have this digest may take {@code descriptor} instead of parsing them again
 * ({@link VibVerifier#readVerified(java.io.InputStream, String, VibMetadata, VibVerifier.Options,
 * ParsedDescriptor)}): the signature and the whole-file checksum are still computed on the bytes
 * read then, and the digest ties the descriptor used to exactly those bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sha256 SHA-256 of the {@code descriptor.xml} bytes
 * @param descriptor what they parse to (any object equal to that parse)
 */
public record ParsedDescriptor(Sha256 sha256, VibDescriptor descriptor) {
  public ParsedDescriptor {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(descriptor, "descriptor");
  }

  /**
   * Parses {@code xml} as {@link DescriptorXml#parse} does and digests it.
   *
   * @param source names the document in messages, e.g. {@code x.vib!descriptor.xml}
   */
  public static ParsedDescriptor parse(byte[] xml, String source) throws FormatException {
    return parse(xml, source, null);
  }

  /**
   * As {@link #parse(byte[], String)}, but {@code known} itself when {@code xml} has its digest
   * (the bytes it was made from: their parse is its descriptor), without parsing them again.
   */
  public static ParsedDescriptor parse(byte[] xml, String source, @Nullable ParsedDescriptor known)
      throws FormatException {
    Sha256 sha = Sha256.of(xml);
    if (known != null && known.sha256().equals(sha)) {
      return known;
    }
    return new ParsedDescriptor(sha, DescriptorXml.parse(xml, source));
  }

  /** The same bytes' parse, as {@code equal} (an object equal to {@link #descriptor}). */
  public ParsedDescriptor as(VibDescriptor equal) {
    if (!equal.equals(descriptor)) {
      throw new IllegalArgumentException("not the same descriptor: " + equal.id());
    }
    return new ParsedDescriptor(sha256, equal);
  }
}
