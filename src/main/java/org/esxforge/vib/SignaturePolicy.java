package org.esxforge.vib;

import java.util.Locale;
import java.util.Objects;
import org.esxforge.io.UserSetting;
import org.esxforge.model.AcceptanceLevel;

/**
 * The one rule that says whether a VIB's signature is acceptable for the acceptance level it
 * declares (docs/trust.md). {@code esxforge verify} and {@code esxforge build} both ask it, so they
 * give the same verdict for the same VIB:
 *
 * <ul>
 *   <li>{@code certified} and {@code accepted} VIBs must carry a signature that verifies and chains
 *       to a trust anchor (VMware's built-in certificates, a {@code --trust} file, or the sample CA
 *       for the sample's own VIBs); a certificate that only carries VMware's name is refused;
 *   <li>{@code partner} VIBs must carry a signature that verifies; when it does not chain to an
 *       anchor that is a loud {@link Kind#WARNING}, never silence;
 *   <li>{@code community} VIBs may be unsigned; a signature that is present must verify;
 *   <li>a signature that does not verify, or a missing one above community, is refused.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SignaturePolicy {
  private SignaturePolicy() {}

  /** How a verdict counts. */
  public enum Kind {
    /** Acceptable. */
    OK,
    /** Acceptable, but the user must be told. */
    WARNING,
    /** Not acceptable (unless signature checks are off). */
    REFUSED
  }

  /**
   * What the policy makes of one VIB's signature.
   *
   * @param kind how it counts
   * @param message one phrase without the VIB's name, e.g. "signed by 'VMware Certified VIB
   *     Signing', anchored in esxforge's built-in VMware store"
   * @param hint the remedy for WARNING and REFUSED, "" for OK
   */
  public record Verdict(Kind kind, String message, String hint) {
    public Verdict {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
      hint = hint == null ? "" : hint;
    }
  }

  /** The verdict on {@code sig} for a VIB declaring {@code level}. */
  public static Verdict judge(AcceptanceLevel level, Signatures.Result sig) {
    String declared = level.xmlValue();
    return switch (sig.status()) {
      case UNSIGNED ->
          level == AcceptanceLevel.COMMUNITY
              ? new Verdict(Kind.OK, "unsigned (community)", "")
              : new Verdict(
                  Kind.REFUSED,
                  "unsigned but declares '" + declared + "'",
                  "get a signed build or turn the signature check off");
      case INVALID ->
          new Verdict(
              Kind.REFUSED,
              sig.detail().startsWith("signature does not verify")
                  ? "signature does not verify"
                  : sig.detail(),
              "get an unmodified build or turn the signature check off");
      case SIGNED_TRUSTED -> new Verdict(Kind.OK, sig.detail(), "");
      case SIGNED_UNANCHORED -> unanchored(level, sig);
    };
  }

  private static Verdict unanchored(AcceptanceLevel level, Signatures.Result sig) {
    String by = "signed by '" + sig.signerName() + "'";
    switch (level) {
      case CERTIFIED, ACCEPTED -> {
        String what =
            namedLikeVmware(sig.signerName()) && !TrustStore.isBuiltIn(sig.signerSha256())
                ? by
                    + ", a certificate named like VMware's that is not one of VMware's"
                    + " (SHA-256 "
                    + sig.signerSha256()
                    + ")"
                : by + ", which does not chain to a VMware certificate or to " + UserSetting.TRUST;
        return new Verdict(
            Kind.REFUSED,
            what + ": '" + level.xmlValue() + "' needs a signature anchored in a trust store",
            "pass its CA with "
                + UserSetting.TRUST
                + " only if you trust it, or turn the signature check off");
      }
      case PARTNER -> {
        return new Verdict(
            Kind.WARNING,
            by + ", not anchored in any trust store: nobody vouches for this partner signature",
            "pass the partner's CA with " + UserSetting.TRUST + " to check it");
      }
      default -> {
        return new Verdict(Kind.OK, sig.detail(), "");
      }
    }
  }

  /** True for a certificate name that claims to be VMware's. */
  static boolean namedLikeVmware(String name) {
    return name.toLowerCase(Locale.ROOT).contains("vmware");
  }
}
