package org.esxforge.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.io.ContainedPaths;
import org.esxforge.io.FormatException;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;

/**
 * Writes the installer's {@code IMGDB.TGZ} (docs/formats.md §5.7), {@code IMGPAYLD.TGZ} (§5.8) and
 * the 8.0+ placeholder archives, deterministically.
 *
 * <p>{@code IMGDB.TGZ} members, in this order (every directory has its own entry first):
 *
 * <pre>
 * var/db/esximg/profiles/&lt;profile name&gt;   ProfileXml with payload-name → local 8.3 name for
 *                                           EVERY module payload (the names of BOOT.CFG)
 * var/db/esximg/vibs/&lt;name&gt;-&lt;hash&gt;.xml      each VIB's descriptor bytes as given; file name by
 *                                           DescriptorXml.metadataFileName (the depot's Python 2
 *                                           hash; a real host's names use a randomised hash, so
 *                                           no reader can depend on them)
 * var/db/esximg/vibs/&lt;name&gt;-&lt;hash&gt;.xml.sig  the VIB's sig.pkcs7 bytes, when not empty [G: the
 *                                           installer saves with savesig=True; name chosen here]
 * var/db/esximg/bulletins/&lt;id&gt;.xml             BulletinXml of each bulletin/component given
 * var/db/esximg/reservedComponents/&lt;id&gt;.xml    7.0+ reserved components given
 * </pre>
 *
 * The profile file is named after the profile, characters outside {@code [A-Za-z0-9._-]} → {@code
 * _} [G: EC272 only shows there is exactly one file].
 *
 * <p>{@code IMGPAYLD.TGZ} [G, §5.8]: {@code var/db/payloads/boot/<local name>} for every
 * {@code boot}-type module payload (the installer copies them from there, WEASEL-CACHE), then the
 * disk boot-loader payloads ({@code boot_com32_bios}, {@code boot_loader_efi}) as {@code
 * var/db/payloads/<type>/<payload name>}, VIBs in id order, payloads in descriptor order.
 *
 * <p>Normalised metadata: ustar/POSIX tar, uid/gid 0, owner {@code root:root}, files 0644,
 * directories 0755, every mtime = the plan's instant; gzip header mtime = that instant, OS 255
 * (unknown), no file name, default compression level. Same input → same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImgDb {
  private static final String DB = "var/db/esximg/";

  private ImgDb() {}

  /**
   * A VIB's database files.
   *
   * @param descriptorXml the descriptor bytes as they should appear in the database
   * @param signature the {@code sig.pkcs7} bytes; size 0 for an unsigned VIB
   */
  public record VibFiles(IsoSource descriptorXml, IsoSource signature) {
    public VibFiles {
      Objects.requireNonNull(descriptorXml, "descriptorXml");
      Objects.requireNonNull(signature, "signature");
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
    for (VibId id : profile.vibIds()) {
      if (!descriptors.containsKey(id) || !files.containsKey(id)) {
        throw new ImagePlanException(
            id + ": no descriptor or database files for IMGDB.TGZ; supply the VIB's descriptor.xml"
                + " and sig.pkcs7");
      }
    }
    try (TarWriter tar = new TarWriter(out, mtime)) {
      tar.dirs(DB + "profiles/");
      tar.bytes(DB + "profiles/" + fileName(profile.name()),
          ProfileXml.write(profile, plan.payloadLocalNames()));
      tar.dirs(DB + "vibs/");
      for (VibId id : profile.vibIds()) {
        String name = DB + "vibs/" + DescriptorXml.metadataFileName(id, descriptors.get(id).name());
        VibFiles f = files.get(id);
        tar.source(name, f.descriptorXml());
        if (f.signature().size() > 0) {
          tar.source(name + ".sig", f.signature());
        }
      }
      tar.dirs(DB + "bulletins/");
      for (Bulletin b : sorted(bulletins)) {
        tar.bytes(DB + "bulletins/" + fileName(b.id()) + ".xml", BulletinXml.write(b));
      }
      if (!reserved.isEmpty()) {
        tar.dirs(DB + "reservedComponents/");
        for (Bulletin b : sorted(reserved)) {
          tar.bytes(DB + "reservedComponents/" + fileName(b.id()) + ".xml", BulletinXml.write(b));
        }
      }
    }
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
          tar.source("var/db/payloads/boot/" + m.localName(), sources.open(m.payload()));
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
   * Writes an empty archive (a gzip of an empty tar) for the 8.0+ modules {@code basemisc.tgz},
   * {@code resvibs.tgz} and {@code esxiodpt.tgz}, whose real contents are unknown (§5.8, open
   * question 7) [G: mboot needs every listed module to exist; an empty tar unpacks to nothing].
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
    for (char c : s.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
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
      GzipCompressorOutputStream gz = new GzipCompressorOutputStream(new NonClosing(out), gp);
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
      WritableByteChannel ch = Channels.newChannel(new NonClosing(tar));
      s.writeTo(ch);
      tar.closeArchiveEntry(); // throws if fewer bytes than declared were written
    }

    private TarArchiveEntry entry(String name, int mode) throws FormatException {
      TarArchiveEntry e = new TarArchiveEntry(ContainedPaths.member("tar archive", name), true);
      e.setMode((name.endsWith("/") ? TarArchiveEntry.DEFAULT_DIR_MODE & ~07777
          : TarArchiveEntry.DEFAULT_FILE_MODE & ~07777) | mode);
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

  /** Passes writes through and ignores close. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
