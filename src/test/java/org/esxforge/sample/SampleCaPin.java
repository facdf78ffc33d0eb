package org.esxforge.sample;

/** Pinned digests of the deterministic sample CA (change only with the derivation). */
final class SampleCaPin {
  static final String ROOT_SHA256 = "a019a63ea93d82cee82359b2b86a9aea8a64b8e6c0cbc5a6be90b1139b6df1bb";

  private SampleCaPin() {}
}
