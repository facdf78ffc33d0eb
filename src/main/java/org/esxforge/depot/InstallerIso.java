package org.esxforge.depot;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.io.FormatException;
import org.esxforge.io.TeeInputStream;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.model.Bulletin;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.PayloadChecksums;
import org.esxforge.vib.VerifiedPayloads;
import org.esxforge.vib.VibWriter;
import org.jspecify.annotations.Nullable;

/**
 * An ESXi installer ISO read as a depot ("add a driver to the ISO I already have"; docs/formats.md
 * §5). The ISO is read with esxforge's own ISO 9660 reader; nothing is mounted or extracted:
 *
 * <ul>
 *   <li>{@code IMGDB.TGZ} gives the image profile with its payload → ISO file map ({@code
 *       profiles/*}), every VIB's descriptor ({@code vibs/*.xml}, or the original bytes in {@code
 *       .xml.orig} when present) and signature ({@code .xml.sig}), and the components ({@code
 *       bulletins/*.xml});
 *   <li>each VIB is rebuilt: its module payloads are the ISO files the profile names (the files
 *       BOOT.CFG loads); the boot-loader payloads come from {@code IMGPAYLD.TGZ} ({@code
 *       var/db/payloads/<type>/<name>}); any other payload (isolinux.bin, efiboot.img, upgrade and
 *       text files) is the ISO file of the same size whose checksums match — {@code ISOLINUX.BIN}
 *       also with its boot-info-table (bytes 8–63) cleared, as the ISO writer patched it;
 *   <li>every payload is verified against its descriptor's checksums before it is used (a module as
 *       it is copied, in the same read), and the rebuilt {@code .vib} (descriptor, signature,
 *       payloads, in descriptor order) is a temporary file deleted when the catalog closes; the
 *       results go with it ({@link VerifiedPayloads}), so that a build does not check the payloads
 *       a second time. Signatures are checked later, like any depot's.
 * </ul>
 *
 * A payload that is not on the ISO, or whose bytes do not match, fails with one line naming the
 * ISO, the file and the VIB. The VIBs are rebuilt in parallel; when several fail, the first in the
 * profile's order is reported. Not thread-safe; one instance per ISO.
 */
final class InstallerIso {
  private static final String DB = "var/db/esximg/";
  private static final String PAYLOADS = "var/db/payloads/";

  /** The boot-info-table area that El Torito writers patch into a BIOS boot image. */
  private static final int BOOT_INFO_START = 8;

  private static final int BOOT_INFO_END = 64;
  private static final long MAX_ARCHIVE = 256L << 20;
  private static final long MAX_MEMBER = 64L << 20;

  /** Payload types that are boot modules, on the ISO under their local names (§5.4). */
  private static final Set<String> MODULES = Set.of("boot", "vgz", "tgz", "installer", "vzstd");

  private final Path iso;
  private final String shown;
  private final Depots.Context ctx;
  private final List<Closeable> resources;

  InstallerIso(Path iso, String shown, Depots.Context ctx, List<Closeable> resources) {
    this.iso = iso;
    this.shown = shown;
    this.ctx = ctx;
    this.resources = resources;
  }

