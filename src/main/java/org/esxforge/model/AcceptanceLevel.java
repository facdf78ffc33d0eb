package org.esxforge.model;

import java.util.Locale;

/**
 * VIB and image-profile acceptance levels (docs/formats.md §4.7), highest trust first. A VIB may be
 * in a profile only if {@code profile.allows(vib)}.
 */
public enum AcceptanceLevel {
  CERTIFIED("certified", "VMwareCertified", 0),
  ACCEPTED("accepted", "VMwareAccepted", 1),
  PARTNER("partner", "PartnerSupported", 2),
  COMMUNITY("community", "CommunitySupported", 3);

  private final String xmlValue;
  private final String uiName;

  /**
   * 0 for the highest trust, larger for less: written out, not taken from the declaration order.
   */
  private final int distrust;

  AcceptanceLevel(String xmlValue, String uiName, int distrust) {
    this.xmlValue = xmlValue;
    this.uiName = uiName;
    this.distrust = distrust;
  }

  /** The value used in descriptor.xml and profile XML, e.g. {@code partner}. */
  public String xmlValue() {
    return xmlValue;
  }

  /** The PowerCLI name, e.g. {@code PartnerSupported}. */
  public String uiName() {
    return uiName;
  }

  /** True if a VIB at {@code vibLevel} may be in a profile at this level. */
  public boolean allows(AcceptanceLevel vibLevel) {
    return vibLevel.distrust <= distrust;
  }

  /** The lower-trust of the two. */
  public static AcceptanceLevel lowest(AcceptanceLevel a, AcceptanceLevel b) {
    return a.distrust >= b.distrust ? a : b;
  }

  /** Accepts the XML value or the PowerCLI name, any case. */
  public static AcceptanceLevel parse(String text) throws InvalidModelException {
    String t = text == null ? "" : text.trim();
    for (AcceptanceLevel l : values()) {
      if (l.xmlValue.equalsIgnoreCase(t) || l.uiName.equalsIgnoreCase(t)) {
        return l;
      }
    }
    throw new InvalidModelException(
        "acceptance level", text, "expected one of certified, accepted, partner, community");
  }

  @Override
  public String toString() {
    return xmlValue;
  }

  /** Lower-case XML value; handy for messages. */
  public String display() {
    return xmlValue.toLowerCase(Locale.ROOT);
  }
}
