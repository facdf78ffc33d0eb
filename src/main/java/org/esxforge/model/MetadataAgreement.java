package org.esxforge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares what a depot's metadata says about a VIB with the VIB's own, signed {@code
 * descriptor.xml}. The metadata is unsigned and can be edited by anyone who repackages a depot (a
 * {@code vibs/*.xml} entry claiming {@code partner} for a community VIB would admit it into a
 * partner profile); the descriptor inside the {@code .vib} is what the signature covers and what
 * ESXi installs. So the descriptor is the truth, and every field the metadata states must agree
 * with it: {@code verify} reports each {@link Disagreement}, {@code build} refuses the VIB.
 *
 * <p>Which fields are compared depends on what the metadata states ({@link Scope}). Free text
 * (summary, description, release date, URLs) is not compared: it has no effect on what is built.
 *
 * <p>Stateless and thread-safe.
 */
public final class MetadataAgreement {
  private MetadataAgreement() {}

  /** What kind of metadata described the VIB. */
  public enum Scope {
    /**
     * A {@code metadata.zip} {@code vibs/*.xml} entry: a full copy of the descriptor, so every
     * field that matters is compared: type, name, version, vendor, acceptance level, software and
     * hardware platforms, relationships, maintenance mode, the live-install/remove, stateless and
     * overlay flags, and the payloads (name, type, size, boot order, vfat name, checksums).
     */
    DESCRIPTOR,
    /**
     * Only a {@code vmware.xml} summary: it states no acceptance level and no payloads (the catalog
     * assumes the least trusted level), so only type, name, version and vendor are compared.
     */
    SUMMARY
  }

  /**
   * One field on which metadata and descriptor differ.
   *
   * @param field the descriptor element, e.g. {@code acceptance-level}
   * @param metadata the value the metadata states
   * @param descriptor the value in the VIB's {@code descriptor.xml}
   */
  public record Disagreement(String field, String metadata, String descriptor) {
    public Disagreement {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(descriptor, "descriptor");
    }

    /** {@code <field>: metadata says '<x>', descriptor.xml says '<y>'}. */
    @Override
    public String toString() {
      return field
          + ": metadata says '"
          + Identifiers.printable(metadata)
          + "', descriptor.xml says '"
          + Identifiers.printable(descriptor)
          + "'";
    }
  }

  /**
   * Every disagreement between {@code metadata} and the signed {@code descriptor}, in a fixed field
   * order; empty when they agree.
   */
  public static List<Disagreement> compare(
      VibDescriptor metadata, VibDescriptor descriptor, Scope scope) {
    List<Disagreement> out = new ArrayList<>();
    field(out, "type", metadata, descriptor, VibDescriptor::type);
    field(out, "name", metadata, descriptor, VibDescriptor::name);
    field(out, "version", metadata, descriptor, d -> d.version().text());
    field(out, "vendor", metadata, descriptor, VibDescriptor::vendor);
    if (scope == Scope.SUMMARY) {
      return out;
    }
    field(out, "acceptance-level", metadata, descriptor, d -> d.acceptanceLevel().xmlValue());
    field(out, "softwarePlatform", metadata, descriptor, VibDescriptor::softwarePlatforms);
    field(out, "hwplatform", metadata, descriptor, VibDescriptor::hwPlatforms);
    field(out, "relationships", metadata, descriptor, VibDescriptor::relationships);
    field(out, "maintenance-mode", metadata, descriptor, VibDescriptor::maintenanceMode);
    field(out, "live-install-allowed", metadata, descriptor, VibDescriptor::liveInstallAllowed);
    field(out, "live-remove-allowed", metadata, descriptor, VibDescriptor::liveRemoveAllowed);
    field(out, "stateless-ready", metadata, descriptor, VibDescriptor::statelessReady);
    field(out, "overlay", metadata, descriptor, VibDescriptor::overlay);
    field(out, "payloads", metadata, descriptor, VibDescriptor::payloads);
    return out;
  }

  private static void field(
      List<Disagreement> out,
      String name,
      VibDescriptor metadata,
      VibDescriptor descriptor,
      Function<VibDescriptor, Object> value) {
    Object m = value.apply(metadata);
    Object d = value.apply(descriptor);
    // equal values print the same; only unequal ones are printed and compared as text (the
    // printed forms are what a disagreement shows). Printing every field of every VIB cost a
    // third of the descriptor probe when listing 10,000 VIBs.
    if (m.equals(d)) {
      return;
    }
    String mt = m.toString();
    String dt = d.toString();
    if (!mt.equals(dt)) {
      out.add(new Disagreement(name, mt, dt));
    }
  }
}
