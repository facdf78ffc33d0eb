package org.esxforge.profile;

import java.util.Comparator;
import java.util.Objects;
import org.esxforge.model.VibId;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with an image profile or an edit. {@link #toString()} renders it as ONE line that
 * names the VIB, the rule and what would fix it, e.g. {@code VMW_bootbank_net55-r8168_8.045a-napi:
 * depends on vmkapi_2_2_0_0, which no VIB in ESXi-8.0U3-24022510-standard provides; add a VIB that
 * provides it or remove net55-r8168}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vibId the VIB the problem is about, or {@code null} for a profile-wide problem
 * @param message what is wrong (no VIB prefix)
 * @param hint what would fix it
 */
public record Problem(Code code, @Nullable VibId vibId, String message, String hint) {

  /** The rule a problem breaks. The declaration order is the report order for one VIB. */
  public enum Code {
    /** The profile names a VIB whose descriptor was not supplied. */
    MISSING_DESCRIPTOR,
    /** A {@code depends} constraint no VIB (name/version or provide) satisfies. */
    UNSATISFIED_DEPENDENCY,
    /** A {@code conflicts} constraint matches another VIB of the profile. */
    CONFLICT,
    /** Two VIBs of the profile have the same name. */
    DUPLICATE_NAME,
    /** No {@code softwarePlatform} of the VIB admits the profile's ESXi version. */
    PLATFORM_MISMATCH,
    /** The VIB's acceptance level is below (less trusted than) the profile's. */
    ACCEPTANCE_LEVEL,
    /** A certified/accepted/partner VIB without a signature. */
    UNSIGNED,
    /** A VIB whose signature does not verify. */
    INVALID_SIGNATURE,
    /** The profile cannot be turned into a bootable installer ISO. */
    NOT_BOOTABLE,
    /** An edit named a VIB that is not available or not in the profile. */
    UNKNOWN_VIB,
    /**
     * The {@code .vib} file does not match its own descriptor or the depot metadata (a payload
     * member missing, a checksum or size wrong); found by the build's VIB verification.
     */
    CORRUPT_VIB,
    /**
     * A network or storage controller of the host's device list that no VIB of the image can drive
     * ({@code --for-hardware}): the installer would not see it.
     */
    UNDRIVEN_DEVICE
  }

  /** Report order: profile-wide problems first, then by VIB id, code and message. */
  public static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::vibId, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Problem::code)
          .thenComparing(Problem::message);

  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(hint, "hint");
  }

  /** The one-line rendering: {@code [<vib id>: ]<message>[; <hint>]}. */
  @Override
  public String toString() {
    String prefix = vibId == null ? "" : vibId + ": ";
    return prefix + message + (hint.isEmpty() ? "" : "; " + hint);
  }
}
