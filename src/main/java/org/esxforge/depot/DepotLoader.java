package org.esxforge.depot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.DepotIndexXml;
import org.esxforge.depot.xml.VendorIndex;
import org.esxforge.depot.xml.VendorIndexXml;
import org.esxforge.depot.xml.VibSummary;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Bulletin;
import org.esxforge.model.MetadataAgreement;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.ParsedDescriptor;
import org.esxforge.vib.VibArchiveInputStream;
import org.esxforge.vib.VibMember;
import org.esxforge.vib.VibMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Loads one depot from a {@link DepotTree}, resolving URLs as docs/formats.md §1.3 says:
 *
 * <ol>
 *   <li>base = the depot index URL without its last segment (a zip's or directory's root);
 *   <li>vendor directory = base, then {@code patchUrl} (online depots only; relative values are a
 *       path prefix, absolute ones replace it), then {@code relativePath} (same rule); vendor index
 *       = vendor directory + {@code indexfile};
 *   <li>metadata zip = {@code url} resolved against the vendor index;
 *   <li>VIB = {@code vibFile/sourceUrl} when it is an absolute URL, else the relative path resolved
 *       against the metadata zip's directory; for a local depot a VIB not found there is looked up
 *       from the root (an offline bundle's VIBs resolve from its root).
 * </ol>
 *
 * VIB descriptors come from {@code vibs/*.xml} (authoritative), else from the {@code vmware.xml}
 * summary with acceptance level {@code community} (the summary has none; the least trust is the
 * safe default). Not thread-safe; one instance per depot.
 */
final class DepotLoader {
  private final DepotTree tree;
  private final String location;
  private final Depots.Context ctx;
  private final AtomicLong budget = new AtomicLong();
  private DepotTree.@Nullable HttpTree remote;

  /** The result of loading one depot. */
  record Loaded(
      DepotInfo info,
      List<CatalogVib> vibs,
      List<Bulletin> bulletins,
      List<org.esxforge.model.ImageProfile> profiles,
      List<org.esxforge.depot.xml.ReleaseUnit> releaseUnits) {}

  DepotLoader(DepotTree tree, String location, Depots.Context ctx) {
    this.tree = tree;
    this.location = location;
    this.ctx = ctx;
  }

  /**
   * Loads the depot.
   *
   * @param indexUri the depot index, or null to start from a vendor index
   * @param vendorIndex the vendor index when {@code indexUri} is null; null means {@code
   *     vendor-index.xml} at the root
   * @param kind the kind, or null for a zip (component or offline bundle, decided by content)
   */
  Loaded load(
      @Nullable URI indexUri,
      byte @Nullable [] indexBytes,
      @Nullable URI vendorIndex,
      @Nullable DepotKind kind)
      throws IOException {
    List<DepotIndex.Vendor> vendors = new ArrayList<>();
    List<URI> vendorIndexes = new ArrayList<>();
    if (indexUri != null) {
      DepotIndex idx =
          DepotIndexXml.parse(
              Objects.requireNonNull(indexBytes, "the index's bytes come with its URI"),
              tree.describe(indexUri));
      vendors.addAll(idx.vendors());
      for (DepotIndex.Vendor v : idx.vendors()) {
        vendorIndexes.add(vendorIndexUri(Locations.parent(tree.located(indexUri)), v));
      }
    } else {
      vendorIndexes.add(
          vendorIndex != null ? vendorIndex : tree.root().resolve("vendor-index.xml"));
    }
    List<DepotInfo.MetadataEntry> entries = new ArrayList<>();
    Set<URI> metadataZips = new LinkedHashSet<>();
    for (URI vi : vendorIndexes) {
      VendorIndex parsedIndex =
          readParsed(
              vi,
              VendorIndexXml.MAX_BYTES,
              "vendor index listed in the depot index is missing",
              (b, shown) -> VendorIndexXml.parse(b, shown));
      for (VendorIndex.Metadata m : parsedIndex.metadata()) {
        URI mz = resolve(treeFor(vi).located(vi), m.url());
        metadataZips.add(mz);
        entries.add(
            new DepotInfo.MetadataEntry(
                m.productId(),
                m.version(),
                m.channelName(),
                Locations.isHttp(mz) ? Locations.redact(mz) : mz.getPath().substring(1)));
      }
    }
    Map<VibId, CatalogVib> vibs = new LinkedHashMap<>();
    Map<String, Bulletin> bulletins = new LinkedHashMap<>();
    List<org.esxforge.model.ImageProfile> profiles = new ArrayList<>();
    List<org.esxforge.depot.xml.ReleaseUnit> units = new ArrayList<>();
    for (URI mz : metadataZips) {
      DepotTree t = treeFor(mz);
      long before = budget.get();
      MetadataZipReader.Content c =
          readParsed(
              mz,
              ctx.options().maxMetadataBytes(),
              "metadata zip listed in the vendor index is missing",
              (zipBytes, shown) -> {
                budget.set(before); // a second reading counts once
                budget.addAndGet(zipBytes.length);
                // the descriptor copies serve only the probe of a local depot's VIBs
                return MetadataZipReader.read(zipBytes, shown, ctx.options(), budget, tree.local());
              });
      addVibs(t.located(mz), c, vibs);
      c.bulletins().forEach(b -> bulletins.putIfAbsent(b.id(), b));
      if (c.vmwareXml() != null) {
        c.vmwareXml().bulletins().forEach(b -> bulletins.putIfAbsent(b.id(), b));
      }
      profiles.addAll(c.profiles());
      units.addAll(c.releaseUnits());
    }
    DepotKind k = kind != null ? kind : zipKind(bulletins.values(), profiles, units);
    DepotInfo info =
        new DepotInfo(
            location,
            k,
            vendors,
            entries,
            vibs.size(),
            bulletins.size(),
            profiles.size(),
            units.size());
    return new Loaded(
        info, new ArrayList<>(vibs.values()), new ArrayList<>(bulletins.values()), profiles, units);
  }

  private static DepotKind zipKind(
      java.util.Collection<Bulletin> bulletins, List<?> profiles, List<?> units) {
    boolean components = !bulletins.isEmpty() && bulletins.stream().allMatch(Bulletin::isComponent);
    return components && profiles.isEmpty() && units.isEmpty()
        ? DepotKind.COMPONENT
        : DepotKind.OFFLINE_BUNDLE;
  }

  private URI vendorIndexUri(URI base, DepotIndex.Vendor v) throws FormatException {
    URI dir = base;
    if (!v.patchUrl().isEmpty() && !tree.local()) {
      dir = resolve(dir, Locations.asDirectory(v.patchUrl()));
    }
    if (!v.relativePath().isEmpty()) {
      dir = resolve(dir, Locations.asDirectory(v.relativePath()));
    }
    return resolve(dir, v.indexFile());
  }

  private URI resolve(URI base, String ref) throws FormatException {
    try {
      return Locations.resolve(base, ref);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new FormatException(location, "invalid URL reference '" + ref + "'");
    }
  }

  /**
   * The tree that reads {@code u}. A local depot (zip, folder) reads local bytes only: an absolute
   * http(s) URL in its index files is refused instead of fetched, so that opening a file never
   * makes a network request the user did not ask for.
   */
  private DepotTree treeFor(URI u) throws FormatException {
    if (!Locations.isHttp(u) || tree instanceof DepotTree.HttpTree) {
      return tree;
    }
    if (tree.local()) {
      throw new FormatException(
          location,
          "local depot refers to the remote URL '"
              + Locations.redact(u)
              + "'; a local depot is read from local files only (give that URL"
              + " with -d to use it)");
    }
    if (remote == null) {
      remote = new DepotTree.HttpTree(ctx.fetcher(), u);
    }
    return remote;
  }

  /** Parses the bytes of a depot file; {@code shown} names it in messages. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(byte[] bytes, String shown) throws IOException;
  }

  /**
   * Reads {@code u} and parses it. An online file that does not parse may be a cache entry that is
   * intact (its SHA-256 matches) but unusable: written by an older version, or garbage a depot
   * served once. It is reported (a warning), dropped from the cache and fetched once more; when
   * that copy does not parse either, the failure names the URL and the problem, and says it was
   * fetched again. The user never needs to bypass the cache to recover.
   *
   * @param missing the problem when {@code u} does not exist
   */
  private <T> T readParsed(URI u, long maxBytes, String missing, Parser<T> parser)
      throws IOException {
    DepotTree t = treeFor(u);
    String shown = t.describe(u);
    byte[] b = t.read(u, maxBytes);
    if (b == null) {
      throw new FormatException(shown, missing);
    }
    try {
      return parser.parse(b, shown);
    } catch (FormatException first) {
      if (!t.discard(u)) {
        throw first;
      }
      ctx.events().warn(first.getMessage() + "; fetching it again");
      byte[] again = t.read(u, maxBytes);
      if (again == null) {
        throw new FormatException(shown, missing);
      }
      try {
        return parser.parse(again, shown);
      } catch (FormatException second) {
        throw new FormatException(
            second.source(),
            second.entry(),
            second.offset(),
            second.problem() + " (the same when fetched again)",
            second);
      }
    }
  }

  /**
   * Adds the VIBs of one metadata zip. Each VIB is made from its metadata, given its source and, in
   * a local depot, probed (its first ar members read: the signed descriptor.xml, which is the truth
   * about the VIB, and whether sig.pkcs7 is empty), all in parallel for a local depot; failures and
   * warnings are then reported in metadata order, as one pass would: first the first failure or
   * every warning about the metadata, then the probes' warnings. Each VIB is judged as soon as it
   * is probed, so its signed descriptor is dropped at once when it agrees with the metadata
   * (holding 40,000 of them for a second pass doubled the descriptors on the heap).
   */
  private void addVibs(URI metadataZip, MetadataZipReader.Content c, Map<VibId, CatalogVib> out)
      throws IOException {
    Map<VibId, VibSummary> summaries = new LinkedHashMap<>();
    if (c.vmwareXml() != null) {
      c.vmwareXml().vibs().forEach(s -> summaries.put(s.id(), s));
    }
    Set<VibId> idSet = new LinkedHashSet<>(c.vibXml().keySet());
    idSet.addAll(summaries.keySet());
    List<VibId> ids = new ArrayList<>(idSet);
    URI metadataDir = Locations.parent(metadataZip); // once, not per VIB
    String localDir = localMember(metadataDir);
    Made[] made = new Made[ids.size()];
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, ids.size());
    if (tree.local()) {
      range = range.parallel(); // an online depot's sources are made on this thread
    }
    range.forEach(
        i -> made[i] = make(ids.get(i), c, summaries, metadataZip, metadataDir, localDir));
    boolean warned = false;
    for (Made m : made) {
      if (m.fromSummary() && !warned) {
        ctx.events()
            .warn(
                location
                    + ": no vibs/*.xml for some VIBs; using vmware.xml summaries"
                    + " (acceptance level unknown, taken as community)");
        warned = true;
      }
      m.warnings().forEach(w -> ctx.events().warn(w));
      if (m.failure() != null) {
        throw m.failure();
      }
    }
    for (Made m : made) {
      if (m.problem() != null) {
        ctx.events().warn(m.problem());
      }
      out.putIfAbsent(
          Objects.requireNonNull(m.key(), "made"), Objects.requireNonNull(m.vib(), "made"));
    }
  }

  /**
   * One VIB made from its metadata: the VIB (null after a failure) under its key, whether it came
   * from a vmware.xml summary, the warnings about its metadata, and its probe's problem.
   */
  private record Made(
      @Nullable VibId key,
      @Nullable CatalogVib vib,
      boolean fromSummary,
      List<String> warnings,
      @Nullable String problem,
      @Nullable IOException failure) {}

  /** Makes (and, in a local depot, probes) one VIB; thread-safe for a local depot. */
  private Made make(
      VibId id,
      MetadataZipReader.Content c,
      Map<VibId, VibSummary> summaries,
      URI metadataZip,
      URI metadataDir,
      @Nullable String localDir) {
    boolean fromSummary = false;
    List<String> warnings = new ArrayList<>(0);
    try {
      VibMetadata m = c.vibXml().get(id);
      VibSummary s = summaries.get(id);
      VibDescriptor d;
      if (m != null) {
        d = m.descriptor();
      } else if (s == null) {
        throw new IllegalStateException(id + ": in neither vibs/*.xml nor vmware.xml");
      } else {
        if (s.name().isEmpty()
            || s.version().isEmpty()
            || s.vendor().isEmpty()
            || s.type().isEmpty()) {
          throw new FormatException(
              location,
              "VIB '"
                  + id
                  + "' has neither a vibs/*.xml entry"
                  + " nor a name, version, vendor and vibType in vmware.xml");
        }
        d = s.toDescriptor(AcceptanceLevel.COMMUNITY);
        fromSummary = true;
      }
      String rel =
          m != null && !m.relativePath().isEmpty()
              ? m.relativePath()
              : s != null ? s.relativePath() : "";
      long size =
          m != null && m.packedSize() >= 0 ? m.packedSize() : s != null ? s.packedSize() : -1;
      Sha256 sha =
          m != null && m.vibSha256() != null ? m.vibSha256() : s != null ? s.sha256() : null;
      String sourceUrl = s != null ? s.sourceUrl() : "";
      VibSource src =
          source(metadataZip, metadataDir, localDir, id, rel, sourceUrl, size, warnings);
      if (src instanceof Sources.Remote remoteSource && sha != null) {
        src = remoteSource.withSha256(sha);
      }
      if (src instanceof Sources.ZipEntrySource z && z.entry().getName().equals(rel)) {
        rel = z.entry().getName(); // one string for both (they are equal in every zip depot)
      }
      CatalogVib v =
          new CatalogVib(
              d,
              rel,
              size,
              sha,
              Set.of(location),
              src,
              null,
              m != null ? MetadataAgreement.Scope.DESCRIPTOR : MetadataAgreement.Scope.SUMMARY);
      // the metadata's own id object (the profiles share it) when it is the same id
      VibId key = v.id().equals(id) ? id : v.id();
      Probe probe = null;
      String problem = null;
      if (tree.local() && !(src instanceof Sources.Missing) && !(src instanceof Sources.Remote)) {
        try {
          probe = probe(src, m != null ? c.descriptorCopies().get(id) : null);
        } catch (IOException e) {
          problem = e.getMessage();
        }
      }
      return new Made(key, judged(v, probe), fromSummary, warnings, problem, null);
    } catch (IOException e) {
      return new Made(null, null, fromSummary, warnings, null, e);
    }
  }

  /** {@code v} with what its probe found: whether it is signed, and its own descriptor. */
  private static CatalogVib judged(CatalogVib v, @Nullable Probe probe) {
    CatalogVib probed =
        new CatalogVib(
            v.descriptor(),
            v.relativePath(),
            v.packedSize(),
            v.sha256(),
            v.depots(),
            v.source(),
            probe == null ? null : probe.signed(),
            v.metadataScope());
    if (probe != null && probe.descriptor() != null) {
      probed = probed.withSignedDescriptor(probe.descriptor());
    }
    return probed;
  }

  /**
   * What the first ar members of a local VIB say.
   *
   * @param descriptor its own {@code descriptor.xml}, null when it is not the first member
   */
  private record Probe(Boolean signed, @Nullable ParsedDescriptor descriptor) {}

  /**
   * The member path of a local depot's directory {@code dir} ("" for the root, else ending in '/'),
   * or null when the depot is not local or the path is not a safe one (then every VIB is resolved
   * the general way, which reports the problem).
   */
  private @Nullable String localMember(URI dir) {
    if (!tree.local() || !DepotTree.LOCAL_ROOT.getScheme().equals(dir.getScheme())) {
      return null;
    }
    try {
      String m = DepotTree.member(dir, location);
      return m.isEmpty() || m.endsWith("/") ? m : null;
    } catch (FormatException e) {
      return null;
    }
  }

  /**
   * The source of one VIB.
   *
   * @param localDir the member path of {@code metadataDir} in a local depot (see {@link
   *     #localMember}): a plain relative path is looked up below it directly, without building the
   *     URI that {@link Locations#resolve} would give (the same path, see {@link
   *     Locations#isPlainRelativePath}); 20,000 URIs cost a tenth of a second
   */
  private VibSource source(
      URI metadataZip,
      URI metadataDir,
      @Nullable String localDir,
      VibId id,
      String rel,
      String sourceUrl,
      long size,
      List<String> warnings)
      throws IOException {
    if (localDir != null && Locations.isPlainRelativePath(rel)) { // a local depot
      VibSource found = tree.vibAt(localDir + rel, size);
      if (found != null) {
        return found;
      }
    }
    if (!sourceUrl.isEmpty() && Locations.isHttp(sourceUrl) && !tree.local()) {
      URI u = resolve(metadataZip, sourceUrl);
      VibSource remote = treeFor(u).vib(u, size);
      if (remote != null) {
        return remote;
      }
      warnings.add(treeFor(u).describe(u) + ": VIB listed in the depot metadata is missing");
      return new Sources.Missing(treeFor(u).describe(u));
    }
    if (rel.isEmpty()) {
      warnings.add(location + ": VIB '" + id + "' has no relative path in the metadata");
      return new Sources.Missing(location + "!" + id);
    }
    URI u = resolve(metadataDir, rel);
    VibSource src = treeFor(u).vib(u, size);
    if (src == null && tree.local()) {
      URI fromRoot = resolve(tree.root(), rel);
      src = tree.vib(fromRoot, size);
    }
    if (src == null) {
      warnings.add(treeFor(u).describe(u) + ": VIB listed in the depot metadata is missing");
      return new Sources.Missing(treeFor(u).describe(u));
    }
    return src;
  }

  /**
   * Reads the first two ar members: the VIB's own {@code descriptor.xml} (parsed and digested, so
   * that verification can reuse the parse when it reads the same bytes; a descriptor that does not
   * parse is left to verification, which reports it) and whether {@code sig.pkcs7} is non-empty.
   *
   * @param copy the descriptor.xml that the VIB's {@code vibs/*.xml} entry copies, if known: when
   *     the VIB's own has its digest, it is taken instead of parsing the same bytes
   */
  private static Probe probe(VibSource src, @Nullable ParsedDescriptor copy) throws IOException {
    String shown = src.describe(); // made once: 20,000 VIBs
    try (InputStream raw = src.open();
        VibArchiveInputStream ar = new VibArchiveInputStream(raw, shown)) {
      VibMember first = ar.nextMember();
      ParsedDescriptor descriptor = null;
      if (first != null && first.name().equals(VibMember.DESCRIPTOR)) {
        byte[] xml = ar.readMember(16 << 20);
        try {
          descriptor = ParsedDescriptor.parse(xml, shown + "!descriptor.xml", copy);
        } catch (org.esxforge.io.FormatException e) {
          descriptor = null; // verification reports it with the VIB's name
        }
      }
      VibMember second = first == null ? null : ar.nextMember();
      if (second != null && second.name().equals(VibMember.SIGNATURE)) {
        return new Probe(second.size() > 0, descriptor);
      }
      if (first != null && first.name().equals(VibMember.SIGNATURE)) {
        return new Probe(first.size() > 0, descriptor);
      }
      return new Probe(false, descriptor);
    }
  }
}
