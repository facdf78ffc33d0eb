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
    if (metadata.equals(descriptor)) {
      return List.of(); // equal values print alike; one object (the catalog's, mostly) at once
    }
    List<Disagreement> out = new ArrayList<>();
    field(out, "type", metadata, descriptor, VibDescriptor::type, Object::toString);
    field(out, "name", metadata, descriptor, VibDescriptor::name, Object::toString);
    field(out, "version", metadata, descriptor, VibDescriptor::version, SoftwareVersion::text);
    field(out, "vendor", metadata, descriptor, VibDescriptor::vendor, Object::toString);
    if (scope == Scope.SUMMARY) {
      return out;
    }
    field(
        out,
        "acceptance-level",
        metadata,
        descriptor,
        VibDescriptor::acceptanceLevel,
        AcceptanceLevel::xmlValue);
    field(
        out,
        "softwarePlatform",
        metadata,
        descriptor,
        VibDescriptor::softwarePlatforms,
        Object::toString);
    field(out, "hwplatform", metadata, descriptor, VibDescriptor::hwPlatforms, Object::toString);
    field(
        out, "relationships", metadata, descriptor, VibDescriptor::relationships, Object::toString);
    field(
        out,
        "maintenance-mode",
        metadata,
        descriptor,
        VibDescriptor::maintenanceMode,
        Object::toString);
    field(
        out,
        "live-install-allowed",
        metadata,
        descriptor,
        VibDescriptor::liveInstallAllowed,
        Object::toString);
    field(
        out,
        "live-remove-allowed",
        metadata,
        descriptor,
        VibDescriptor::liveRemoveAllowed,
        Object::toString);
    field(
        out,
        "stateless-ready",
        metadata,
        descriptor,
        VibDescriptor::statelessReady,
        Object::toString);
    field(out, "overlay", metadata, descriptor, VibDescriptor::overlay, Object::toString);
    field(out, "payloads", metadata, descriptor, VibDescriptor::payloads, Object::toString);
    return out;
  }

  /**
   * Adds a disagreement when the two values print differently. Values that are equal print alike
   * (records, strings, enums and lists of them, all the way down), so the text, which for payloads
   * and relationships costs far more than the comparison, is only made when they differ.
   */
  private static <T> void field(
      List<Disagreement> out,
      String name,
      VibDescriptor metadata,
      VibDescriptor descriptor,
      Function<VibDescriptor, T> value,
      Function<? super T, String> text) {
    T m = value.apply(metadata);
    T d = value.apply(descriptor);
    if (Objects.equals(m, d)) {
      return;
    }
    String mt = text.apply(m);
    String dt = text.apply(d);
    if (!mt.equals(dt)) {
      out.add(new Disagreement(name, mt, dt));
    }
  }
}
