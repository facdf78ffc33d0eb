package org.esxforge.vib;

import java.util.List;
import java.util.Objects;
import org.esxforge.model.VibId;

/**
 * What {@link VibVerifier} found about one {@code .vib}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vibId from the descriptor
 * @param problems short phrases in check order (metadata, signature, members, payloads); empty when
 *     the VIB is sound
 * @param signature the signature verdict (computed even when signature checks are off)
 * @param signer the signer's subject DN, "" when unsigned or unknown
 * @param payloads per-payload checksum results, descriptor order, for payloads present as members
 * @param warnings what the user must be told though it is no problem (a partner signature that no
 *     trust store vouches for), each with its remedy
 * @param verdict {@link SignaturePolicy}'s verdict on the signature, also when checks are off
 */
public record VibVerification(
    VibId vibId,
    List<String> problems,
    Signatures.Result signature,
    String signer,
    List<PayloadChecksums.PayloadResult> payloads,
    List<String> warnings,
    SignaturePolicy.Verdict verdict) {
  public VibVerification {
    Objects.requireNonNull(vibId, "vibId");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(verdict, "verdict");
    problems = List.copyOf(problems);
    payloads = List.copyOf(payloads);
    warnings = List.copyOf(warnings);
    signer = signer == null ? "" : signer;
  }

  /** True when there is no problem. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * One line for a user: {@code <source>: <problem>; <problem>} or, when sound, {@code <source>: ok
   * (<signature detail>)}.
   */
  public String oneLine(String source) {
    if (ok()) {
      return source
          + ": ok ("
          + signature.detail()
          + ")"
          + (warnings.isEmpty() ? "" : "; WARNING: " + String.join("; ", warnings));
    }
    return source + ": " + String.join("; ", problems);
  }
}
