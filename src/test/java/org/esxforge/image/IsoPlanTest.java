package org.esxforge.image;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.iso.BootEntry;
import org.esxforge.iso.IsoPath;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class IsoPlanTest {
  static final String NAME = "ESXi-7.0.0-15843807-standard";

  static IsoPlan ga70(BootOptions o) throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    return IsoPlan.of(RealImageDb.profile(NAME, m), m, o);
  }

  @Test
  void of_ga70_everyFileAndSource() throws Exception {
    IsoPlan p = ga70(BootOptions.none());
    List<String> nonModules = new ArrayList<>();
    p.files()
        .forEach(
            (path, c) -> {
              String n = path.path();
              if (!n.matches("/[A-Z0-9_]+\\.[BVT]\\d\\d") && !n.endsWith(".GZ")) {
                nonModules.add(n);
              }
            });
    assertEquals(
        List.of(
            "/BOOT.CFG",
            "/EFI/BOOT/BOOT.CFG",
            "/EFI/BOOT/BOOTX64.EFI",
            "/EFI/BOOT/SAFEBOOT.EFI",
            "/EFIBOOT.IMG",
            "/IMGDB.TGZ",
            "/IMGPAYLD.TGZ",
            "/ISOLINUX.BIN",
            "/ISOLINUX.CFG",
            "/MBOOT.C32",
            "/MENU.C32",
            "/OSL.TXT",
            "/README",
            "/SAFEBOOT.C32",
            "/UPGRADE/ESXIMAGE.ZIP",
            "/UPGRADE/EXTLINUX",
            "/UPGRADE/GPTMBR.BIN",
            "/UPGRADE/MBR.BIN",
            "/UPGRADE/METADATA.XML",
            "/UPGRADE/PRECHECK.PY",
            "/UPGRADE/PREP.PY"),
        nonModules);
    // 88 payload modules + the two archives + 21 others
    assertEquals(88 + 2 + 19, p.files().size());
    VibId base = new VibId("VMware_bootbank_esx-base_7.0.0-1.0.15843807");
    assertEquals(
        new IsoPlan.FromPayload(new PayloadRef(base, "isolinux.bin")),
        p.files().get(new IsoPath("/ISOLINUX.BIN")));
    assertEquals(
        new IsoPlan.FromPayload(new PayloadRef(base, "BOOTx64.EFI")),
        p.files().get(new IsoPath("/EFI/BOOT/BOOTX64.EFI")));
    assertEquals(
        new IsoPlan.FromPayload(new PayloadRef(base, "s")), p.files().get(new IsoPath("/S.V00")));
    assertEquals(
        new IsoPlan.Archive(IsoPlan.ArchiveKind.IMGDB), p.files().get(new IsoPath("/IMGDB.TGZ")));
    assertEquals(
        p.files().get(new IsoPath("/BOOT.CFG")), p.files().get(new IsoPath("/EFI/BOOT/BOOT.CFG")));
    assertEquals(new IsoPlan.Text(p.bootCfg().text()), p.files().get(new IsoPath("/BOOT.CFG")));
    // every BOOT.CFG module is a file of the ISO
    List<String> mods = new ArrayList<>(p.bootCfg().modules());
    mods.add(p.bootCfg().kernel());
    for (String mod : mods) {
      assertTrue(p.files().containsKey(IsoPath.parse(mod)), mod);
    }
    assertEquals(
        List.of(
            BootEntry.bios(new IsoPath("/ISOLINUX.BIN"), 4, true),
            BootEntry.uefi(new IsoPath("/EFIBOOT.IMG"))),
        p.bootEntries());
    assertEquals("ESXI-7.0.0-15843807-STANDARD", p.volumeId());
  }

  @Test
  void of_kickstart_ksCfgAndKernelOpt() throws Exception {
    IsoPlan p = ga70(new BootOptions(true, List.of()));
    assertEquals(new IsoPlan.Kickstart(), p.files().get(new IsoPath("/KS.CFG")));
    assertEquals("cdromBoot runweasel ks=cdrom:/KS.CFG", p.bootCfg().kernelOpt());
  }

  @Test
  void of_longBootLoaderName_refusedTextNameMapped() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    VibDescriptor doc = vib("docs", "1").payload("release-notes.html", "text").build();
    m.put(doc.id(), doc);
    IsoPlan p = IsoPlan.of(RealImageDb.profile(NAME, m), m, BootOptions.none());
    assertEquals(
        new IsoPlan.FromPayload(new PayloadRef(doc.id(), "release-notes.html")),
        p.files().get(new IsoPath("/RELEASE_.HTM")));
    VibDescriptor efi =
        vib("efi-extra", "1").payload("grubx64-signed.efi", "boot_loader_efi").build();
    m.put(efi.id(), efi);
    ImagePlanException e =
        assertThrows(
            ImagePlanException.class,
            () -> IsoPlan.of(RealImageDb.profile(NAME, m), m, BootOptions.none()));
    assertEquals(
        "VMW_bootbank_efi-extra_1!grubx64-signed.efi: cannot be put on the ISO as"
            + " '/EFI/BOOT/GRUBX64-SIGNED.EFI': invalid ISO 9660 path '/EFI/BOOT/grubx64-signed.efi':"
            + " name 'GRUBX64-SIGNED.EFI' does not fit 8.3; ISO level 1 needs 8.3 names of A-Z 0-9 _",
        e.getMessage());
  }

  @Test
  void of_twoVibsSameLoader_refused() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    VibDescriptor dup = vib("other-loader", "1").payload("mboot.c32", "boot_com32_bios").build();
    m.put(dup.id(), dup);
    ImagePlanException e =
        assertThrows(
            ImagePlanException.class,
            () -> IsoPlan.of(RealImageDb.profile(NAME, m), m, BootOptions.none()));
    assertEquals(
        "VMware_bootbank_esx-base_7.0.0-1.0.15843807!mboot.c32: ISO path /MBOOT.C32 is already"
            + " taken by another file; remove one of the VIBs that supply it",
        e.getMessage());
  }
}
