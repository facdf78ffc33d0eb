package org.esxforge.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.esxforge.depot.xml.ProfileDocument;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.iso.IsoSource;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileIds;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

class ImgDbTest {
  static final Instant T = Instant.parse("2020-03-16T10:48:52Z");
  static final String NAME = "ESXi-7.0.0-15843807-standard";

  /** Tar member name → bytes, in archive order; also checks the normalised metadata. */
  static LinkedHashMap<String, byte[]> read(byte[] tgz) throws IOException {
    return readAt(tgz, T);
  }

  /** As {@link #read} for archives stamped with {@code t}. */
  static LinkedHashMap<String, byte[]> readAt(byte[] tgz, Instant T) throws IOException {
    assertEquals(0x1f, tgz[0] & 0xff);
    assertEquals(0x8b, tgz[1] & 0xff);
    assertEquals(0, tgz[3], "gzip flags: no file name");
    long gzMtime =
        (tgz[4] & 0xffL) | (tgz[5] & 0xffL) << 8 | (tgz[6] & 0xffL) << 16 | (tgz[7] & 0xffL) << 24;
    assertEquals(T.getEpochSecond(), gzMtime);
    assertEquals(255, tgz[9] & 0xff);
    LinkedHashMap<String, byte[]> m = new LinkedHashMap<>();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        assertEquals(0, e.getLongUserId());
        assertEquals(0, e.getLongGroupId());
        assertEquals("root", e.getUserName());
        assertEquals("root", e.getGroupName());
        assertEquals(T, e.getLastModifiedTime().toInstant());
        assertEquals(e.isDirectory() ? 0755 : 0644, e.getMode() & 07777, e.getName());
        m.put(e.getName(), in.readAllBytes());
      }
    }
    return m;
  }

  record Fixture(
      ImageProfile profile,
      Map<VibId, VibDescriptor> descriptors,
      ModulePlan plan,
      Map<VibId, ImgDb.VibFiles> files,
      Map<VibId, byte[]> raw) {}

  static Fixture ga70() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    Map<VibId, byte[]> raw = new TreeMap<>(RealImageDb.rawFiles());
    raw.keySet().retainAll(m.keySet());
    for (VibDescriptor d : m.values()) {
      raw.computeIfAbsent(d.id(), k -> DescriptorXml.write(d));
    }
    Map<VibId, ImgDb.VibFiles> files = new HashMap<>();
    for (Map.Entry<VibId, byte[]> e : raw.entrySet()) {
      byte[] sig =
          e.getKey().value().contains("esx-base")
              ? "-----BEGIN PKCS7-----\n".getBytes(StandardCharsets.US_ASCII)
              : new byte[0];
      files.put(
          e.getKey(), new ImgDb.VibFiles(IsoSource.bytes(e.getValue()), IsoSource.bytes(sig)));
    }
    ImageProfile p = RealImageDb.profile(NAME, m).toBuilder().modifiedTime(T).build();
    return new Fixture(p, m, ModulePlan.of(p, m), files, raw);
  }

  static byte[] imgDb(Fixture f, Map<VibId, ImgDb.VibFiles> files, List<Bulletin> bs)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeImgDb(f.profile(), f.plan(), f.descriptors(), files, bs, List.of(), T, out);
    return out.toByteArray();
  }

  @Test
  void writeImgDb_ga70_vmwareLayoutAndProfileMapsEveryPayload() throws Exception {
    Fixture f = ga70();
    Bulletin b =
        new Bulletin(
            "ESXi_7.0.0-1.0.15843807",
            "VMware",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "ESXi",
            "",
            "7.0.0-1.0.15843807",
            "",
            List.of(),
            List.of(f.profile().vibIds().get(0)));
    LinkedHashMap<String, byte[]> tar = read(imgDb(f, f.files(), List.of(b)));
    List<String> names = new ArrayList<>(tar.keySet());
    assertEquals(
        List.of("var/", "var/db/", "var/db/esximg/", "var/db/esximg/vibs/"), names.subList(0, 4));
    String profileId = ProfileIds.derive(f.profile());
    String profileFile =
        "var/db/esximg/profiles/" + NAME + Long.parseLong(profileId.substring(0, 8), 16);
    assertTrue(names.contains("var/db/esximg/profiles/"));
    assertTrue(names.contains(profileFile), names.toString());
    assertTrue(names.contains("var/db/esximg/bulletins/ESXi_7.0.0-1.0.15843807.xml"));
    // every VIB: .xml re-serialised as an installer does, .xml.orig the descriptor byte for byte
    for (Map.Entry<VibId, byte[]> e : f.raw().entrySet()) {
      String n =
          "var/db/esximg/vibs/"
              + DescriptorXml.metadataFileName(e.getKey(), f.descriptors().get(e.getKey()).name());
      assertArrayEquals(
          DescriptorXml.writeDatabase(f.descriptors().get(e.getKey())), tar.get(n), n);
      assertArrayEquals(e.getValue(), tar.get(n + ".orig"), n);
    }
    assertArrayEquals(
        "-----BEGIN PKCS7-----\n".getBytes(StandardCharsets.US_ASCII),
        tar.get("var/db/esximg/vibs/esx-base-4694820675391265461.xml.sig"));
    assertEquals(
        1, tar.keySet().stream().filter(n -> n.endsWith(".sig")).count(), "unsigned: no .sig");
    // the profile: its own id, serialno, every payload named; modules as in BOOT.CFG
    byte[] xml = tar.get(profileFile);
    String text = new String(xml, StandardCharsets.UTF_8);
    assertTrue(
        text.startsWith(
            "<imageprofile><name>"
                + NAME
                + "</name><creator>VMware, Inc."
                + "</creator><profileID>"
                + profileId
                + "</profileID><modifiedtime>"),
        text);
    assertTrue(text.contains("<serialno>" + f.profile().vibIds().size() + "</serialno>"));
    ProfileDocument doc = ProfileXml.parseDocument(xml, "profile");
    assertEquals(f.profile().vibIds(), doc.profile().vibIds());
    assertEquals(profileId, doc.profile().profileId());
    List<String> mapped = new ArrayList<>();
    int payloads = 0;
    for (Map.Entry<VibId, SortedMap<String, String>> pm : doc.payloads().entrySet()) {
      VibDescriptor d = f.descriptors().get(pm.getKey());
      assertEquals(d.payloads().size(), pm.getValue().size(), d.id().toString());
      payloads += d.payloads().size();
      for (var p : d.payloads()) {
        if (ModulePlan.MODULE_TYPES.contains(p.type())) {
          mapped.add("/" + pm.getValue().get(p.name()));
        }
      }
    }
    assertEquals(payloads, f.plan().localNames().size());
    BootCfg cfg = BootCfg.installer(f.plan(), BootOptions.none());
    List<String> boot = new ArrayList<>(cfg.modules());
    boot.add(cfg.kernel());
    boot.removeIf(s -> s.equals("/imgdb.tgz") || s.equals("/imgpayld.tgz"));
    Collections.sort(boot);
    Collections.sort(mapped);
    assertEquals(boot, mapped);
    VibId esxBase = new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807");
    assertEquals("s.v00", doc.payloads().get(esxBase).get("s"));
    assertEquals("bootx64..b00", doc.payloads().get(esxBase).get("BOOTx64.EFI"));
    // every GA VIB has a module payload, so none is marked <boot>false</boot>
    assertTrue(!text.contains("<boot>"), text);
  }

  @Test
  void writeImgDb_vibWithoutModulePayload_bootFalseAndDocumentsStored() throws Exception {
    Fixture f = ga70();
    VibDescriptor meta =
        org.esxforge.profile.TestVibs.vib("meta-only", "1")
            .vendor("VMW")
            .payload("README", "text")
            .build();
    Map<VibId, VibDescriptor> m = new TreeMap<>(f.descriptors());
    m.put(meta.id(), meta);
    ImageProfile p = f.profile().toBuilder().addVib(meta.id()).build();
    Map<VibId, ImgDb.VibFiles> files = new HashMap<>(f.files());
    files.put(
        meta.id(),
        new ImgDb.VibFiles(
            IsoSource.bytes(DescriptorXml.write(meta)), IsoSource.bytes(new byte[0])));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeImgDb(
        p,
        ModulePlan.of(p, m),
        m,
        files,
        List.of(),
        List.of(),
        List.of(new ImgDb.Document("baseimages", "ESXi-7.0.0.json", new byte[] {'{', '}'})),
        T,
        out);
    LinkedHashMap<String, byte[]> tar = read(out.toByteArray());
    String profile =
        new String(
            tar.entrySet().stream()
                .filter(
                    e ->
                        e.getKey().startsWith("var/db/esximg/profiles/")
                            && !e.getKey().endsWith("/"))
                .findFirst()
                .orElseThrow()
                .getValue(),
            StandardCharsets.UTF_8);
    assertTrue(
        profile.contains(
            "<vib><vib-id>VMW_bootbank_meta-only_1</vib-id><payloads>"
                + "<payload payload-name=\"README\">readme.t00</payload></payloads><boot>false</boot>"
                + "</vib>"),
        profile);
    assertArrayEquals(new byte[] {'{', '}'}, tar.get("var/db/esximg/baseimages/ESXi-7.0.0.json"));
    assertTrue(tar.containsKey("var/db/esximg/baseimages/"));
    assertThrows(IllegalArgumentException.class, () -> new ImgDb.Document("..", "x", new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> new ImgDb.Document("a", "b/../c", new byte[0]));
  }

  @Test
  void profileFileName_longOrOddName_quotedAndCutTo50() {
    String id = "0000ffff" + "0".repeat(24);
    assertEquals(
        "ESXi-6.7.0-8169922-standard65535",
        ImgDb.profileFileName("ESXi-6.7.0-8169922-standard", id));
    assertEquals("a%2Fb%20c%C3%A965535", ImgDb.profileFileName("a/b c\u00e9", id));
    assertEquals("x".repeat(50) + "65535", ImgDb.profileFileName("x".repeat(80), id));
  }

  @Test
  void writeImgDb_twiceShuffledInputs_identicalBytes() throws Exception {
    Fixture f = ga70();
    byte[] a = imgDb(f, f.files(), List.of());
    Map<VibId, ImgDb.VibFiles> reversed = new TreeMap<>(Collections.reverseOrder());
    reversed.putAll(f.files());
    byte[] b = imgDb(f, reversed, List.of());
    assertArrayEquals(a, b);
  }

  @Test
  void writeImgDb_missingFiles_refusedNamingTheVib() throws Exception {
    Fixture f = ga70();
    Map<VibId, ImgDb.VibFiles> files = new HashMap<>(f.files());
    files.remove(new VibId("VMware_bootbank_vsan_7.0.0-1.0.15843807"));
    ImagePlanException e = assertThrows(ImagePlanException.class, () -> imgDb(f, files, List.of()));
    assertEquals(
        "VMware_bootbank_vsan_7.0.0-1.0.15843807: no descriptor or database files for IMGDB.TGZ;"
            + " supply the VIB's descriptor.xml and sig.pkcs7",
        e.getMessage());
  }

  /** Payload bytes = "<vib id>!<payload name>", streamed through a generated source. */
  static IsoSource fakePayload(PayloadRef r) {
    byte[] b = r.toString().getBytes(StandardCharsets.US_ASCII);
    return IsoSource.generated(b.length, ch -> ch.write(java.nio.ByteBuffer.wrap(b)));
  }

  @Test
  void writeImgPayld_ga70_bootPayloadsUnderLocalNamesAndLoaders() throws Exception {
    Fixture f = ga70();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeImgPayld(f.plan(), f.descriptors(), ImgDbTest::fakePayload, T, out);
    LinkedHashMap<String, byte[]> tar = read(out.toByteArray());
    String base = "VMware_bootbank_esx-base_7.0.0-1.0.15843807!";
    String uc = "VMware_bootbank_cpu-microcode_7.0.0-1.0.15843807!";
    assertEquals(
        List.of(
            "var/",
            "var/db/",
            "var/db/payloads/",
            "var/db/payloads/boot/",
            "var/db/payloads/boot/b.b00",
            "var/db/payloads/boot/jumpstrt.gz",
            "var/db/payloads/boot/useropts.gz",
            "var/db/payloads/boot/features.gz",
            "var/db/payloads/boot/k.b00",
            "var/db/payloads/boot/uc_intel.b00",
            "var/db/payloads/boot/uc_amd.b00",
            "var/db/payloads/boot/uc_hygon.b00",
            "var/db/payloads/boot/procfs.b00",
            "var/db/payloads/boot_com32_bios/",
            "var/db/payloads/boot_com32_bios/fatBootSector",
            "var/db/payloads/boot_com32_bios/ldlinux.sys",
            "var/db/payloads/boot_com32_bios/mboot.c32",
            "var/db/payloads/boot_com32_bios/menu.c32",
            "var/db/payloads/boot_com32_bios/safeboot.c32",
            "var/db/payloads/boot_loader_efi/",
            "var/db/payloads/boot_loader_efi/BOOTx64.EFI",
            "var/db/payloads/boot_loader_efi/safeboot.efi"),
        new ArrayList<>(tar.keySet()));
    assertEquals(
        base + "k", new String(tar.get("var/db/payloads/boot/k.b00"), StandardCharsets.US_ASCII));
    assertEquals(
        uc + "uc_amd",
        new String(tar.get("var/db/payloads/boot/uc_amd.b00"), StandardCharsets.US_ASCII));
  }

  @Test
  void writeImgPayld_sourceShorterThanDeclared_fails() throws Exception {
    Fixture f = ga70();
    PayloadSource lying =
        r -> IsoSource.generated(10, ch -> ch.write(java.nio.ByteBuffer.wrap(new byte[3])));
    assertThrows(
        IOException.class,
        () ->
            ImgDb.writeImgPayld(f.plan(), f.descriptors(), lying, T, new ByteArrayOutputStream()));
  }

  @Test
  void writeEmpty_emptyTarGz_readsBackEmpty() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeEmpty(T, out);
    assertEquals(0, read(out.toByteArray()).size());
  }

  @Test
  void writeBaseMisc_ga70Base_everyNonTardiskPayloadSortedMtimeZero() throws Exception {
    Fixture f = ga70();
    VibDescriptor base =
        f.descriptors().get(new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807"));
    VibDescriptor uc =
        f.descriptors().get(new VibId("VMware_bootbank_cpu-microcode_7.0.0-1.0.15843807"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeBaseMisc(List.of(uc, base), ImgDbTest::fakePayload, out);
    LinkedHashMap<String, byte[]> tar = readAt(out.toByteArray(), Instant.EPOCH);
    List<String> files = tar.keySet().stream().filter(n -> !n.endsWith("/")).toList();
    List<String> expected = new ArrayList<>();
    for (VibDescriptor d : List.of(base, uc)) {
      for (var p : d.payloads()) {
        if (!List.of("vgz", "tgz").contains(p.type())) {
          expected.add("var/db/payloads/" + p.type() + "/" + p.name());
        }
      }
    }
    Collections.sort(expected);
    assertEquals(expected, files);
    assertEquals(30 - 6 + 3, files.size()); // esx-base: 30 payloads, 6 vgz; microcode: 3 boot
    assertEquals(
        "VMware_bootbank_esx-base_7.0.0-1.0.15843807!BOOTx64.EFI",
        new String(
            tar.get("var/db/payloads/boot_loader_efi/BOOTx64.EFI"), StandardCharsets.US_ASCII));
    assertTrue(tar.containsKey("var/db/payloads/boot/useropts"));
  }

  @Test
  void writeBaseMisc_payloadNameWithSlash_refusedByTheModelFirst() {
    // the model's identifier rule (model.Identifiers) refuses such a payload before any writer
    // sees it; ImgDb's own check and ContainedPaths are the fences behind it
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                org.esxforge.profile.TestVibs.vib("x", "1")
                    .payload("../evil", "boot_loader_efi")
                    .build());
    assertEquals(
        "invalid payload name '../evil': starts with '.' (unsafe in a file name)", e.getMessage());
  }

  @Test
  void writeResVibs_twoVibs_sortedUnderReservedVibsDir() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImgDb.writeResVibs(
        List.of(
            new ImgDb.ReservedVib(new VibId("VMW_bootbank_b_1"), IsoSource.bytes(new byte[] {2})),
            new ImgDb.ReservedVib(new VibId("VMW_bootbank_a_1"), IsoSource.bytes(new byte[] {1}))),
        T,
        out);
    LinkedHashMap<String, byte[]> tar = read(out.toByteArray());
    assertEquals(
        List.of(
            "var/",
            "var/vmware/",
            "var/vmware/lifecycle/",
            "var/vmware/lifecycle/hostSeed/",
            "var/vmware/lifecycle/hostSeed/reservedVibs/",
            "var/vmware/lifecycle/hostSeed/reservedVibs/VMW_bootbank_a_1.vib",
            "var/vmware/lifecycle/hostSeed/reservedVibs/VMW_bootbank_b_1.vib"),
        new ArrayList<>(tar.keySet()));
    assertArrayEquals(
        new byte[] {1}, tar.get("var/vmware/lifecycle/hostSeed/reservedVibs/VMW_bootbank_a_1.vib"));
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    ImgDb.writeResVibs(List.of(), T, none);
    assertEquals(0, read(none.toByteArray()).size());
  }
}
