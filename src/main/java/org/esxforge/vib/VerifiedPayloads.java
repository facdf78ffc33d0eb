package org.esxforge.vib;

import java.util.List;
import java.util.Objects;
import org.esxforge.io.Sha256;

/**
 * The payload checksums of a {@code .vib} that esxforge itself wrote, verified ({@link
 * PayloadChecksums#verify}) on the very bytes it wrote as their members, with the SHA-256 of the
 * whole file it wrote. Verification is a function of the bytes alone, so a later read of a file
 * whose whole SHA-256 is {@code vibSha256} may take these results instead of decompressing and
 * hashing every payload again ({@link VibVerifier#readVerified(java.io.InputStream, String,
 * VibMetadata, VibVerifier.Options, ParsedDescriptor, VerifiedPayloads)}): the digest of the whole
 * file, computed on the bytes read then, ties the results to exactly those bytes. An installer
 * ISO's VIBs are rebuilt this way: their payloads are checked as they are copied off the ISO, and
 * not a second time when the build verifies them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vibSha256 SHA-256 of the whole {@code .vib} as written
 * @param results one per payload member, in the order of the descriptor's payloads
 */
public record VerifiedPayloads(Sha256 vibSha256, List<PayloadChecksums.PayloadResult> results) {
  public VerifiedPayloads {
    Objects.requireNonNull(vibSha256, "vibSha256");
    results = List.copyOf(results);
  }
}
