package org.esxforge.profile;

import java.util.Map;
import org.esxforge.model.VibId;

/**
 * What {@link ProfileValidator} needs besides the profile and descriptors.
 *
 * <p>Immutable and thread-safe.
 *
 * @param signatures per-VIB signature status; a VIB absent from the map is {@link
 *     SignatureStatus#UNKNOWN}
 * @param signatureCheck false turns the signature rules off (ESXi-Customizer-PS {@code -nsc})
 * @param installerIso true to also require what an installer ISO needs (kernel, boot loaders)
 */
public record ValidationContext(
    Map<VibId, SignatureStatus> signatures, boolean signatureCheck, boolean installerIso) {

  public ValidationContext {
    signatures = Map.copyOf(signatures);
  }

  /** No signature information, signature check on, ISO rules on. */
  public static ValidationContext forIso() {
    return new ValidationContext(Map.of(), true, true);
  }

  public SignatureStatus signature(VibId id) {
    return signatures.getOrDefault(id, SignatureStatus.UNKNOWN);
  }

  public ValidationContext withSignatures(Map<VibId, SignatureStatus> s) {
    return new ValidationContext(s, signatureCheck, installerIso);
  }

  public ValidationContext withSignatureCheck(boolean on) {
    return new ValidationContext(signatures, on, installerIso);
  }

  public ValidationContext withInstallerIso(boolean on) {
    return new ValidationContext(signatures, signatureCheck, on);
  }
}
