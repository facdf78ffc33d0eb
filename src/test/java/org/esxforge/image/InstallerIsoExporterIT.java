package org.esxforge.image;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.esxforge.iso.IsoResult;
import org.esxforge.iso.IsoSource;
import org.esxforge.iso.IsoWriters;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.ExternalTools;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes a small synthetic 8.0 installer ISO and reads it back with isoinfo. */
class InstallerIsoExporterIT {
  static final Instant T = Instant.parse("2024-06-25T00:00:00Z");
  static final String NAME = "ESXi-8.0U3-24022510-custom";

  @TempDir Path tmp;

  static Map<VibId, VibDescriptor> descriptors() {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (VibDescriptor d :
        List.of(
            vib("esx-base", "8.0.3-0.0.24022510")
                .vendor("VMware")
                .payload("b", "boot", 10, "")
                .payload("jumpstrt", "boot", 47, "jumpstrt.gz")
                .payload("k", "boot", 50, "")
                .payload("s", "vgz", 100, "")
                .payload("sb", "vgz", 100, "")
                .payload("isolinux.bin", "boot_iso_bios")
                .payload("mboot.c32", "boot_com32_bios")
                .payload("menu.c32", "boot_com32_bios")
                .payload("ldlinux.sys", "boot_com32_bios")
                .payload("BOOTx64.EFI", "boot_loader_efi")
                .payload("efiboot.img", "eltorito_image_efi")
                .payload("precheck.py", "upgrade")
                .payload("osl.txt", "text")
                .build(),
            vib("esx-update", "8.0.3-0.0.24022510")
                .vendor("VMware")
                .payload("weaselin", "vgz")
                .build(),
            vib("tools-light", "12.4.0-1")
                .vendor("VMware")
                .type("locker")
                .payload("tools", "tgz")
                .build(),
            vib("net-r8125", "9.011.00-10")
                .vendor("Realtek")
                .level(AcceptanceLevel.COMMUNITY)
                .payload("net-r812", "vgz")
                .build())) {
      m.put(d.id(), d);
    }
    return m;
  }

