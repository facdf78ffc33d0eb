package org.esxforge.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.image.ImagePlanException;
import org.esxforge.image.ModulePlan;
import org.esxforge.image.PayloadRef;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.Signatures;
import org.jspecify.annotations.Nullable;

/**
 * Checks an installer's {@code IMGDB.TGZ} against what VMware's tools write (docs/formats.md §8.1–
 * §8.3) and against the ISO's {@code BOOT.CFG}:
 *
 * <ul>
 *   <li>tar metadata: directories 0755, files 0644, owner 0/0;
 *   <li>exactly one profile under {@code profiles/}; every VIB it lists has a {@code vibs/*.xml};
 *   <li>each {@code vibs/X.xml.orig} is a descriptor of the same VIB as {@code X.xml}, and each
 *       {@code X.xml.sig} is a signature that verifies over {@code X.xml.orig} (the VIB's own
 *       descriptor.xml and sig.pkcs7);
 *   <li>the profile names every payload of every VIB; recomputing the names (§8.2) and the module
 *       order (§8.1) from the profile and its descriptors gives the profile's names and exactly
 *       BOOT.CFG's {@code kernel=} and {@code modules=}.
 * </ul>
 *
 * Problems are collected, one line each. Not thread-safe; one instance per check.
 */
final class ImgDbCheck {
  private static final String DB = "var/db/esximg/";

  private final List<String> problems;
  private final Map<String, byte[]> files = new TreeMap<>();
  private final Map<VibId, VibDescriptor> descriptors = new TreeMap<>();
  private final List<Bulletin> reservedComponents = new ArrayList<>();
  private @Nullable ProfileDocument profile;

  private ImgDbCheck(List<String> problems) {
    this.problems = problems;
  }

  /**
   * Checks {@code tgz}.
   *
   * @param source names the ISO in a {@link FormatException}
   * @param kernel BOOT.CFG's {@code kernel=}
   * @param modules BOOT.CFG's {@code modules=}
   * @param problems receives the problems found
   * @return the check, for {@link #profileName()}, {@link #descriptors()} ...
   */
  static ImgDbCheck check(
      String source, byte[] tgz, String kernel, List<String> modules, List<String> problems)
      throws IOException {
    ImgDbCheck c = new ImgDbCheck(problems);
    if (!c.read(tgz)) {
      return c;
    }
    c.parse(source);
    ProfileDocument profile = c.profile;
    if (profile != null) {
      c.vibFiles();
      c.plan(profile, kernel, modules);
    }
    return c;
  }

