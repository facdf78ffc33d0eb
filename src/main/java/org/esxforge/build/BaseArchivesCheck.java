package org.esxforge.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.esxforge.image.ImgDb;
import org.esxforge.image.ModulePlan;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.model.Bulletin;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibArchiveInputStream;
import org.esxforge.vib.VibMember;
import org.jspecify.annotations.Nullable;

/**
 * Checks the 7.0U3+ archives of an installer ISO (docs/formats.md §8.4) against its {@code
 * IMGDB.TGZ}, without assuming esxforge wrote it:
 *
 * <ul>
 *   <li>{@code BASEMISC.TGZ} holds {@code var/db/payloads/<type>/<name>}, with the descriptor's
 *       size, for every payload of esx-base whose type is not a tardisk type (an incomplete one
 *       installs, but later host updates fail with "BOOTx64.EFI not found");
 *   <li>{@code RESVIBS.TGZ} holds, as {@code .vib} files anywhere in the archive, exactly the VIBs
 *       of the components under IMGDB's {@code reservedComponents/} that the profile does not hold:
 *       each {@code .vib} member's own descriptor names the VIB.
 * </ul>
 *
 * Archives are streamed, never held in memory. Stateless and thread-safe.
 */
final class BaseArchivesCheck {
  private static final int MAX_DESCRIPTOR = 4 << 20;

  private BaseArchivesCheck() {}

  /** Adds the problems of {@code fs}'s BASEMISC.TGZ and RESVIBS.TGZ to {@code problems}. */
  static void check(IsoFileSystem fs, ImgDbCheck db, List<String> problems) throws IOException {
    VibDescriptor esxBase = null;
    for (VibId id : db.profileVibs()) {
      VibDescriptor d = db.descriptors().get(id);
      if (d != null && d.name().equals("esx-base")) {
        esxBase = d;
      }
    }
    if (esxBase == null || !ModulePlan.hasBaseMisc(esxBase.version().version())) {
      return;
    }
    baseMisc(fs, esxBase, problems);
    resVibs(fs, db, problems);
  }

  private static void baseMisc(IsoFileSystem fs, VibDescriptor esxBase, List<String> problems)
      throws IOException {
    Map<String, Long> members = members(fs, "/BASEMISC.TGZ", problems, null);
    if (members == null) {
      return;
    }
    for (Payload p : esxBase.payloads()) {
      if (ImgDb.TARDISK_TYPES.contains(p.type())) {
        continue;
      }
      String path = "var/db/payloads/" + p.type() + "/" + p.name();
      Long size = members.get(path);
      if (size == null) {
        problems.add(
            "/BASEMISC.TGZ lacks "
                + path
                + " (payload of "
                + esxBase.id()
                + "); hosts"
                + " installed from this ISO fail later updates ('"
                + p.name()
                + " not found')");
      } else if (size != p.size()) {
        problems.add(
            "/BASEMISC.TGZ!"
                + path
                + " is "
                + size
                + " bytes; "
                + esxBase.id()
                + " says "
                + p.size());
      }
    }
  }

  private static void resVibs(IsoFileSystem fs, ImgDbCheck db, List<String> problems)
      throws IOException {
    Set<VibId> held = new TreeSet<>();
    if (members(fs, "/RESVIBS.TGZ", problems, held) == null) {
      return;
    }
    Set<VibId> reserved = new TreeSet<>();
    for (Bulletin b : db.reservedComponents()) {
      reserved.addAll(b.vibIds());
    }
    reserved.removeAll(db.profileVibs());
    for (VibId id : reserved) {
      if (!held.contains(id)) {
        problems.add(
            "/RESVIBS.TGZ lacks "
                + id
                + ", a VIB of a reserved component in"
                + " IMGDB.TGZ; the installed host cannot restore it");
      }
    }
    for (VibId id : held) {
      if (!reserved.contains(id)) {
        problems.add(
            "/RESVIBS.TGZ holds " + id + ", which no reserved component of IMGDB.TGZ" + " lists");
      }
    }
  }

  /**
   * The regular members of a tar.gz on the ISO, name → size; null (and a problem) when missing or
   * unreadable. With {@code vibs}, every {@code .vib} member's VIB id is added to it.
   */
  private static @Nullable Map<String, Long> members(
      IsoFileSystem fs, String path, List<String> problems, @Nullable Set<VibId> vibs)
      throws IOException {
    IsoFileSystem.Entry e = fs.entry(path);
    if (e == null) {
      problems.add(path + " is missing; 7.0U3 and later images need it (docs/formats.md §8.4)");
      return null;
    }
    Map<String, Long> out = new TreeMap<>();
    try (InputStream raw = fs.open(e);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new GzipCompressorInputStream(new java.io.BufferedInputStream(raw)))) {
      for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
        if (!t.isFile()) {
          continue;
        }
        out.put(t.getName(), t.getSize());
        if (vibs != null && t.getName().endsWith(".vib")) {
          vibs.add(vibId(tar, path + "!" + t.getName()));
        }
      }
    } catch (IOException x) {
      problems.add(path + " is not a readable gzip'd tar: " + x.getMessage());
      return null;
    }
    return out;
  }

  private static VibId vibId(InputStream member, String source) throws IOException {
    VibArchiveInputStream ar = new VibArchiveInputStream(member, source);
    for (VibMember m; (m = ar.nextMember()) != null; ) {
      if (m.name().equals("descriptor.xml")) {
        return DescriptorXml.parse(ar.readMember(MAX_DESCRIPTOR), source + "!descriptor.xml").id();
      }
    }
    throw new org.esxforge.io.FormatException(source, "no descriptor.xml in the .vib");
  }
}