  /** 2 KiB per payload (4 KiB for efiboot.img): the ref's text repeated. */
  static IsoSource payload(PayloadRef r) {
    byte[] unit = (r + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[r.payloadName().equals("efiboot.img") ? 4096 : 2048];
    for (int i = 0; i < b.length; i++) {
      b[i] = unit[i % unit.length];
    }
    return IsoSource.generated(b.length, ch -> ch.write(ByteBuffer.wrap(b)));
  }

  static InstallerIsoExporter.Inputs inputs(ImageProfile p, Map<VibId, VibDescriptor> m) {
    Map<VibId, ImgDb.VibFiles> files = new HashMap<>();
    for (VibDescriptor d : m.values()) {
      files.put(
          d.id(),
          new ImgDb.VibFiles(
              IsoSource.bytes(DescriptorXml.write(d)), IsoSource.bytes(new byte[0])));
    }
    return new InstallerIsoExporter.Inputs(
        p,
        m,
        files,
        List.of(),
        List.of(),
        InstallerIsoExporterIT::payload,
        IsoSource.bytes("vmaccepteula\n".getBytes(StandardCharsets.US_ASCII)),
        T);
  }

  static String run(String... cmd) throws Exception {
    Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = pr.getInputStream().readAllBytes();
    assertTrue(pr.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, pr.exitValue(), new String(out, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void export_synthetic80_readBackWithIsoinfoAndDeterministic() throws Exception {
    Path isoinfo = ExternalTools.require("isoinfo");
    Map<VibId, VibDescriptor> m = descriptors();
    ImageProfile p =
        RealImageDb.profile(NAME, m).toBuilder().acceptanceLevel(AcceptanceLevel.COMMUNITY).build();
    IsoPlan plan = IsoPlan.of(p, m, new BootOptions(true, List.of()));
    Path iso = tmp.resolve("a.iso");
    IsoResult r = InstallerIsoExporter.export(plan, inputs(p, m), IsoWriters.builtin(), iso);
    assertEquals(Files.size(iso), r.byteCount());
    assertEquals(List.of("a.iso"), listNames(tmp), "no temporary file left");

    List<String> files = new ArrayList<>();
    for (String line : run(isoinfo.toString(), "-i", iso.toString(), "-f").split("\n")) {
      files.add(line.trim());
    }
    files.sort(null);
    assertEquals(
        List.of(
            "/B.B00;1",
            "/BASEMISC.TGZ;1",
            "/BOOT.CAT;1",
            "/BOOT.CFG;1",
            "/EFI",
            "/EFI/BOOT",
            "/EFI/BOOT/BOOT.CFG;1",
            "/EFI/BOOT/BOOTX64.EFI;1",
            "/EFIBOOT.IMG;1",
            "/ESXIODPT.TGZ;1",
            "/IMGDB.TGZ;1",
            "/IMGPAYLD.TGZ;1",
            "/ISOLINUX.BIN;1",
            "/ISOLINUX.CFG;1",
            "/JUMPSTRT.GZ;1",
            "/K.B00;1",
            "/KS.CFG;1",
            "/MBOOT.C32;1",
            "/MENU.C32;1",
            "/NET_R812.V00;1",
            "/OSL.TXT;1",
            "/RESVIBS.TGZ;1",
            "/S.V00;1",
            "/SB.V00;1",
            "/TOOLS.T00;1",
            "/UPGRADE",
            "/UPGRADE/PRECHECK.PY;1",
            "/WEASELIN.V00;1"),
        files);
    String bootCfg = run(isoinfo.toString(), "-i", iso.toString(), "-x", "/BOOT.CFG;1");
    assertEquals(plan.bootCfg().text(), bootCfg);
    assertEquals(
        "bootstate=0\ntitle=Loading ESXi installer\ntimeout=5\nprefix=\nkernel=/b.b00\n"
            + "kernelopt=runweasel cdromBoot ks=cdrom:/KS.CFG\n"
            + "modules=/jumpstrt.gz --- /k.b00 --- /sb.v00 --- /s.v00 --- /net_r812.v00 ---"
            + " /weaselin.v00 --- /tools.t00 --- /imgdb.tgz --- /basemisc.tgz --- /resvibs.tgz ---"
            + " /esxiodpt.tgz --- /imgpayld.tgz\nbuild=8.0.3-0.0.24022510\nupdated=0",
        bootCfg);
    assertEquals(
        bootCfg, run(isoinfo.toString(), "-i", iso.toString(), "-x", "/EFI/BOOT/BOOT.CFG;1"));
    String k = run(isoinfo.toString(), "-i", iso.toString(), "-x", "/K.B00;1");
    assertTrue(k.startsWith("VMware_bootbank_esx-base_8.0.3-0.0.24022510!k\n"));
    String d = run(isoinfo.toString(), "-i", iso.toString(), "-d");
    assertTrue(d.contains("Volume id: ESXI-8.0U3-24022510-CUSTOM"), d);
    assertTrue(d.contains("El Torito"), d);

    // IMGDB read back: the profile maps every module the BOOT.CFG lists
    byte[] db =
        run(isoinfo.toString(), "-i", iso.toString(), "-x", "/IMGDB.TGZ;1")
            .getBytes(StandardCharsets.ISO_8859_1);
    Map<String, byte[]> tar = ImgDbTest.readAt(db, T);
    String profile =
        new String(
            tar.entrySet().stream()
                .filter(e -> e.getKey().startsWith("var/db/esximg/profiles/" + NAME))
                .findFirst()
                .orElseThrow()
                .getValue(),
            StandardCharsets.UTF_8);
    for (String mod :
        List.of(
            "b.b00",
            "jumpstrt.gz",
            "k.b00",
            "sb.v00",
            "s.v00",
            "net_r812.v00",
            "weaselin.v00",
            "tools.t00")) {
      assertTrue(profile.contains(">" + mod + "</payload>"), mod);
    }

    // same inputs, shuffled maps, another file: identical bytes
    Path iso2 = tmp.resolve("b.iso");
    Map<VibId, VibDescriptor> shuffled = new HashMap<>(m);
    IsoResult r2 =
        InstallerIsoExporter.export(
            IsoPlan.of(p, shuffled, new BootOptions(true, List.of())),
            inputs(p, shuffled),
            IsoWriters.builtin(),
            iso2);
    assertEquals(r.sha256(), r2.sha256());
    assertArrayEquals(Files.readAllBytes(iso), Files.readAllBytes(iso2));
  }

  @Test
  void export_kickstartPlannedButMissing_refusedNothingLeft() throws Exception {
    Map<VibId, VibDescriptor> m = descriptors();
    ImageProfile p =
        RealImageDb.profile(NAME, m).toBuilder().acceptanceLevel(AcceptanceLevel.COMMUNITY).build();
    InstallerIsoExporter.Inputs in = inputs(p, m);
    InstallerIsoExporter.Inputs noKs =
        new InstallerIsoExporter.Inputs(
            p, m, in.databaseFiles(), List.of(), List.of(), in.payloads(), null, T);
    ImagePlanException e =
        assertThrows(
            ImagePlanException.class,
            () ->
                InstallerIsoExporter.export(
                    IsoPlan.of(p, m, new BootOptions(true, List.of())),
                    noKs,
                    IsoWriters.builtin(),
                    tmp.resolve("x.iso")));
    assertEquals(
        "/KS.CFG: the plan has a kickstart file but none was given; pass the KS.CFG bytes",
        e.getMessage());
    assertEquals(List.of(), listNames(tmp));
  }

  static List<String> listNames(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  static byte[] bytes(ByteArrayOutputStream o) {
    return o.toByteArray();
  }
}