  private boolean read(byte[] tgz) {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        int want = e.isDirectory() ? 0755 : 0644;
        if ((e.getMode() & 07777) != want || e.getLongUserId() != 0 || e.getLongGroupId() != 0) {
          problems.add(
              "/IMGDB.TGZ!"
                  + e.getName()
                  + ": mode "
                  + Integer.toOctalString(e.getMode() & 07777)
                  + ", owner "
                  + e.getLongUserId()
                  + "/"
                  + e.getLongGroupId()
                  + "; VMware writes "
                  + Integer.toOctalString(want)
                  + ", owner 0/0");
        }
        if (e.isFile()) {
          files.put(e.getName(), tar.readAllBytes());
        }
      }
      return true;
    } catch (IOException e) {
      problems.add("/IMGDB.TGZ is not a readable gzip'd tar: " + e.getMessage());
      return false;
    }
  }

  private void parse(String source) throws FormatException {
    String profileEntry = null;
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String name = f.getKey();
      String where = "IMGDB.TGZ!" + name;
      if (name.startsWith(DB + "profiles/")) {
        if (profile != null) {
          problems.add(
              "/IMGDB.TGZ holds more than one profile (" + profileEntry + ", " + name + ")");
          continue;
        }
        if (f.getValue().length > ProfileXml.MAX_BYTES) {
          throw new FormatException(
              source, where, -1, "profile of " + f.getValue().length + " bytes is too large");
        }
        profile = ProfileXml.parseDocument(f.getValue(), where);
        profileEntry = name;
      } else if (name.startsWith(DB + "vibs/") && name.endsWith(".xml")) {
        VibDescriptor d = DescriptorXml.parse(f.getValue(), where);
        descriptors.put(d.id(), d);
      } else if (name.startsWith(DB + "reservedComponents/") && name.endsWith(".xml")) {
        reservedComponents.add(BulletinXml.parse(f.getValue(), where));
      }
    }
    if (profile == null) {
      problems.add("/IMGDB.TGZ has no var/db/esximg/profiles/ entry");
    }
  }

  /** .orig and .sig beside each .xml. */
  private void vibFiles() throws FormatException {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String name = f.getKey();
      if (!name.startsWith(DB + "vibs/") || !name.endsWith(".xml")) {
        continue;
      }
      VibDescriptor d = DescriptorXml.parse(f.getValue(), "IMGDB.TGZ!" + name);
      byte[] orig = files.get(name + ".orig");
      byte[] sig = files.get(name + ".sig");
      if (orig != null) {
        VibId origId = DescriptorXml.parse(orig, "IMGDB.TGZ!" + name + ".orig").id();
        if (!origId.equals(d.id())) {
          problems.add("/IMGDB.TGZ!" + name + ".orig describes " + origId + ", not " + d.id());
        }
      }
      if (sig != null && sig.length > 0) {
        if (orig == null) {
          problems.add("/IMGDB.TGZ!" + name + ".sig has no .orig descriptor to verify it over");
        } else {
          Signatures.Result r = Signatures.verify(orig, sig, List.of());
          if (!r.verified()) {
            problems.add(
                "/IMGDB.TGZ!"
                    + name
                    + ".sig does not verify over "
                    + name
                    + ".orig ("
                    + r.detail()
                    + "); the installer cannot prove the VIB's acceptance level");
          }
        }
      }
    }
  }

  /** Recomputes names and order from the profile and compares them with it and BOOT.CFG. */
  private void plan(ProfileDocument profile, String kernel, List<String> modules) {
    boolean complete = true;
    for (VibId id : profile.profile().vibIds()) {
      if (!descriptors.containsKey(id)) {
        problems.add("/IMGDB.TGZ: the profile lists " + id + ", which has no vibs/*.xml");
        complete = false;
      }
    }
    if (!complete) {
      return;
    }
    ModulePlan plan;
    try {
      plan = ModulePlan.of(profile.profile(), descriptors);
    } catch (ImagePlanException e) {
      problems.add("/IMGDB.TGZ: " + e.getMessage());
      return;
    }
    names(profile, plan);
    List<String> want = new ArrayList<>();
    for (ModulePlan.Module m : plan.all()) {
      want.add("/" + m.localName());
    }
    List<String> got = new ArrayList<>();
    got.add(lower(kernel));
    modules.forEach(m -> got.add(lower(m.split(" ", 2)[0])));
    if (!want.equals(got)) {
      problems.add(
          "/BOOT.CFG loads "
              + String.join(" ", got)
              + "; VMware's module order for the"
              + " IMGDB.TGZ profile is "
              + String.join(" ", want)
              + " (docs/formats.md §8.1)");
    }
  }

  /** The profile's payload names against §8.2 for every payload of every VIB. */
  private void names(ProfileDocument profile, ModulePlan plan) {
    SortedMap<VibId, SortedMap<String, String>> got = profile.payloads();
    for (VibId id : profile.profile().vibIds()) {
      Map<String, String> listed = got.getOrDefault(id, new TreeMap<>());
      VibDescriptor d = descriptors.get(id);
      if (d == null) {
        continue; // plan() reported the missing vibs/*.xml
      }
      for (Payload p : d.payloads()) {
        String want = plan.localNames().get(new PayloadRef(id, p.name()));
        // VMware's 6.7 writer cut payload-name to 8 characters ('lsu-lsi-')
        String have =
            listed.containsKey(p.name())
                ? listed.get(p.name())
                : listed.get(p.name().substring(0, Math.min(8, p.name().length())));
        if (have == null) {
          problems.add(
              "/IMGDB.TGZ: the profile does not name payload '"
                  + p.name()
                  + "' of "
                  + id
                  + "; VMware names every payload ("
                  + want
                  + ")");
        } else if (!have.equals(want)) {
          problems.add(
              "/IMGDB.TGZ: the profile names payload '"
                  + p.name()
                  + "' of "
                  + id
                  + " '"
                  + have
                  + "'; VMware's rule gives '"
                  + want
                  + "' (docs/formats.md §8.2)");
        }
      }
    }
  }

  private static String lower(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    return p.toLowerCase(Locale.ROOT);
  }

  /** The profile's name, "" when there is none. */
  String profileName() {
    return profile == null ? "" : profile.profile().name();
  }

  /** The descriptors of {@code vibs/*.xml}, by id. */
  Map<VibId, VibDescriptor> descriptors() {
    return descriptors;
  }

  /** The VIB ids of the profile, empty when there is none. */
  Set<VibId> profileVibs() {
    return profile == null ? Set.of() : new TreeSet<>(profile.profile().vibIds());
  }

  /** The components under {@code reservedComponents/}. */
  List<Bulletin> reservedComponents() {
    return reservedComponents;
  }

  /** Every file member by name. */
  Map<String, byte[]> files() {
    return new LinkedHashMap<>(files);
  }
}
