package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.image.ModulePlan;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

/** {@link ImgDbCheck} on the real 6.7 host database, packed as an installer would pack it. */
class ImgDbCheckTest {
  /** The host database as IMGDB.TGZ: var/db/esximg/..., dirs 0755, files 0644, owner 0/0. */
  static byte[] hostImgDb(Map<String, byte[]> replace) throws IOException {
    Path root = Fixtures.real("esximg-6.7-host");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String d : List.of("var/", "var/db/", "var/db/esximg/")) {
        dir(tar, d);
      }
      List<Path> all;
      try (Stream<Path> s = Files.walk(root)) {
        all = s.filter(p -> !p.equals(root)).sorted().toList();
      }
      for (Path p : all) {
        String name = "var/db/esximg/" + root.relativize(p).toString().replace('\\', '/');
        if (Files.isDirectory(p)) {
          dir(tar, name + "/");
        } else {
          byte[] b = replace.getOrDefault(name, Files.readAllBytes(p));
          TarArchiveEntry e = new TarArchiveEntry(name);
          e.setMode(0100644);
          e.setSize(b.length);
          tar.putArchiveEntry(e);
          tar.write(b);
          tar.closeArchiveEntry();
        }
      }
    }
    return out.toByteArray();
  }

  private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(040755);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  /** BOOT.CFG kernel and modules as VMware's rule orders the host profile. */
  static List<String> bootCfg() throws Exception {
    Path root = Fixtures.real("esximg-6.7-host");
    Path profile;
    try (Stream<Path> s = Files.list(root.resolve("profiles"))) {
      profile = s.findFirst().orElseThrow();
    }
    ProfileDocument doc = ProfileXml.parseDocument(Files.readAllBytes(profile), "p");
    Map<VibId, VibDescriptor> ds = new TreeMap<>();
    try (Stream<Path> s = Files.list(root.resolve("vibs"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".xml")).toList()) {
        VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.toString());
        ds.put(d.id(), d);
      }
    }
    List<String> out = new ArrayList<>();
    ModulePlan.of(doc.profile(), ds).all().forEach(m -> out.add("/" + m.localName()));
    return out;
  }

  static List<String> check(byte[] tgz, List<String> boot) throws IOException {
    List<String> problems = new ArrayList<>();
    ImgDbCheck c =
        ImgDbCheck.check("host.iso", tgz, boot.get(0), boot.subList(1, boot.size()), problems);
    assertEquals("ESXi-6.7.0-8169922-standard", c.profileName());
    return problems;
  }

  @Test
  void check_real67HostDatabase_noProblem() throws Exception {
    List<String> boot = bootCfg();
    // VMware's own names, VMware's signatures over the .orig descriptors
    assertEquals(List.of(), check(hostImgDb(Map.of()), boot));
    assertEquals("/b.b00", boot.get(0));
    assertTrue(boot.containsAll(List.of("/imgdb.tgz", "/imgpayld.tgz")), boot.toString());
  }

  @Test
  void check_wrongLocalNameSwappedModulesBadSignature_eachNamed() throws Exception {
    Path profile;
    try (Stream<Path> s = Files.list(Fixtures.real("esximg-6.7-host/profiles"))) {
      profile = s.findFirst().orElseThrow();
    }
    String p =
        Files.readString(profile, StandardCharsets.UTF_8)
            .replace(">shim_lib.v05<", ">shim_lib.v5<");
    // ntg3's real signature, put beside esx-base: valid, but not over esx-base's descriptor
    byte[] badSig =
        Files.readAllBytes(Fixtures.real("esximg-6.7-host/vibs/ntg3-1026641595.xml.sig"));
    List<String> boot = new ArrayList<>(bootCfg());
    int s = boot.indexOf("/s.v00");
    int sb = boot.indexOf("/sb.v00");
    boot.set(s, "/sb.v00");
    boot.set(sb, "/s.v00");
    List<String> problems =
        check(
            hostImgDb(
                Map.of(
                    "var/db/esximg/profiles/" + profile.getFileName(),
                    p.getBytes(StandardCharsets.UTF_8),
                    "var/db/esximg/vibs/esx-base-591008816.xml.sig",
                    badSig)),
            boot);
    assertTrue(
        problems.contains(
            "/IMGDB.TGZ: the profile names payload 'shim-lib' of"
                + " VMW_bootbank_shim-libfcoe-9-2-2-0_6.7.0-0.0.8169922 'shim_lib.v5'; VMware's rule"
                + " gives 'shim_lib.v05' (docs/formats.md §8.2)"),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                x ->
                    x.startsWith(
                        "/IMGDB.TGZ!var/db/esximg/vibs/"
                            + "esx-base-591008816.xml.sig does not verify over")),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(x -> x.startsWith("/BOOT.CFG loads") && x.contains("VMware's module order")),
        problems.toString());
    assertEquals(3, problems.size(), problems.toString());
  }
}
