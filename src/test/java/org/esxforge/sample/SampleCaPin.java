package org.esxforge.sample;

/** Pinned digests of the deterministic sample CA (change only with the derivation). */
final class SampleCaPin {
  static final String ROOT_SHA256 =
      "5242312b68d773d7370ced8e334f3b7052f7635211bc401d87720cf6ed61c40f";

  private SampleCaPin() {}
}
