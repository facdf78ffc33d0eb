package org.esxforge.build;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.esxforge.depot.DepotOptions;
import org.esxforge.io.UserSetting;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.PciDevice;
import org.esxforge.model.SoftwareSpec;
import org.esxforge.vib.TrustStore;
import org.jspecify.annotations.Nullable;

/**
 * Everything one {@code esxforge build} needs (issue 5). Build with {@link #builder()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param depots the {@code -d} locations, opened into one catalog
 * @param base a profile name, or {@code latest}, {@code latest:standard}, {@code latest:no-tools},
 *     {@code latest:<version>} (e.g. {@code latest:7.0}, {@code latest:8.0U3})
 * @param name the new profile's name (required)
 * @param vendor the new profile's vendor (creator), null to keep the base's
 * @param description null to keep the base's
 * @param adds each a VIB name (newest), {@code name@version}, a VIB id, the path of a {@code .vib},
 *     or the path of a bundle/component zip or depot folder (everything in it, newest per name); in
 *     order
 * @param vibList null to start from the base's VIBs; else start from exactly these (each a name,
 *     {@code name@version}, VIB id or {@code .vib} path), the base supplying only its other fields
 * @param removes VIB names, removed after the adds
 * @param acceptance explicit profile acceptance level (the only way to admit lower VIBs), or null
 * @param iso the ISO to write, or null
 * @param bundle the offline bundle zip to write, or null
 * @param kickstart a {@code ks.cfg} to put on the ISO as {@code KS.CFG}, or null
 * @param kernelOpts options appended to {@code kernelopt=}
 * @param isoWriter {@code builtin}, {@code genisoimage}, {@code mkisofs} or {@code xorriso}
 * @param signatureCheck false = {@code --no-signature-check}
 * @param trust the anchors signatures must chain to (docs/trust.md): the built-in VMware store,
 *     {@code --trust} files, the sample CA for the sample's own VIBs
 * @param force export even when validation finds problems (each printed as a WARNING)
 * @param buildTime every timestamp of the outputs; null = the base profile's creation time
 * @param depotOptions how depots are opened (temp dir, limits)
 * @param spec a software spec to compose the image from (base image, add-on, components) instead of
 *     cloning {@code base}; null = clone {@code base}
 * @param hardware the host's PCI devices ({@code --for-hardware}): the drivers they need are added,
 *     and a network or storage controller left without one is a validation problem; empty = no
 *     hardware check
 * @param pxe the PXE boot tree to write (a directory), or null
 * @param dryRun resolve, verify, validate and plan, but write nothing ({@code --dry-run})
 */
