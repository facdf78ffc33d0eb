package org.esxforge.profile;

import java.util.List;
import java.util.Map;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibDescriptor;
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
 * @param componentPlatforms the platforms of the components holding each VIB (absent = none)
 * @param available every VIB the depots offer, to name the compatible versions of a VIB that does
 *     not fit the base (empty = only the profile's)
 */
public record ValidationContext(
    Map<VibId, SignatureStatus> signatures,
    boolean signatureCheck,
    boolean installerIso,
    Map<VibId, List<SoftwarePlatform>> componentPlatforms,
    Map<VibId, VibDescriptor> available) {

  public ValidationContext {
    signatures = Map.copyOf(signatures);
    componentPlatforms = Map.copyOf(componentPlatforms);
    available = Map.copyOf(available);
  }

  public ValidationContext(
      Map<VibId, SignatureStatus> signatures, boolean signatureCheck, boolean installerIso) {
    this(signatures, signatureCheck, installerIso, Map.of(), Map.of());
  }

  /** The platforms of the components holding {@code id}. */
  public List<SoftwarePlatform> componentPlatforms(VibId id) {
    return componentPlatforms.getOrDefault(id, List.of());
  }

  /** This context with component platforms and the depots' VIBs (platform messages). */
  public ValidationContext withCatalog(
      Map<VibId, List<SoftwarePlatform>> platforms, Map<VibId, VibDescriptor> availableVibs) {
    return new ValidationContext(
        signatures, signatureCheck, installerIso, platforms, availableVibs);
  }

  /** No signature information, signature check on, ISO rules on. */
  public static ValidationContext forIso() {
    return new ValidationContext(Map.of(), true, true);
  }

  public SignatureStatus signature(VibId id) {
    return signatures.getOrDefault(id, SignatureStatus.UNKNOWN);
  }

  public ValidationContext withSignatures(Map<VibId, SignatureStatus> s) {
    return new ValidationContext(s, signatureCheck, installerIso, componentPlatforms, available);
  }

  public ValidationContext withSignatureCheck(boolean on) {
    return new ValidationContext(signatures, on, installerIso, componentPlatforms, available);
  }

  public ValidationContext withInstallerIso(boolean on) {
    return new ValidationContext(signatures, signatureCheck, on, componentPlatforms, available);
  }
}
