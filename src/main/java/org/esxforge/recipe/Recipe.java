package org.esxforge.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.SoftwareSpec;
import org.jspecify.annotations.Nullable;

/**
 * A golden-image recipe ({@code apiVersion: esxforge/v1}, {@code kind: ImageRecipe}; issue 7), as
 * read by {@link RecipeParser}. Relative paths (depots, file adds, outputs, kickstart, trust
 * anchors) are already resolved against the recipe's folder; URLs, {@code sample:7.0} and {@code
 * ${NAME}} references are kept as written (the network layer expands them).
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the recipe file
 * @param depots depot locations as written in the recipe (what the lock records)
 * @param resolvedDepots the same, relative paths resolved (what is opened)
 * @param base a profile name or {@code latest[:…]} selector
 * @param name the new profile's name; may hold {@code ${base}}, {@code ${base.version}}, {@code
 *     ${base.build}}
 * @param vendor null = the base's
 * @param description null = the base's; substitutions as in {@code name}
 * @param adds VIB name, {@code name@version}, VIB id, or file path (resolved), in order
 * @param removes VIB names
 * @param acceptance explicit acceptance level, or null
 * @param signatureCheck false turns the signature rules off
 * @param trust CA certificate files signatures must chain to
 * @param iso the ISO to write, or null
 * @param isoWriter {@code builtin}, {@code xorriso}, {@code genisoimage} or {@code mkisofs}
 * @param bundle the offline bundle to write, or null
 * @param kickstart a ks.cfg for the ISO, or null
 * @param kernelOptions appended to {@code kernelopt=}
 * @param spec 7.0+: compose the image from this software spec (the recipe's {@code image:} block)
 *     instead of cloning {@code base}; null = clone {@code base}
 * @param hardware the host's device list ({@code hardware: FILE}): the drivers its devices need are
 *     added and its NICs and storage must be driven; null = no hardware check
 * @param pxe the PXE tree to write (a directory), or null
 */
public record Recipe(
    Path file,
    List<String> depots,
    List<String> resolvedDepots,
    String base,
    String name,
    @Nullable String vendor,
    @Nullable String description,
    List<String> adds,
    List<String> removes,
    @Nullable AcceptanceLevel acceptance,
    boolean signatureCheck,
    List<Path> trust,
    @Nullable Path iso,
    @Nullable String isoWriter,
    @Nullable Path bundle,
    @Nullable Path kickstart,
    List<String> kernelOptions,
    @Nullable SoftwareSpec spec,
    @Nullable Path hardware,
    @Nullable Path pxe) {

  public Recipe {
    Objects.requireNonNull(file, "file");
    depots = List.copyOf(depots);
    resolvedDepots = List.copyOf(resolvedDepots);
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(name, "name");
    adds = List.copyOf(adds);
    removes = List.copyOf(removes);
    trust = List.copyOf(trust);
    isoWriter = isoWriter == null ? "builtin" : isoWriter;
    kernelOptions = List.copyOf(kernelOptions);
  }

  /**
   * Command-line overrides of a recipe's fields: null / false / empty = keep the recipe's. Lists
   * are appended (extra depots, adds, removes, kernel options, trust anchors); scalars replace.
   */
  public record Overrides(
      List<String> depots,
      @Nullable String base,
      @Nullable String name,
      @Nullable String vendor,
      @Nullable String description,
      List<String> adds,
      List<String> removes,
      @Nullable AcceptanceLevel acceptance,
      boolean noSignatureCheck,
      List<Path> trust,
      @Nullable Path iso,
      @Nullable String isoWriter,
      @Nullable Path bundle,
      @Nullable Path kickstart,
      List<String> kernelOptions,
      @Nullable Path hardware,
      @Nullable Path pxe) {
    public Overrides {
      depots = List.copyOf(depots);
      adds = List.copyOf(adds);
      removes = List.copyOf(removes);
      trust = List.copyOf(trust);
      kernelOptions = List.copyOf(kernelOptions);
    }

    /** No override. */
    public static Overrides none() {
      return new Overrides(
          List.of(), null, null, null, null, List.of(), List.of(), null, false, List.of(), null,
          null, null, null, List.of(), null, null);
    }
  }

  /** This recipe with {@code o} applied (command-line paths are taken as given). */
  public Recipe with(Overrides o) {
    return new Recipe(
        file,
        concat(depots, o.depots()),
        concat(resolvedDepots, o.depots()),
        o.base() != null ? o.base() : base,
        o.name() != null ? o.name() : name,
        o.vendor() != null ? o.vendor() : vendor,
        o.description() != null ? o.description() : description,
        concat(adds, o.adds()),
        concat(removes, o.removes()),
        o.acceptance() != null ? o.acceptance() : acceptance,
        signatureCheck && !o.noSignatureCheck(),
        concatPaths(trust, o.trust()),
        o.iso() != null ? o.iso() : iso,
        o.isoWriter() != null ? o.isoWriter() : isoWriter,
        o.bundle() != null ? o.bundle() : bundle,
        o.kickstart() != null ? o.kickstart() : kickstart,
        concat(kernelOptions, o.kernelOptions()),
        spec,
        o.hardware() != null ? o.hardware() : hardware,
        o.pxe() != null ? o.pxe() : pxe);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  private static List<Path> concatPaths(List<Path> a, List<Path> b) {
    List<Path> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }
}
