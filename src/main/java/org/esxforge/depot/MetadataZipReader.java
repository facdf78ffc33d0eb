package org.esxforge.depot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.MetadataDocument;
import org.esxforge.depot.xml.MetadataXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.ParsedDescriptor;
import org.esxforge.vib.VibMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code metadata.zip} (docs/formats.md §2.1): {@code vmware.xml}, {@code vibs/*.xml},
 * {@code bulletins/*}, {@code profiles/*} and the 7.0+ release units ({@code baseimages/*}, {@code
 * addons/*}); other members are ignored. Members are inflated in central-directory order, in
 * batches of a few MiB, each batch parsed in parallel; results keep member order and the first
 * failing member (in that order) is reported, so output and errors do not depend on scheduling.
 *
 * <p>{@code vmware.xml} repeats what {@code bulletins/*} and {@code vibs/*.xml} hold in every real
 * depot. A byte scan collects its bulletin ids, VIB ids and non-empty {@code sourceUrl}s; when
 * every id is already known and no {@code sourceUrl} is set, the full parse (a third of the load
 * time of a 10,000-VIB depot) is skipped. Otherwise it is parsed fully. Stateless.
 */
final class MetadataZipReader {
  private static final long MAX_MEMBER = 64L << 20;

  /**
   * Members are inflated and parsed in batches of about this many bytes: enough to keep both cores
   * busy, small enough that a 40,000-VIB metadata zip is never held inflated as a whole.
   */
  private static final long BATCH_BYTES = 4L << 20;

  private MetadataZipReader() {}

  /** What one metadata zip holds. */
  record Content(
      @Nullable MetadataDocument vmwareXml,
      Map<VibId, VibMetadata> vibXml,
      Map<VibId, ParsedDescriptor> descriptorCopies,
      List<Bulletin> bulletins,
      List<ImageProfile> profiles,
      List<ReleaseUnit> releaseUnits) {}

  /** A member to read (at most {@code limit} bytes) and parse. */
  private record Member(String name, SafeZip.Entry entry, long limit) {
    /** True for {@code vmware.xml}, which is kept as bytes and parsed last (by its name). */
    boolean isVmwareXml() {
      return name.equals("vmware.xml");
    }
  }

  /** The bytes of vmware.xml, read in its place among the members. */
  @SuppressWarnings("ArrayRecordComponent") // kept, never compared or hashed
  private record VmwareXml(byte[] bytes) {}

  /** A member that could not be read (reported before any parse failure of its batch). */
  private record ReadFailure(IOException failure) {}

  static Content read(byte[] zipBytes, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    return read(zipBytes, source, options, budget, BATCH_BYTES, true);
  }

  /**
   * {@link #read}; {@code copies}: whether to find the {@code descriptor.xml} each {@code
   * vibs/*.xml} entry copies ({@link Content#descriptorCopies}, empty otherwise). Only the probe of
   * a local depot's VIBs uses them, and hashing every entry for them costs a listing in C1 about as
   * much again as parsing the entries (0.27 s against 0.40 s per 20,000), so an online depot's
   * reading skips it.
   */
  static Content read(
      byte[] zipBytes, String source, DepotOptions options, AtomicLong budget, boolean copies)
      throws IOException {
    return read(zipBytes, source, options, budget, BATCH_BYTES, copies);
  }

  /** {@link #read} with batches of {@code batchBytes} (tests cross batch boundaries with it). */
  static Content read(
      byte[] zipBytes, String source, DepotOptions options, AtomicLong budget, long batchBytes)
      throws IOException {
    return read(zipBytes, source, options, budget, batchBytes, true);
  }

  private static Content read(
      byte[] zipBytes,
      String source,
      DepotOptions options,
      AtomicLong budget,
      long batchBytes,
      boolean wantCopies)
      throws IOException {
    byte[] vmwareXml = null;
    Map<VibId, VibMetadata> vibs = new LinkedHashMap<>();
    Map<VibId, ParsedDescriptor> copies = new HashMap<>();
    List<Bulletin> bulletins = new ArrayList<>();
    List<ImageProfile> profiles = new ArrayList<>();
    List<ReleaseUnit> units = new ArrayList<>();
    long inBatch = 0;
    // the profiles name VIBs by id text: they share the catalog's VibId objects (1,200 profiles ×
    // 150 VIBs would otherwise be 180,000 more copies of ids the catalog already holds); each
    // profile is mapped where it is parsed (in parallel) to the ids of earlier batches, and
    // after each batch and at the end again if it named VIBs not read by then
    Map<VibId, VibId> ids = new HashMap<>();
    Set<Integer> unresolved = new TreeSet<>();
    try (SafeZip zip = SafeZip.open(zipBytes, source, options, budget)) {
      Batch b =
          new Batch(
              zip, source, wantCopies, ids, vibs, copies, bulletins, profiles, units, unresolved);
      long charged = 0; // what the batch's members will charge to the budget (their sizes)
      for (String name : zip.names()) {
        SafeZip.Entry e = Objects.requireNonNull(zip.entry(name), name); // one of its names
        if (e.isDirectory()) {
          continue;
        }
        boolean vmware = name.equals("vmware.xml");
        long limit;
        if (vmware) {
          limit = MetadataXml.MAX_BYTES;
        } else if (name.startsWith("vibs/")
            || name.startsWith("bulletins/")
            || name.startsWith("profiles/")
            || BaseImageJson.isReleaseUnitMember(name)) {
          limit = MAX_MEMBER;
        } else {
          continue;
        }
        if (budget.get() + charged + e.getSize() > options.maxMetadataBytes()) {
          // read alone, after the batch's members and before it is parsed: the same failure
          // as reading one member after the other
          b.run(new Member(name, e, limit));
          throw new IllegalStateException(name + ": read beyond the budget");
        }
        b.members.add(new Member(name, e, limit));
        charged += e.getSize(); // what reading it charges (it has its declared size, or fails)
        if (!vmware) {
          inBatch += e.getSize();
        }
        if (inBatch >= batchBytes) {
          b.run(null);
          charged = 0;
          inBatch = 0;
        }
      }
      b.run(null);
      vmwareXml = b.vmwareXml;
    }
    MetadataDocument doc = null;
    if (vmwareXml != null && !redundant(vmwareXml, vibs.keySet(), bulletins)) {
      doc = MetadataXml.parse(vmwareXml, source + "!vmware.xml");
    }
    if (vmwareXml == null && vibs.isEmpty() && bulletins.isEmpty() && profiles.isEmpty()) {
      throw new FormatException(
          source, "not a metadata zip: no vmware.xml, vibs/, bulletins/ or profiles/ member");
    }
    return new Content(doc, vibs, copies, bulletins, profiles, units);
  }

  /**
   * The members read so far and what they became. {@link #run} reads and parses the pending members
   * in parallel and adds the results in member order; it throws the first failure to read in that
   * order, else the first failure to parse (all of a batch was read before any of it was parsed,
   * one member after the other; earlier batches had none, so it is the first of the whole zip). Not
   * thread-safe.
   */
  private static final class Batch {
    final List<Member> members = new ArrayList<>();
    byte @Nullable [] vmwareXml;
    private final SafeZip zip;
    private final String source;
    private final boolean wantCopies;
    private final Map<VibId, VibId> ids;
    private final Map<VibId, VibMetadata> vibs;
    private final Map<VibId, ParsedDescriptor> copies;
    private final List<Bulletin> bulletins;
    private final List<ImageProfile> profiles;
    private final List<ReleaseUnit> units;
    private final Set<Integer> unresolved;

    @SuppressWarnings("TooManyParameters") // the reader's result collections
    Batch(
        SafeZip zip,
        String source,
        boolean wantCopies,
        Map<VibId, VibId> ids,
        Map<VibId, VibMetadata> vibs,
        Map<VibId, ParsedDescriptor> copies,
        List<Bulletin> bulletins,
        List<ImageProfile> profiles,
        List<ReleaseUnit> units,
        Set<Integer> unresolved) {
      this.zip = zip;
      this.source = source;
      this.wantCopies = wantCopies;
      this.ids = ids;
      this.vibs = vibs;
      this.copies = copies;
      this.bulletins = bulletins;
      this.profiles = profiles;
      this.units = units;
      this.unresolved = unresolved;
    }

    /**
     * Reads and parses the pending members.
     *
     * @param exceeding a member that exceeds the metadata budget: read (and so refused) after the
     *     others are read, before they are parsed
     */
    void run(@Nullable Member exceeding) throws IOException {
      Object[] parsed = new Object[members.size()];
      IntStream.range(0, members.size())
          .parallel()
          .forEach(i -> parsed[i] = readAndParse(members.get(i)));
      members.clear();
      for (Object o : parsed) {
        if (o instanceof ReadFailure f) {
          throw f.failure();
        }
      }
      if (exceeding != null) {
        zip.read(exceeding.entry(), exceeding.limit());
      }
      for (Object o : parsed) {
        add(o);
      }
      shareIds(profiles, ids, unresolved);
    }

    private Object readAndParse(Member m) {
      byte[] bytes;
      try {
        bytes = zip.read(m.entry(), m.limit());
      } catch (IOException e) {
        return new ReadFailure(e);
      }
      return m.isVmwareXml()
          ? new VmwareXml(bytes)
          : parse(m.name(), bytes, source, ids, wantCopies);
    }

    private void add(Object o) throws IOException {
      if (o instanceof IOException e) {
        throw e;
      } else if (o instanceof VmwareXml x) {
        vmwareXml = x.bytes();
      } else if (o instanceof DescriptorXml.MetadataEntry e) {
        VibMetadata m = e.metadata();
        VibId id = m.descriptor().id();
        if (vibs.putIfAbsent(id, m) == null) {
          ids.put(id, id);
          if (e.copy() != null) {
            copies.put(id, e.copy());
          }
        }
      } else if (o instanceof Bulletin b) {
        bulletins.add(b);
      } else if (o instanceof Shared p) {
        if (p.missing()) {
          unresolved.add(profiles.size());
        }
        profiles.add(p.profile());
      } else if (o instanceof ReleaseUnit u) {
        units.add(u);
      }
    }
  }

  /** A profile whose VIB ids are the catalog's own where known; {@code missing}: not all were. */
  private record Shared(ImageProfile profile, boolean missing) {}

  /**
   * Maps the profiles in {@code unresolved} (which named VIBs not read when they were mapped) again
   * with {@link #share}; those that still name unknown VIBs stay in {@code unresolved}.
   */
  private static void shareIds(
      List<ImageProfile> profiles, Map<VibId, VibId> ids, Set<Integer> unresolved) {
    List<Integer> todo = new ArrayList<>(unresolved);
    unresolved.clear();
    for (int i : todo) {
      Shared s = share(profiles.get(i), ids);
      if (s.missing()) {
        unresolved.add(i);
      }
      profiles.set(i, s.profile());
    }
  }

  /**
   * {@code p} naming its VIBs by the objects of {@code ids} (the catalog's) where it has them; the
   * same profile when it already does. Only reads {@code ids}: profiles are mapped in parallel.
   */
  @SuppressWarnings("ReferenceEquality") // sharing the same object is the point
  private static Shared share(ImageProfile p, Map<VibId, VibId> ids) {
    List<VibId> names = p.vibIds();
    VibId[] own = null;
    boolean missing = false;
    int k = 0;
    for (VibId id : names) {
      VibId known = ids.get(id);
      if (known == null) {
        missing = true;
      } else if (known != id) {
        if (own == null) {
          own = names.toArray(new VibId[0]);
        }
        own[k] = known;
      }
      k++;
    }
    if (own == null) {
      return new Shared(p, missing);
    }
    // equal ids in the same (sorted) order: the profile's constructor need not sort again
    return new Shared(
        new ImageProfile(
            p.name(),
            p.creator(),
            p.profileId(),
            p.description(),
            p.creationTime(),
            p.modifiedTime(),
            p.acceptanceLevel(),
            p.readOnly(),
            Arrays.asList(own),
            p.baseImage()),
        missing);
  }

  private static Object parse(
      String name, byte[] bytes, String source, Map<VibId, VibId> ids, boolean copies) {
    String where = source + "!" + name;
    try {
      if (name.startsWith("vibs/")) {
        return copies
            ? DescriptorXml.parseMetadataEntry(bytes, where)
            : new DescriptorXml.MetadataEntry(DescriptorXml.parseMetadata(bytes, where), null);
      } else if (name.startsWith("bulletins/")) {
        return BulletinXml.parse(bytes, where);
      } else if (name.startsWith("profiles/")) {
        return share(ProfileXml.parse(bytes, where), ids);
      }
      return BaseImageJson.parse(bytes, source, name);
    } catch (IOException e) {
      return e;
    } catch (RuntimeException e) {
      return new FormatException(where, "unreadable: " + e);
    }
  }

  /**
   * True when {@code vmware.xml} adds nothing: a DOCTYPE-free document whose every bulletin id and
   * VIB id is known and whose {@code sourceUrl}s are all empty. Any doubt (a DOCTYPE, an entity or
   * CDATA in an id) answers false, and the full parse runs.
   */
  static boolean redundant(byte[] xml, Set<VibId> vibs, List<Bulletin> bulletins) {
    if (vibs.isEmpty() || bulletins.isEmpty()) {
      return false;
    }
    String s = new String(xml, StandardCharsets.UTF_8);
    if (s.contains("<!") || s.contains("&")) {
      return false; // DOCTYPE, CDATA or escaped text: let the real parser judge
    }
    Set<String> knownBulletins = new HashSet<>();
    bulletins.forEach(b -> knownBulletins.add(b.id()));
    Set<String> knownVibs = new HashSet<>();
    vibs.forEach(v -> knownVibs.add(v.value()));
    int i = 0;
    while ((i = s.indexOf("<bulletin", i)) >= 0) {
      char c = i + 9 < s.length() ? s.charAt(i + 9) : '>';
      if (c != '>') {
        return false; // attributes or a different element: be safe
      }
      String id = text(s, "<id>", "</id>", i);
      if (id == null || !knownBulletins.contains(id.trim())) {
        return false;
      }
      i += 9;
    }
    for (int j = 0; (j = s.indexOf("<vibID", j)) >= 0; j += 6) {
      String id = text(s, "<vibID>", "</vibID>", j);
      if (id == null || !knownVibs.contains(id.trim())) {
        return false;
      }
    }
    for (int j = 0; (j = s.indexOf("<sourceUrl", j)) >= 0; j += 10) {
      if (!s.startsWith("<sourceUrl></sourceUrl>", j) && !s.startsWith("<sourceUrl/>", j)) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String text(String s, String open, String close, int from) {
    int a = s.indexOf(open, from);
    int b = a < 0 ? -1 : s.indexOf(close, a);
    return b < 0 ? null : s.substring(a + open.length(), b);
  }
}