public record BuildRequest(
    List<String> depots,
    String base,
    String name,
    @Nullable String vendor,
    @Nullable String description,
    @Nullable List<AddSpec> vibList,
    List<AddSpec> adds,
    List<String> removes,
    @Nullable AcceptanceLevel acceptance,
    @Nullable Path iso,
    @Nullable Path bundle,
    @Nullable Path kickstart,
    List<String> kernelOpts,
    String isoWriter,
    boolean signatureCheck,
    TrustStore trust,
    boolean force,
    @Nullable Instant buildTime,
    DepotOptions depotOptions,
    @Nullable SoftwareSpec spec,
    List<PciDevice> hardware,
    @Nullable Path pxe,
    boolean dryRun) {

  public BuildRequest {
    depots = List.copyOf(depots);
    Objects.requireNonNull(base, "base");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the new profile needs a name");
    }
    vibList = vibList == null ? null : List.copyOf(vibList);
    adds = List.copyOf(adds);
    removes = List.copyOf(removes);
    kernelOpts = List.copyOf(kernelOpts);
    isoWriter = isoWriter == null ? "builtin" : isoWriter;
    trust = trust == null ? TrustStore.builtIn() : trust;
    depotOptions = depotOptions == null ? DepotOptions.defaults() : depotOptions;
    hardware = hardware == null ? List.of() : List.copyOf(hardware);
  }

  /** This request with {@code more} appended to its adds (the drivers a hardware list needs). */
  BuildRequest withAdds(List<String> more) {
    List<AddSpec> all = new ArrayList<>(adds);
    more.forEach(m -> all.add(AddSpec.parse(m)));
    return new BuildRequest(
        depots,
        base,
        name,
        vendor,
        description,
        vibList,
        all,
        removes,
        acceptance,
        iso,
        bundle,
        kickstart,
        kernelOpts,
        isoWriter,
        signatureCheck,
        trust,
        force,
        buildTime,
        depotOptions,
        spec,
        hardware,
        pxe,
        dryRun);
  }

  /**
   * Whether the build writes an installer image (an ISO or a PXE tree): only then is one planned,
   * and only then does it need each VIB's {@code descriptor.xml} and {@code sig.pkcs7} (IMGDB.TGZ).
   */
  public boolean writesImage() {
    return iso != null || pxe != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Fills a {@link BuildRequest} step by step. Not thread-safe. */
  public static final class Builder {
    private final List<String> depots = new ArrayList<>();
    private String base = "latest";
    private @Nullable String name;
    private @Nullable String vendor;
    private @Nullable String description;
    private @Nullable List<AddSpec> vibList;
    private final List<AddSpec> adds = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private @Nullable AcceptanceLevel acceptance;
    private @Nullable Path iso;
    private @Nullable Path bundle;
    private @Nullable Path kickstart;
    private final List<String> kernelOpts = new ArrayList<>();
    private String isoWriter = "builtin";
    private boolean signatureCheck = true;
    private TrustStore trust = TrustStore.builtIn();
    private boolean force;
    private @Nullable Path pxe;
    private boolean dryRun;
    private @Nullable Instant buildTime;
    private @Nullable DepotOptions depotOptions;
    private @Nullable SoftwareSpec spec;
    private final List<PciDevice> hardware = new ArrayList<>();

    public Builder depot(String d) {
      depots.add(d);
      return this;
    }

    public Builder depots(List<String> d) {
      depots.addAll(d);
      return this;
    }

    public Builder base(String v) {
      base = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder vendor(@Nullable String v) {
      vendor = v;
      return this;
    }

    public Builder description(@Nullable String v) {
      description = v;
      return this;
    }

    /** Start from exactly these VIBs instead of the base's. */
    public Builder vibList(List<String> v) {
      vibList = v == null ? null : new ArrayList<>(v.stream().map(AddSpec::parse).toList());
      return this;
    }

    /** An add as the user typed it ({@link AddSpec#parse}). */
    public Builder add(String v) {
      return add(AddSpec.parse(v));
    }

    public Builder add(AddSpec v) {
      adds.add(v);
      return this;
    }

    public Builder remove(String v) {
      removes.add(v);
      return this;
    }

    public Builder acceptance(@Nullable AcceptanceLevel v) {
      acceptance = v;
      return this;
    }

    public Builder iso(@Nullable Path v) {
      iso = v;
      return this;
    }

    public Builder bundle(@Nullable Path v) {
      bundle = v;
      return this;
    }

    public Builder kickstart(@Nullable Path v) {
      kickstart = v;
      return this;
    }

    public Builder kernelOpt(String v) {
      kernelOpts.add(v);
      return this;
    }

    /** The ISO writer; null = {@code builtin}. */
    public Builder isoWriter(@Nullable String v) {
      isoWriter = v == null ? "builtin" : v;
      return this;
    }

    public Builder signatureCheck(boolean v) {
      signatureCheck = v;
      return this;
    }

    /** Adds {@code v} as {@code --trust} anchors beside the store's. */
    public Builder trust(List<X509Certificate> v) {
      trust = trust.plus(v, UserSetting.TRUST.toString());
      return this;
    }

    /** Replaces the trust store (default: {@link TrustStore#builtIn()}). */
    public Builder trustStore(TrustStore v) {
      trust = java.util.Objects.requireNonNull(v, "v");
      return this;
    }

    public Builder force(boolean v) {
      force = v;
      return this;
    }

    public Builder buildTime(@Nullable Instant v) {
      buildTime = v;
      return this;
    }

    public Builder depotOptions(DepotOptions v) {
      depotOptions = v;
      return this;
    }

    /** Compose the image from this software spec instead of cloning {@code base}. */
    public Builder spec(@Nullable SoftwareSpec v) {
      spec = v;
      return this;
    }

    /** The host's devices: add the drivers they need and require their NICs and storage. */
    public Builder hardware(List<PciDevice> v) {
      hardware.addAll(v);
      return this;
    }

    public Builder pxe(@Nullable Path v) {
      pxe = v;
      return this;
    }

    public Builder dryRun(boolean v) {
      dryRun = v;
      return this;
    }

    public BuildRequest build() {
      if (name == null) {
        throw new IllegalArgumentException("the new profile needs a name (--name)");
      }
      return new BuildRequest(
          depots,
          base,
          name,
          vendor,
          description,
          vibList,
          adds,
          removes,
          acceptance,
          iso,
          bundle,
          kickstart,
          kernelOpts,
          isoWriter,
          signatureCheck,
          trust,
          force,
          buildTime,
          depotOptions == null ? DepotOptions.defaults() : depotOptions,
          spec,
          hardware,
          pxe,
          dryRun);
    }
  }
}
