package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.esxforge.image.ImgDb;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images come out as VMware's tools write them (docs/formats.md §8): IMGDB.TGZ beside the real host
 * databases, {@code .xml.orig}/{@code .xml.sig} equal to each VIB's own files, an 8.0 image's
 * BASEMISC.TGZ against its esx-base descriptor, RESVIBS.TGZ holding exactly the replaced VIBs, and
 * {@code verify} noticing when they are not. Builds two images once for the class.
 */
class ImageFidelityIT {
  @TempDir static Path tmp;
  static Path depot70;
  static Path depot80;
  static Path ga70;
  static Path eighty;

  @BeforeAll
  static void build() {
    depot70 = Samples.depot(SampleVersion.V7_0).folder();
    depot80 = Samples.depot(SampleVersion.V8_0).folder();
    ga70 = tmp.resolve("ga70.iso");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot70.toString(),
            "--base",
            "ESXi-7.0.0-15843807-standard",
            "--name",
            "ESXi-7.0.0-custom",
            "--iso",
            ga70.toString());
    assertEquals(0, r.code(), r.toString());
    // 8.0U3 base; ne1000 and vmkusb from the U3b patch level replace the base's (same names)
    eighty = tmp.resolve("eighty.iso");
    r =
        Samples.cli(
            "build",
            "-d",
            depot80.toString(),
            "--base",
            "ESXi-8.0U3-24022510-standard",
            "--name",
            "ESXi-8.0U3-newer-drivers",
            "--add",
            "ne1000",
            "--add",
            "vmkusb",
            "--iso",
            eighty.toString());
    assertEquals(0, r.code(), r.toString());
  }

  /** Tar member → (kind, mode, owner, bytes), in archive order. */
  record Member(boolean directory, int mode, long uid, long gid, byte[] bytes) {}

  static Map<String, Member> tar(byte[] tgz) throws IOException {
    Map<String, Member> m = new LinkedHashMap<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        m.put(
            e.getName(),
            new Member(
                e.isDirectory(),
                e.getMode() & 07777,
                e.getLongUserId(),
                e.getLongGroupId(),
                in.readAllBytes()));
      }
    }
    return m;
  }

  static byte[] file(Path iso, String path) throws IOException {
    try (IsoFileSystem fs = IsoFileSystem.open(iso)) {
      IsoFileSystem.Entry e = fs.entry(path);
      assertTrue(e != null, path + " missing");
      return fs.read(e, 256 << 20);
    }
  }

  /**
   * A member path reduced to its kind: names and hashes replaced by placeholders, e.g. {@code
   * vibs/<name>-<hash>.xml.orig}, {@code profiles/<name><n>}.
   */
  static String shape(String relative, boolean directory) {
    String s = relative;
    if (s.startsWith("vibs/") && !directory) {
      s = s.replaceFirst("^vibs/.+-(-?[0-9]+)\\.xml", "vibs/<name>-<hash>.xml");
    } else if (s.startsWith("profiles/") && !directory) {
      s = "profiles/<name><n>";
    } else if ((s.startsWith("bulletins/") || s.startsWith("reservedComponents/")) && !directory) {
      s = s.substring(0, s.indexOf('/') + 1) + "<id>.xml";
    } else if ((s.startsWith("baseimages/") || s.startsWith("addons/")) && !directory) {
      s = s.substring(0, s.indexOf('/') + 1) + "<release id>.json";
    }
    return (directory ? "dir  " : "file ") + s;
  }

  /** Shapes of a real host database directory (relative to var/db/esximg/). */
  static Set<String> realShapes(Path root) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> !p.equals(root)).toList()) {
        String rel =
            root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "");
        out.add(shape(rel, Files.isDirectory(p)));
      }
    }
    return out;
  }

  @Test
  void imgDb_sample70Ga_sameMemberKindsPathsModesOwnersAsRealHostDatabases() throws Exception {
    Map<String, Member> db = tar(file(ga70, "/IMGDB.TGZ"));
    Set<String> ours = new TreeSet<>();
    for (Map.Entry<String, Member> e : db.entrySet()) {
      String name = e.getKey();
      Member m = e.getValue();
      // every member: VMware's modes and owner (§8.3: directories 0755, files 0644, 0/0)
      assertEquals(m.directory() ? 0755 : 0644, m.mode(), name);
      assertEquals(0, m.uid(), name);
      assertEquals(0, m.gid(), name);
      if (name.startsWith("var/db/esximg/") && name.length() > "var/db/esximg/".length()) {
        ours.add(shape(name.substring("var/db/esximg/".length()), m.directory()));
      }
    }
    assertTrue(db.keySet().containsAll(List.of("var/", "var/db/", "var/db/esximg/")));
    Set<String> host67 = realShapes(Fixtures.real("esximg-6.7-host"));
    Set<String> host70 = realShapes(Fixtures.real("esximg-7.0-hpe-host"));
    // side by side: every kind of member in either real database, and ours
    Set<String> all = new TreeSet<>(ours);
    all.addAll(host67);
    all.addAll(host70);
    StringBuilder table =
        new StringBuilder(
            String.format("%-42s %-8s %-8s %s%n", "member", "6.7host", "7.0host", "esxforge"));
    for (String s : all) {
      table.append(
          String.format(
              "%-42s %-8s %-8s %s%n",
              s,
              host67.contains(s) ? "yes" : "-",
              host70.contains(s) ? "yes" : "-",
              ours.contains(s) ? "yes" : "-"));
    }
    System.out.print(table);
    // the 7.0 host fixture holds only the *.xml files (no .orig/.sig, no profile); the 6.7 host
    // holds every kind; the GA image has no reserved component (nothing replaced)
    Set<String> expected = new TreeSet<>(host67);
    expected.addAll(host70);
    expected.remove("dir  reservedComponents/");
    expected.remove("file reservedComponents/<id>.xml");
    // esxforge's one addition [G, docs/model.md]: the 7.0+ base image document (no real host
    // database with release units was available to copy the layout from)
    expected.add("dir  baseimages/");
    expected.add("file baseimages/<release id>.json");
    assertEquals(expected, ours, table.toString());
  }

  @Test
  void imgDb_sample70Ga_origAndSigAreEachVibsOwnFilesByteForByte() throws Exception {
    Map<String, Member> db = tar(file(ga70, "/IMGDB.TGZ"));
    int vibs = 0;
    try (Stream<Path> s = Files.walk(depot70.resolve("vib20"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".vib")).sorted().toList()) {
        byte[] descriptor;
        byte[] sig;
        try (VibFile v = VibFile.open(f)) {
          descriptor = v.descriptorBytes();
          sig = v.signatureBytes();
        }
        VibDescriptor d = DescriptorXml.parse(descriptor, f.toString());
        String base = "var/db/esximg/vibs/" + DescriptorXml.metadataFileName(d.id(), d.name());
        if (!db.containsKey(base)) {
          continue; // a VIB of another profile of the depot
        }
        vibs++;
        assertArrayEquals(descriptor, db.get(base + ".orig").bytes(), base);
        assertArrayEquals(sig, db.get(base + ".sig").bytes(), base);
        assertArrayEquals(DescriptorXml.writeDatabase(d), db.get(base).bytes(), base);
      }
    }
    assertEquals(72, vibs);
  }

  @Test
  void baseMisc_sample80_everyNonTardiskPayloadOfTheBaseImage() throws Exception {
    Map<String, Member> misc = tar(file(eighty, "/BASEMISC.TGZ"));
    Map<String, Member> db = tar(file(eighty, "/IMGDB.TGZ"));
    VibDescriptor esxBase = null;
    Map<String, Long> expected = new TreeMap<>();
    for (Map.Entry<String, Member> e : db.entrySet()) {
      if (e.getKey().startsWith("var/db/esximg/vibs/") && e.getKey().endsWith(".xml")) {
        VibDescriptor d = DescriptorXml.parse(e.getValue().bytes(), e.getKey());
        if (d.name().equals("esx-base")) {
          esxBase = d;
        }
        if (!d.version().text().contains("24280767")) { // the U3 base's VIBs, not the U3b drivers
          for (Payload p : d.payloads()) {
            if (!ImgDb.TARDISK_TYPES.contains(p.type())) {
              expected.put("var/db/payloads/" + p.type() + "/" + p.name(), p.size());
            }
          }
        }
      }
    }
    Map<String, Long> got = new TreeMap<>();
    misc.forEach(
        (k, v) -> {
          if (!v.directory()) {
            got.put(k, (long) v.bytes().length);
          }
          assertEquals(0, v.uid());
          assertEquals(0, v.gid());
        });
    assertEquals(expected, got);
    // listed against the esx-base descriptor: every payload of a type that is not mounted from
    // /tardisks (boot modules the installer never sees, boot loaders, upgrade and text files)
    List<String> fromEsxBase = new ArrayList<>();
    for (Payload p : esxBase.payloads()) {
      if (!Set.of("vgz", "tgz").contains(p.type())) {
        fromEsxBase.add("var/db/payloads/" + p.type() + "/" + p.name());
      }
    }
    assertEquals(
        List.of(
            "var/db/payloads/boot_loader_efi/BOOTx64.EFI",
            "var/db/payloads/boot_loader_efi/crypto64.efi",
            "var/db/payloads/text/README",
            "var/db/payloads/boot/b",
            "var/db/payloads/eltorito_image_efi/efiboot.img",
            "var/db/payloads/upgrade/esximage.zip",
            "var/db/payloads/upgrade/extlinux",
            "var/db/payloads/boot_com32_bios/fatBootSector",
            "var/db/payloads/boot/features",
            "var/db/payloads/upgrade/gptmbr.bin",
            "var/db/payloads/boot_iso_bios/isolinux.bin",
            "var/db/payloads/boot/jumpstrt",
            "var/db/payloads/boot/k",
            "var/db/payloads/boot_com32_bios/ldlinux.sys",
            "var/db/payloads/boot_com32_bios/mboot.c32",
            "var/db/payloads/upgrade/mbr.bin",
            "var/db/payloads/boot_com32_bios/menu.c32",
            "var/db/payloads/upgrade/metadata.xml",
            "var/db/payloads/text/osl.txt",
            "var/db/payloads/upgrade/precheck.py",
            "var/db/payloads/upgrade/prep.py",
            "var/db/payloads/boot/procfs",
            "var/db/payloads/boot_com32_bios/safeboot.c32",
            "var/db/payloads/boot_loader_efi/safeboot.efi",
            "var/db/payloads/boot/useropts"),
        fromEsxBase);
    assertTrue(got.keySet().containsAll(fromEsxBase));
    // the paths the KB and virten.net name
    assertTrue(got.containsKey("var/db/payloads/boot/useropts"));
    assertTrue(got.containsKey("var/db/payloads/boot_loader_efi/BOOTx64.EFI"));
  }

  @Test
  void resVibs_sample80_exactlyTheReplacedBaseVibsAndTheirComponents() throws Exception {
    Map<String, Member> res = tar(file(eighty, "/RESVIBS.TGZ"));
    Map<String, byte[]> vibs = new TreeMap<>();
    res.forEach(
        (k, v) -> {
          if (!v.directory()) {
            vibs.put(k, v.bytes());
          }
        });
    List<String> replaced =
        List.of(
            "VMW_bootbank_ne1000_0.8.4-10vmw.803.0.0.24022510",
            "VMW_bootbank_vmkusb_0.1-1vmw.803.0.0.24022510");
    List<String> names = new ArrayList<>();
    for (String id : replaced) {
      names.add(ImgDb.RESERVED_VIBS_DIR + id + ".vib");
    }
    assertEquals(names, new ArrayList<>(vibs.keySet()));
    for (String id : replaced) {
      String name = id.split("_")[2];
      Path depotVib = depot80.resolve("vib20/" + name + "/" + id + ".vib");
      assertArrayEquals(
          Files.readAllBytes(depotVib), vibs.get(ImgDb.RESERVED_VIBS_DIR + id + ".vib"), id);
    }
    // IMGDB lists their components under reservedComponents/
    Map<String, Member> db = tar(file(eighty, "/IMGDB.TGZ"));
    List<String> reserved =
        db.keySet().stream()
            .filter(k -> k.startsWith("var/db/esximg/reservedComponents/") && k.endsWith(".xml"))
            .toList();
    assertEquals(2, reserved.size(), reserved.toString());
    assertTrue(reserved.stream().anyMatch(k -> k.contains("ne1000")), reserved.toString());
    assertTrue(reserved.stream().anyMatch(k -> k.contains("vmkusb")), reserved.toString());
    assertEquals(List.of(), IsoVerifier.verify(eighty).problems());
  }

  @Test
  void verify_partialBaseMiscOrMissingReservedVib_namesIt() throws Exception {
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    ImgDb.writeEmpty(java.time.Instant.EPOCH, empty);
    Path doctored = tmp.resolve("doctored.iso");
    copyIso(
        eighty,
        doctored,
        Map.of("/BASEMISC.TGZ", empty.toByteArray(), "/RESVIBS.TGZ", empty.toByteArray()));
    IsoVerification v = IsoVerifier.verify(doctored);
    assertFalse(v.ok());
    assertTrue(
        v.problems()
            .contains(
                "/BASEMISC.TGZ lacks var/db/payloads/boot_loader_efi/"
                    + "BOOTx64.EFI (payload of VMware_bootbank_esx-base_8.0.3-0.0.24022510); hosts installed"
                    + " from this ISO fail later updates ('BOOTx64.EFI not found')"),
        v.problems().toString());
    assertTrue(
        v.problems()
            .contains(
                "/RESVIBS.TGZ lacks"
                    + " VMW_bootbank_ne1000_0.8.4-10vmw.803.0.0.24022510, a VIB of a reserved component in"
                    + " IMGDB.TGZ; the installed host cannot restore it"),
        v.problems().toString());
    assertEquals(List.of(), IsoVerifier.verify(ga70).problems());
  }

  /** Rewrites {@code from} with the builtin writer, replacing the given files' bytes. */
  static void copyIso(Path from, Path to, Map<String, byte[]> replace) throws Exception {
    try (IsoFileSystem fs = IsoFileSystem.open(from)) {
      IsoImage.Builder b =
          IsoImage.builder()
              .volumeId(fs.volumeId())
              .applicationId("ESXIMAGE")
              .systemId("")
              .timestamp(java.time.Instant.EPOCH)
              .bootCatalog(new IsoPath("/BOOT.CAT"));
      for (IsoFileSystem.Entry e : fs.entries().values()) {
        if (e.directory() || e.path().equals("/BOOT.CAT")) {
          continue;
        }
        byte[] bytes =
            replace.containsKey(e.path()) ? replace.get(e.path()) : fs.read(e, 256 << 20);
        b.addFile(new IsoPath(e.path()), IsoSource.bytes(bytes));
      }
      b.addBootEntry(BootEntry.bios(new IsoPath("/ISOLINUX.BIN"), 4, true));
      b.addBootEntry(BootEntry.uefi(new IsoPath("/EFIBOOT.IMG")));
      IsoWriters.builtin().write(b.build(), to);
    }
  }
}
