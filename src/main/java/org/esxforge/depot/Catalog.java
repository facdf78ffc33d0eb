package org.esxforge.depot;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DeviceMaps;

/**
 * Everything the opened depots hold: VIBs (one entry per id, whichever depots had it),
 * bulletins/components, image profiles, base images and add-ons. Built by {@link Depots#open}.
 *
 * <p>Immutable and thread-safe. {@link #close()} releases open zip files, HTTP pools and temporary
 * files; VIB sources must not be used afterwards.
 */
public final class Catalog implements Closeable {
  private final List<DepotInfo> depots;
  private final SortedMap<VibId, CatalogVib> vibs;
  private final SortedMap<VibId, VibDescriptor> descriptors;
  private final Map<String, List<CatalogVib>> byName;
  private final List<ImageProfile> profiles;
  private final List<Bulletin> bulletins;
  private final List<ReleaseUnit> releaseUnits;
  private final List<Bulletin> components;
  private final Map<String, List<Bulletin>> componentsByName;
  private final List<Closeable> resources;
  private final java.util.concurrent.ConcurrentMap<VibId, List<DeviceClaim>> claims =
      new java.util.concurrent.ConcurrentHashMap<>();

  Catalog(
      List<DepotInfo> depots,
      SortedMap<VibId, CatalogVib> vibs,
      List<ImageProfile> profiles,
      List<Bulletin> bulletins,
      List<ReleaseUnit> releaseUnits,
      List<Closeable> resources) {
    this.depots = List.copyOf(depots);
    this.vibs = Collections.unmodifiableSortedMap(new TreeMap<>(vibs));
    TreeMap<VibId, VibDescriptor> d = new TreeMap<>();
    this.vibs.forEach((id, v) -> d.put(id, v.descriptor()));
    this.descriptors = Collections.unmodifiableSortedMap(d);
    Map<String, List<CatalogVib>> names = new HashMap<>();
    for (CatalogVib v : this.vibs.values()) {
      names.computeIfAbsent(v.descriptor().name(), k -> new ArrayList<>()).add(v);
    }
    Comparator<CatalogVib> newestFirst =
        Comparator.comparing((CatalogVib v) -> v.descriptor().version())
            .reversed()
            .thenComparing(CatalogVib::id);
    // most names have one version: no stream and comparator for those
    names.replaceAll(
        (k, l) -> l.size() == 1 ? List.of(l.get(0)) : l.stream().sorted(newestFirst).toList());
    this.byName = names;
    this.profiles = profiles.stream().sorted(Comparator.comparing(ImageProfile::name)).toList();
    this.bulletins = bulletins.stream().sorted(Comparator.comparing(Bulletin::id)).toList();
    this.releaseUnits =
        releaseUnits.stream().sorted(Comparator.comparing(ReleaseUnit::effectiveId)).toList();
    this.resources = List.copyOf(resources);
    this.components =
        this.bulletins.stream()
            .filter(Bulletin::isComponent)
            .sorted(
                Comparator.comparing(Bulletin::componentName)
                    .thenComparing(Catalog::componentVersion, Comparator.reverseOrder())
                    .thenComparing(Bulletin::id))
            .toList();
    Map<String, List<Bulletin>> byComponentName = new HashMap<>();
    for (Bulletin b : this.components) {
      byComponentName.computeIfAbsent(b.componentName(), k -> new ArrayList<>()).add(b);
    }
    byComponentName.replaceAll((k, l) -> List.copyOf(l));
    this.componentsByName = byComponentName;
  }

  private static org.esxforge.model.SoftwareVersion componentVersion(Bulletin b) {
    return new org.esxforge.model.SoftwareVersion(b.componentVersion());
  }

  /** The depots in the order given. */
  public List<DepotInfo> depots() {
    return depots;
  }

  /** Every VIB by id. */
  public SortedMap<VibId, CatalogVib> vibs() {
    return vibs;
  }

  /** Every VIB's descriptor by id: the lookup that profile editing, validation and diffs take. */
  public SortedMap<VibId, VibDescriptor> descriptors() {
    return descriptors;
  }

  /** Image profiles sorted by name. */
  public List<ImageProfile> profiles() {
    return profiles;
  }

  /** Bulletins and components sorted by id. */
  public List<Bulletin> bulletins() {
    return bulletins;
  }

  /** Base images, add-ons, manifests and solutions sorted by release id. */
  public List<ReleaseUnit> releaseUnits() {
    return releaseUnits;
  }

  public List<ReleaseUnit> baseImages() {
    return releaseUnits.stream().filter(ReleaseUnit::isBaseImage).toList();
  }

  public List<ReleaseUnit> addOns() {
    return releaseUnits.stream().filter(ReleaseUnit::isAddOn).toList();
  }

  /** Manifests (hardware support packages), sorted by release id. */
  public List<ReleaseUnit> manifests() {
    return releaseUnits.stream().filter(ReleaseUnit::isManifest).toList();
  }

  /** Solutions, sorted by release id. */
  public List<ReleaseUnit> solutions() {
    return releaseUnits.stream().filter(ReleaseUnit::isSolution).toList();
  }

  public Optional<CatalogVib> vib(VibId id) {
    return Optional.ofNullable(vibs.get(id));
  }

  /** Every VIB called {@code name}, newest first ({@code SoftwareVersion} order). */
  public List<CatalogVib> vibsNamed(String name) {
    return byName.getOrDefault(name, List.of());
  }

  public Optional<ImageProfile> profile(String name) {
    return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Every 7.0+ component (a bulletin with name and version specs, docs/formats.md §2.3), by name,
   * newest version first ({@code SoftwareVersion} order).
   */
  public List<Bulletin> components() {
    return components;
  }

  /** The components called {@code name}, newest first. */
  public List<Bulletin> componentsNamed(String name) {
    return componentsByName.getOrDefault(name, List.of());
  }

  /** The component {@code name} at exactly {@code version}. */
  public Optional<Bulletin> component(String name, String version) {
    return componentsNamed(name).stream()
        .filter(b -> b.componentVersion().equals(version))
        .findFirst();
  }

  /** The base image whose {@code versionSpec.version} is {@code version}. */
  public Optional<ReleaseUnit> baseImage(String version) {
    return baseImages().stream().filter(u -> u.version().equals(version)).findFirst();
  }

  /** The base image with this release id (e.g. {@code ESXi:8.0.3-0.35.24280767}). */
  public Optional<ReleaseUnit> baseImageById(String releaseId) {
    return baseImages().stream().filter(u -> u.effectiveId().equals(releaseId)).findFirst();
  }

  /** The bulletin or component with this id. */
  public Optional<Bulletin> bulletin(String id) {
    return bulletins.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * The devices a VIB claims (its payloads' device maps, docs/formats.md §4.3), read on first
   * request and kept for the life of the catalog. VIBs whose descriptor names no device map are
   * answered without reading them; the others are streamed once from their depot (through the cache
   * for online depots).
   */
  public List<DeviceClaim> deviceClaims(VibId id) throws IOException {
    List<DeviceClaim> known = claims.get(id);
    if (known != null) {
      return known;
    }
    CatalogVib v = vibs.get(id);
    if (v == null) {
      throw new IllegalArgumentException("not in the catalog: " + id);
    }
    List<DeviceClaim> read =
        DeviceMaps.mayClaim(v.descriptor())
            ? DeviceMaps.read(v.descriptor(), v.source().open(), v.source().describe())
            : List.of();
    List<DeviceClaim> prior = claims.putIfAbsent(id, read);
    return prior != null ? prior : read;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : resources) {
      try {
        c.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
