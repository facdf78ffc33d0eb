package org.esxforge.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.io.ContainedPaths;
import org.esxforge.io.FormatException;
import org.esxforge.io.NonClosingOutputStream;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileIds;
import org.esxforge.vib.DescriptorXml;

/**
 * Writes the installer's {@code IMGDB.TGZ} (docs/formats.md §8.3, which supersedes §5.7), {@code
 * IMGPAYLD.TGZ} (§5.8), {@code BASEMISC.TGZ} and {@code RESVIBS.TGZ} (§8.4), deterministically.
 *
 * <p>{@code IMGDB.TGZ} members, in this order (every directory has its own entry, 0755; files 0644;
 * owner 0/0 — the shape of the real 6.7 and 7.0 host databases):
 *
 * <pre>
 * var/db/esximg/vibs/&lt;name&gt;-&lt;hash&gt;.xml       the descriptor re-serialised as an installer does
 *                                           ({@link DescriptorXml#writeDatabase}); file name by
 *                                           {@link DescriptorXml#metadataFileName} (VMware's hash
 *                                           is random; any stable value of its shape will do)
 * var/db/esximg/vibs/&lt;name&gt;-&lt;hash&gt;.xml.orig  the VIB's descriptor.xml, byte for byte
 * var/db/esximg/vibs/&lt;name&gt;-&lt;hash&gt;.xml.sig   the VIB's sig.pkcs7, byte for byte; none for an
 *                                           unsigned VIB (empty sig.pkcs7) [G]
 * var/db/esximg/profiles/&lt;quoted name&gt;&lt;n&gt;   the profile, no extension ({@link #profileFileName}),
 *                                           {@link ProfileXml#writeDatabase}: every payload of
 *                                           every VIB with its local name (the names of BOOT.CFG
 *                                           for modules); VIBs without a module payload carry
 *                                           {@code <boot>false</boot>} [G: which VIBs VMware
 *                                           marks is not observed]
 * var/db/esximg/bulletins/&lt;id&gt;.xml             each bulletin/component given (7.0+)
 * var/db/esximg/reservedComponents/&lt;id&gt;.xml    each reserved component given (7.0+)
 * var/db/esximg/&lt;dir&gt;/&lt;name&gt;               each further {@link Document} (base images, add-ons)
 * </pre>
 *
 * The profile's {@code profileID} is its own when it has VMware's shape (32 hex digits; esxforge
 * derives one for every profile it creates, {@link ProfileIds}), otherwise derived the same way.
 *
 * <p>{@code IMGPAYLD.TGZ} [G, §5.8]: {@code var/db/payloads/boot/<local name>} for every {@code
 * boot}-type module payload (the installer copies them from there, WEASEL-CACHE), then the disk
 * boot-loader payloads ({@code boot_com32_bios}, {@code boot_loader_efi}) as {@code
 * var/db/payloads/<type>/<payload name>}, VIBs in id order, payloads in descriptor order.
 *
 * <p>Normalised metadata: ustar/POSIX tar, uid/gid 0, owner {@code root:root}, files 0644,
 * directories 0755, every mtime = the plan's instant (BASEMISC: 0, as VMware's); gzip header mtime
 * = that instant, OS 255 (unknown), no file name, default compression level. Same input → same
 * bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImgDb {
  private static final String DB = "var/db/esximg/";

  /** Longest quoted profile name in the profile's file name (§8.3). */
  static final int PROFILE_NAME_MAX = 50;

  private ImgDb() {}

  /**
   * A VIB's database files.
   *
   * @param descriptorXml the VIB's original {@code descriptor.xml} bytes ({@code .xml.orig})
   * @param signature the {@code sig.pkcs7} bytes; size 0 for an unsigned VIB
   */
  public record VibFiles(IsoSource descriptorXml, IsoSource signature) {
    public VibFiles {
      Objects.requireNonNull(descriptorXml, "descriptorXml");
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * A further database document, stored as {@code var/db/esximg/<directory>/<fileName>} (e.g. a
   * 7.0+ base image or add-on). Both parts are single path segments of {@code [A-Za-z0-9._-]}.
   */
  @SuppressWarnings("ArrayRecordComponent") // bytes carried to the writer, never compared or hashed
  public record Document(String directory, String fileName, byte[] bytes) {
    public Document {
      for (String s : new String[] {directory, fileName}) {
        if (s.isEmpty() || !s.equals(ImgDb.fileName(s)) || s.startsWith(".")) {
          throw new IllegalArgumentException("not a plain path segment: '" + s + "'");
        }
      }
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * Writes {@code IMGDB.TGZ} to {@code out} (not closed).
   *
   * @param descriptors the profile's descriptors (for names)
   * @param files the database files of every VIB of the profile
   * @param bulletins bulletins/components to store under {@code bulletins/}
   * @param reserved reserved components to store under {@code reservedComponents/}
   */
  public static void writeImgDb(
      ImageProfile profile,
      ModulePlan plan,
      Map<VibId, VibDescriptor> descriptors,
      Map<VibId, VibFiles> files,
      List<Bulletin> bulletins,
      List<Bulletin> reserved,
      Instant mtime,
      OutputStream out)
      throws IOException, ImagePlanException {
    writeImgDb(profile, plan, descriptors, files, bulletins, reserved, List.of(), mtime, out);
  }

  /** As above, plus further {@code documents}. */
  public static void writeImgDb(
      ImageProfile profile,
      ModulePlan plan,
      Map<VibId, VibDescriptor> descriptors,
      Map<VibId, VibFiles> files,
      List<Bulletin> bulletins,
      List<Bulletin> reserved,
      List<Document> documents,
      Instant mtime,
      OutputStream out)
      throws IOException, ImagePlanException {
    for (VibId id : profile.vibIds()) {
      if (!descriptors.containsKey(id) || !files.containsKey(id)) {
        throw new ImagePlanException(
            id
                + ": no descriptor or database files for IMGDB.TGZ; supply the VIB's descriptor.xml"
                + " and sig.pkcs7");
      }
    }
    String profileId =
        ProfileIds.isVmwareShaped(profile.profileId())
            ? profile.profileId()
            : ProfileIds.derive(profile);
    try (TarWriter tar = new TarWriter(out, mtime)) {
      tar.dirs(DB + "vibs/");
      for (VibId id : profile.vibIds()) {
        VibDescriptor d = Objects.requireNonNull(descriptors.get(id), "descriptor of " + id);
        String name = DB + "vibs/" + DescriptorXml.metadataFileName(id, d.name());
        VibFiles f = Objects.requireNonNull(files.get(id), "files of " + id);
        tar.bytes(name, DescriptorXml.writeDatabase(d));
        tar.source(name + ".orig", f.descriptorXml());
        if (f.signature().size() > 0) {
          tar.source(name + ".sig", f.signature());
        }
      }
      tar.dirs(DB + "profiles/");
      tar.bytes(
          DB + "profiles/" + profileFileName(profile.name(), profileId),
          ProfileXml.writeDatabase(
              profile, profileId, plan.payloadLocalNames(), notBooted(profile, plan)));
      writeBulletins(tar, "bulletins/", bulletins);
      writeBulletins(tar, "reservedComponents/", reserved);
      SortedMap<String, Document> docs = new TreeMap<>();
      for (Document d : documents) {
        docs.put(d.directory() + "/" + d.fileName(), d);
      }
      for (Map.Entry<String, Document> e : docs.entrySet()) {
        tar.dirs(DB + e.getValue().directory() + "/");
        tar.bytes(DB + e.getKey(), e.getValue().bytes());
      }
    }
  }

  private static void writeBulletins(TarWriter tar, String dir, List<Bulletin> bs)
      throws IOException {
    if (!bs.isEmpty()) {
      tar.dirs(DB + dir);
      for (Bulletin b : sorted(bs)) {
        tar.bytes(DB + dir + fileName(b.id()) + ".xml", BulletinXml.write(b));
      }
    }
  }

  /** VIBs of {@code profile} none of whose payloads is a boot module. */
  static Set<VibId> notBooted(ImageProfile profile, ModulePlan plan) {
    Set<VibId> out = new TreeSet<>(profile.vibIds());
    for (ModulePlan.Module m : plan.all()) {
      if (!m.generated()) {
        out.remove(m.requirePayload().vibId());
      }
    }
    return out;
  }

  /**
   * {@code <name, URL-quoted, cut to 50 characters><n>}, n = the first 8 hex digits of the profile
   * id as an unsigned decimal (§8.3: VMware appends a process-random hash; the real 6.7 host's file
   * is {@code ESXi-6.7.0-8169922-standard452839153}). Quoting keeps {@code [A-Za-z0-9_.-]} and
   * writes every other UTF-8 byte as {@code %XX}, {@code /} included, so the name is one path
   * segment.
   */
  static String profileFileName(String name, String profileId) {
    StringBuilder b = new StringBuilder();
    for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      b.append(ok ? String.valueOf((char) c) : String.format(Locale.ROOT, "%%%02X", c & 0xff));
    }
    String quoted = b.length() > PROFILE_NAME_MAX ? b.substring(0, PROFILE_NAME_MAX) : b.toString();
    return quoted + Long.parseLong(profileId.substring(0, 8), 16);
  }

  /** Writes {@code IMGPAYLD.TGZ} to {@code out} (not closed), streaming every payload. */
  public static void writeImgPayld(
      ModulePlan plan,
      Map<VibId, VibDescriptor> descriptors,
      PayloadSource sources,
      Instant mtime,
      OutputStream out)
      throws IOException {
    try (TarWriter tar = new TarWriter(out, mtime)) {
      tar.dirs("var/db/payloads/boot/");
      for (ModulePlan.Module m : plan.all()) {
        if (!m.generated() && m.payloadType().equals("boot")) {
          tar.source("var/db/payloads/boot/" + m.localName(), sources.open(m.requirePayload()));
        }
      }
      for (String type : List.of("boot_com32_bios", "boot_loader_efi")) {
        List<PayloadRef> refs = new ArrayList<>();
        for (VibDescriptor d : new TreeMap<>(descriptors).values()) {
          for (Payload p : d.payloads()) {
            if (p.type().equals(type)) {
              refs.add(new PayloadRef(d.id(), p.name()));
            }
          }
        }
        if (!refs.isEmpty()) {
          tar.dirs("var/db/payloads/" + type + "/");
          for (PayloadRef r : refs) {
            tar.source("var/db/payloads/" + type + "/" + r.payloadName(), sources.open(r));
          }
        }
      }
    }
  }

  /**
   * Payload types whose payloads the installer sees mounted under {@code /tardisks} (§5.8): {@code
   * vgz tgz vzstd installer}. Every other payload of the base image goes into BASEMISC.TGZ.
   */
  public static final Set<String> TARDISK_TYPES = Set.of("vgz", "tgz", "vzstd", "installer");

  /** Where RESVIBS.TGZ puts the reserved VIBs (§8.4: the installer refills this directory). */
  public static final String RESERVED_VIBS_DIR = "var/vmware/lifecycle/hostSeed/reservedVibs/";

  /**
   * Writes {@code BASEMISC.TGZ} (§8.4) to {@code out} (not closed): {@code var/db/payloads/<payload
   * type>/<payload name>} for every payload of the base image's VIBs whose type is not a {@link
   * #TARDISK_TYPES tardisk type} — the boot-type payloads, which mboot consumes and the installer
   * never sees ({@code boot/useropts}, the path a KB names), and every payload that is not a module
   * at all ({@code boot_loader_efi/BOOTx64.EFI}, the boot loaders, upgrade and text files). Members
   * sorted by path; every mtime 0 (as VMware's); owner 0/0.
   *
   * @param baseVibs the descriptors of the base image's VIBs in the image
   * @throws ImagePlanException when a payload name is not one path segment, or two payloads of one
   *     type share a name
   */
  public static void writeBaseMisc(
      Collection<VibDescriptor> baseVibs, PayloadSource sources, OutputStream out)
      throws IOException, ImagePlanException {
    SortedMap<String, PayloadRef> members = new TreeMap<>();
    for (VibDescriptor d : new TreeMap<>(byId(baseVibs)).values()) {
      for (Payload p : d.payloads()) {
        if (TARDISK_TYPES.contains(p.type())) {
          continue;
        }
        PayloadRef r = new PayloadRef(d.id(), p.name());
        String path = "var/db/payloads/" + segment(p.type(), r) + "/" + segment(p.name(), r);
        PayloadRef before = members.putIfAbsent(path, r);
        if (before != null) {
          throw new ImagePlanException(
              r
                  + ": BASEMISC.TGZ already holds "
                  + path
                  + " from "
                  + before
                  + "; remove one of the two VIBs");
        }
      }
    }
    try (TarWriter tar = new TarWriter(out, Instant.EPOCH)) {
      for (Map.Entry<String, PayloadRef> e : members.entrySet()) {
        tar.dirs(e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1));
        tar.source(e.getKey(), sources.open(e.getValue()));
      }
    }
  }

  /** A base-image VIB the build replaced, and its {@code .vib} bytes. */
  public record ReservedVib(VibId id, IsoSource vib) {
    public ReservedVib {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(vib, "vib");
    }
  }

  /**
   * Writes {@code RESVIBS.TGZ} (§8.4) to {@code out} (not closed). Member layout, esxforge's choice
   * (VMware's is not observed) [G]: {@code var/vmware/lifecycle/hostSeed/reservedVibs/<VIB
   * id>.vib}, each the VIB's file unchanged — the directory the installer refills, rooted like the
   * other archives ({@code var/db/...}) so extracting at {@code /} puts every VIB in place; sorted
   * by VIB id. The VIBs are those whose components IMGDB.TGZ lists under {@code
   * reservedComponents/}.
   */
  public static void writeResVibs(List<ReservedVib> vibs, Instant mtime, OutputStream out)
      throws IOException {
    SortedMap<VibId, ReservedVib> sorted = new TreeMap<>();
    vibs.forEach(v -> sorted.put(v.id(), v));
    try (TarWriter tar = new TarWriter(out, mtime)) {
      if (!sorted.isEmpty()) {
        tar.dirs(RESERVED_VIBS_DIR);
      }
      for (ReservedVib v : sorted.values()) {
        String name = v.id().value() + ".vib";
        if (!name.equals(fileName(name)) || name.startsWith(".")) {
          throw new IOException(v.id() + ": VIB id is not a plain file name for RESVIBS.TGZ");
        }
        tar.source(RESERVED_VIBS_DIR + name, v.vib());
      }
    }
  }

  private static Map<VibId, VibDescriptor> byId(Collection<VibDescriptor> ds) {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    ds.forEach(d -> m.put(d.id(), d));
    return m;
  }

  private static String segment(String s, PayloadRef r) throws ImagePlanException {
    if (s.isEmpty()
        || s.equals(".")
        || s.equals("..")
        || s.indexOf('/') >= 0
        || s.indexOf('\\') >= 0
        || s.indexOf('\0') >= 0) {
      throw new ImagePlanException(
          r + ": '" + s + "' is not a plain file name; it cannot be" + " stored in BASEMISC.TGZ");
    }
    return s;
  }

  /**
   * Writes an empty archive (a gzip of an empty tar) for the 8.0+ module {@code esxiodpt.tgz},
   * whose real contents are unknown (§8.4) [G: mboot needs every listed module to exist; an empty
   * tar unpacks to nothing].
   */
  public static void writeEmpty(Instant mtime, OutputStream out) throws IOException {
    new TarWriter(out, mtime).close();
  }

  private static List<Bulletin> sorted(List<Bulletin> bs) {
    SortedMap<String, Bulletin> m = new TreeMap<>();
    for (Bulletin b : bs) {
      m.put(b.id(), b);
    }
    return new ArrayList<>(m.values());
  }

  static String fileName(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      b.append(ok ? c : '_');
    }
    String r = b.toString();
    return r.isEmpty() || r.equals(".") || r.equals("..") ? "_" + r : r;
  }

  /** A normalised tar.gz writer; closes the gzip layer but not the caller's stream. */
  private static final class TarWriter implements AutoCloseable {
    private final TarArchiveOutputStream tar;
    private final Instant mtime;
    private final java.util.Set<String> dirs = new java.util.HashSet<>();

    TarWriter(OutputStream out, Instant mtime) throws IOException {
      this.mtime = Objects.requireNonNull(mtime, "mtime");
      GzipParameters gp = new GzipParameters();
      gp.setModificationTime(mtime.getEpochSecond() * 1000L);
      gp.setOperatingSystem(255);
      GzipCompressorOutputStream gz =
          new GzipCompressorOutputStream(new NonClosingOutputStream(out), gp);
      tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name());
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Adds every missing directory of {@code dir} (ending in '/'). */
    void dirs(String dir) throws IOException {
      int i = dir.indexOf('/');
      while (i >= 0) {
        String d = dir.substring(0, i + 1);
        if (dirs.add(d)) {
          TarArchiveEntry e = entry(d, 0755);
          tar.putArchiveEntry(e);
          tar.closeArchiveEntry();
        }
        i = dir.indexOf('/', i + 1);
      }
    }

    void bytes(String name, byte[] b) throws IOException {
      TarArchiveEntry e = entry(name, 0644);
      e.setSize(b.length);
      tar.putArchiveEntry(e);
      tar.write(b);
      tar.closeArchiveEntry();
    }

    void source(String name, IsoSource s) throws IOException {
      TarArchiveEntry e = entry(name, 0644);
      e.setSize(s.size());
      tar.putArchiveEntry(e);
      WritableByteChannel ch = Channels.newChannel(new NonClosingOutputStream(tar));
      s.writeTo(ch);
      tar.closeArchiveEntry(); // throws if fewer bytes than declared were written
    }

    private TarArchiveEntry entry(String name, int mode) throws FormatException {
      TarArchiveEntry e = new TarArchiveEntry(ContainedPaths.member("tar archive", name), true);
      e.setMode(
          (name.endsWith("/")
                  ? TarArchiveEntry.DEFAULT_DIR_MODE & ~07777
                  : TarArchiveEntry.DEFAULT_FILE_MODE & ~07777)
              | mode);
      e.setIds(0, 0);
      e.setNames("root", "root");
      e.setModTime(mtime.getEpochSecond() * 1000L); // whole seconds: no PAX time header
      return e;
    }

    @Override
    public void close() throws IOException {
      tar.close();
    }
  }
}
