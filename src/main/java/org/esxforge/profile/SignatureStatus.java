package org.esxforge.profile;

/**
 * What a signature check found for one VIB ({@code sig.pkcs7} over {@code descriptor.xml}).
 * Immutable.
 */
public enum SignatureStatus {
  /** The signature verifies. */
  VALID,
  /** No signature ({@code sig.pkcs7} empty or absent). */
  UNSIGNED,
  /** A signature that does not verify against the descriptor. */
  INVALID,
  /** Not checked (e.g. the VIB was not fetched); never reported as a problem. */
  UNKNOWN
}