  DepotLoader.Loaded load() throws IOException {
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      IsoFileSystem.Entry db = fs.entry("/IMGDB.TGZ");
      if (db == null) {
        throw Depots.notADepot(
            shown,
            "ISO 9660 image without IMGDB.TGZ (not an ESXi installer"
                + " ISO; give an installer ISO, an offline bundle zip or a depot)");
      }
      Map<String, byte[]> imgDb = tar(db, "", "IMGDB.TGZ");
      IsoFileSystem.Entry payld = fs.entry("/IMGPAYLD.TGZ");
      Map<String, byte[]> imgPayld =
          payld == null ? Map.of() : tar(payld, PAYLOADS + "boot/", "IMGPAYLD.TGZ");
      ProfileDocument doc = profile(imgDb);
      Map<VibId, byte[]> descriptors = new TreeMap<>();
      Map<VibId, byte[]> signatures = new HashMap<>();
      descriptors(imgDb, descriptors, signatures);
      List<VibId> ids = new ArrayList<>(doc.profile().vibIds());
      for (VibId id : ids) {
        if (!descriptors.containsKey(id)) {
          throw new FormatException(
              shown + "!IMGDB.TGZ",
              "the profile lists " + id + " but the image database has no descriptor for it");
        }
      }
      // rebuilt on every core (verifying the payloads is most of the reading of a 400 MiB ISO);
      // the first failure in profile order is the one reported, as in one pass
      CatalogVib[] rebuilt = new CatalogVib[ids.size()];
      IOException[] failures = new IOException[ids.size()];
      IntStream.range(0, ids.size())
          .parallel()
          .forEach(
              i -> {
                VibId id = ids.get(i);
                try {
                  rebuilt[i] =
                      rebuild(
                          fs,
                          imgPayld,
                          id,
                          Objects.requireNonNull(descriptors.get(id), "checked above"),
                          signatures.getOrDefault(id, new byte[0]),
                          doc.payloads().getOrDefault(id, new TreeMap<>()));
                } catch (IOException e) {
                  failures[i] = e;
                }
              });
      List<CatalogVib> vibs = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        if (failures[i] != null) {
          throw failures[i];
        }
        vibs.add(Objects.requireNonNull(rebuilt[i], "rebuilt"));
      }
      List<Bulletin> bulletins = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : imgDb.entrySet()) {
        if (e.getKey().startsWith(DB + "bulletins/") && e.getKey().endsWith(".xml")) {
          bulletins.add(BulletinXml.parse(e.getValue(), shown + "!IMGDB.TGZ!" + e.getKey()));
        }
      }
      ctx.events()
          .info(
              shown
                  + ": installer ISO, profile "
                  + doc.profile().name()
                  + ", "
                  + vibs.size()
                  + " VIBs rebuilt from its files");
      DepotInfo info =
          new DepotInfo(
              shown,
              DepotKind.INSTALLER_ISO,
              List.of(),
              List.of(),
              vibs.size(),
              bulletins.size(),
              1,
              0);
      return new DepotLoader.Loaded(info, vibs, bulletins, List.of(doc.profile()), List.of());
    }
  }

  /** The members of a gzip'd tar on the ISO (files only, those under {@code skip} left out). */
  private Map<String, byte[]> tar(IsoFileSystem.Entry e, String skip, String name)
      throws IOException {
    if (e.size() > MAX_ARCHIVE) {
      throw new FormatException(
          shown + "!" + name, e.size() + " bytes, more than the " + MAX_ARCHIVE + " read at most");
    }
    Map<String, byte[]> out = new TreeMap<>();
    long total = 0;
    try (InputStream raw = region(e.lba() * 2048L, e.size());
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        String n = t.getName().startsWith("./") ? t.getName().substring(2) : t.getName();
        if (!t.isFile() || (!skip.isEmpty() && n.startsWith(skip))) {
          continue;
        }
        if (t.getSize() > MAX_MEMBER || (total += t.getSize()) > MAX_ARCHIVE) {
          throw new FormatException(
              shown + "!" + name + "!" + n, "member too large (" + t.getSize() + " bytes)");
        }
        out.put(n, tar.readAllBytes());
      }
    } catch (java.util.zip.ZipException | IllegalArgumentException ex) {
      throw new FormatException(shown + "!" + name, "not a gzip'd tar: " + ex.getMessage());
    }
    return out;
  }

  private ProfileDocument profile(Map<String, byte[]> imgDb) throws FormatException {
    ProfileDocument doc = null;
    for (Map.Entry<String, byte[]> e : imgDb.entrySet()) {
      if (e.getKey().startsWith(DB + "profiles/")) {
        if (doc != null) {
          throw new FormatException(shown + "!IMGDB.TGZ", "more than one image profile");
        }
        doc = ProfileXml.parseDocument(e.getValue(), shown + "!IMGDB.TGZ!" + e.getKey());
      }
    }
    if (doc == null) {
      throw new FormatException(shown + "!IMGDB.TGZ", "no image profile under " + DB + "profiles/");
    }
    return doc;
  }

  /**
   * Descriptors by VIB id: the original bytes ({@code .xml.orig}) where present, else the {@code
   * .xml}; signatures from {@code .xml.sig}.
   */
  private void descriptors(
      Map<String, byte[]> imgDb, Map<VibId, byte[]> descriptors, Map<VibId, byte[]> signatures)
      throws FormatException {
    for (Map.Entry<String, byte[]> e : imgDb.entrySet()) {
      String n = e.getKey();
      if (!n.startsWith(DB + "vibs/") || !n.endsWith(".xml")) {
        continue;
      }
      byte[] orig = imgDb.get(n + ".orig");
      byte[] xml = orig != null ? orig : e.getValue();
      VibDescriptor d =
          DescriptorXml.parse(xml, shown + "!IMGDB.TGZ!" + n + (orig != null ? ".orig" : ""));
      descriptors.put(d.id(), xml);
      byte[] sig = imgDb.get(n + ".sig");
      if (sig != null) {
        signatures.put(d.id(), sig);
      }
    }
  }

  /**
   * Rebuilds one VIB from the ISO's files into a temporary {@code .vib}. A module payload (the bulk
   * of the bytes) is verified as it is copied, in the same read; every other payload before it is
   * used. The results go with the file ({@link VerifiedPayloads}), so that the build's verification
   * need not check the payloads again.
   */
  private CatalogVib rebuild(
      IsoFileSystem fs,
      Map<String, byte[]> imgPayld,
      VibId id,
      byte[] xml,
      byte[] signature,
      SortedMap<String, String> localNames)
      throws IOException {
    VibDescriptor d = DescriptorXml.parse(xml, shown + "!IMGDB.TGZ!" + id);
    List<Payload> payloads = d.payloads();
    PayloadChecksums.PayloadResult[] results = new PayloadChecksums.PayloadResult[payloads.size()];
    List<VibWriter.Entry> entries = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      Payload p = payloads.get(i);
      VibWriter.Source located;
      try {
        located = locate(fs, imgPayld, id, p, localNames.get(p.name()), results, i);
      } catch (FormatException e) {
        // a module before this payload, not checked yet, fails first: as in one pass in order
        for (VibWriter.Entry earlier : entries) {
          if (earlier.source() instanceof CheckedModule m) {
            m.checkAlone();
          }
        }
        throw e;
      }
      entries.add(new VibWriter.Entry(p.name(), located));
    }
    Files.createDirectories(ctx.options().tempDir());
    Path tmp = Files.createTempFile(ctx.options().tempDir(), "esxforge-iso-vib-", ".vib");
    synchronized (resources) { // VIBs are rebuilt in parallel
      resources.add(() -> Files.deleteIfExists(tmp));
    }
    // written in place, neither forced to disk nor moved (AtomicFiles): the file lives only as
    // long as the catalog, which deletes it, whole or not
    VibWriter.Result r;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      r = VibWriter.write(out, xml, signature, entries, org.esxforge.vib.ArHeader.ModeFormat.ZERO);
    }
    String name = id.value() + ".vib";
    VibSource src =
        new Sources.Rebuilt(
            new Sources.FileRegion(tmp, 0, r.size(), r.size(), shown + "!" + name),
            new VerifiedPayloads(r.sha256(), List.of(results)));
    return new CatalogVib(d, name, r.size(), r.sha256(), Set.of(shown), src, signature.length > 0);
  }

  /**
   * Finds the bytes of payload {@code p}; fails with one line when it cannot. A payload found by
   * its checksums, or in IMGPAYLD.TGZ, is verified here, its result put at {@code index} of {@code
   * results}; a module is verified as it is copied ({@link CheckedModule}), which puts its result
   * there then.
   */
  private VibWriter.Source locate(
      IsoFileSystem fs,
      Map<String, byte[]> imgPayld,
      VibId id,
      Payload p,
      @Nullable String localName,
      PayloadChecksums.PayloadResult[] results,
      int index)
      throws IOException {
    String what = "payload '" + p.name() + "' of " + id;
    // the profile names every payload's local file; only modules are on the ISO by that name
    IsoFileSystem.Entry named = localName == null ? null : fs.entry("/" + localName);
    boolean module = localName != null && MODULES.contains(p.type());
    if (localName != null && module && (named == null || named.directory())) {
      // BOOT.CFG loads a module by exactly this name: another file with its bytes is no stand-in
      throw new FormatException(
          shown,
          "/" + localName.toUpperCase(java.util.Locale.ROOT) + " (" + what + ") is not on the ISO");
    }
    if (named != null && !named.directory()) {
      return new CheckedModule(named, p, what, results, index);
    }
    byte[] archived = imgPayld.get(PAYLOADS + p.type() + "/" + p.name());
    if (archived != null) {
      results[index] =
          judged(
              shown + "!IMGPAYLD.TGZ!" + PAYLOADS + p.type() + "/" + p.name(),
              what,
              verify(p, new ByteArrayInputStream(archived)));
      return VibWriter.Source.of(archived, 0, archived.length);
    }
    for (IsoFileSystem.Entry e : fs.entries().values()) {
      if (e.directory() || e.size() != p.size() || p.size() > MAX_MEMBER) {
        continue;
      }
      // in memory (a small file: a boot loader, an upgrade or text file): the bytes checked are
      // the bytes copied, whose results the build then takes (VerifiedPayloads)
      byte[] b = fs.read(e, (int) MAX_MEMBER);
      PayloadChecksums.PayloadResult r = proven(p, new ByteArrayInputStream(b));
      if (r != null) {
        results[index] = r;
        return VibWriter.Source.of(b, 0, b.length);
      }
      if (p.type().equals("boot_iso_bios") && b.length >= BOOT_INFO_END) {
        java.util.Arrays.fill(b, BOOT_INFO_START, BOOT_INFO_END, (byte) 0);
        r = proven(p, new ByteArrayInputStream(b));
        if (r != null) {
          results[index] = r;
          return VibWriter.Source.of(b, 0, b.length);
        }
      }
    }
    throw new FormatException(
        shown,
        what
            + " ("
            + p.type()
            + ", "
            + p.size()
            + " bytes) is not on the ISO: no file of that size matches its checksums");
  }

  /**
   * A module payload: the ISO file BOOT.CFG loads, verified against its descriptor's checksums in
   * the same read that copies it into the VIB (a module is most of an ISO's bytes). When it does
   * not match, the copy fails with one line naming the ISO file; the temporary VIB, partly written,
   * is deleted with the catalog's other resources.
   */
  private final class CheckedModule implements VibWriter.Source {
    private final IsoFileSystem.Entry file;
    private final Payload payload;
    private final String what;
    private final PayloadChecksums.PayloadResult[] results;
    private final int index;

    CheckedModule(
        IsoFileSystem.Entry file,
        Payload payload,
        String what,
        PayloadChecksums.PayloadResult[] results,
        int index) {
      this.file = file;
      this.payload = payload;
      this.what = what;
      this.results = results;
      this.index = index;
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      try (InputStream in =
          new TeeInputStream(region(file.lba() * 2048L, file.size()), out, 8192)) {
        results[index] = judged(shown + "!" + file.path(), what, verify(payload, in));
      }
    }

    /** Verifies the file without copying it (when a later payload fails first). */
    void checkAlone() throws IOException {
      judged(
          shown + "!" + file.path(),
          what,
          verify(payload, region(file.lba() * 2048L, file.size())));
    }
  }

  /**
   * {@code r} when the payload passed; else the one-line failure naming where its bytes are ({@code
   * where}) and which payload of which VIB it is ({@code what}).
   */
  private static PayloadChecksums.PayloadResult judged(
      String where, String what, PayloadChecksums.PayloadResult r) throws FormatException {
    if (!r.ok()) {
      throw new FormatException(where, what + ": " + String.join("; ", r.problems()));
    }
    return r;
  }

  /** Reads {@code in} to its end and closes it: the payload's checksums, judged. */
  private static PayloadChecksums.PayloadResult verify(Payload p, InputStream in)
      throws IOException {
    try (InputStream raw = in) {
      return PayloadChecksums.verify(p, raw);
    }
  }

  /** The result when {@code in} passes at least one checksum of {@code p} and fails none. */
  private static PayloadChecksums.@Nullable PayloadResult proven(Payload p, InputStream in)
      throws IOException {
    PayloadChecksums.PayloadResult r = verify(p, in);
    return r.ok()
            && r.results().stream().anyMatch(x -> x.outcome() == PayloadChecksums.Outcome.PASS)
        ? r
        : null;
  }

  private InputStream region(long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(iso, StandardOpenOption.READ);
    ch.position(offset);
    // closing the bounded stream closes the channel's stream, and so the channel
    return org.apache.commons.io.input.BoundedInputStream.builder()
        .setInputStream(Channels.newInputStream(ch))
        .setMaxCount(length)
        .setPropagateClose(true)
        .get();
  }
}
