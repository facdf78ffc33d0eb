package org.esxforge.profile;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Relation;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ProfileValidatorTest {

  static VibDescriptor esxBase(String version) {
    return vib("esx-base", version)
        .vendor("VMware")
        .depends("esx-update", Relation.GE, "8.0.3-0.0")
        .provides("vmkapi_2_13_0_0", null)
        .provides("esx-version", "8.0.3-0.0.24022510")
        .payload("b", "boot", 10, "")
        .payload("k", "boot", 50, "")
        .payload("s", "vgz", 100, "")
        .payload("isolinux.bin", "boot_iso_bios")
        .payload("mboot.c32", "boot_com32_bios")
        .payload("menu.c32", "boot_com32_bios")
        .payload("BOOTx64.EFI", "boot_loader_efi")
        .payload("efiboot.img", "eltorito_image_efi")
        .build();
  }

  static Map<VibId, VibDescriptor> base() {
    Map<VibId, VibDescriptor> m = new HashMap<>();
    for (VibDescriptor d :
        List.of(
            esxBase("8.0.3-0.0.24022510"),
            vib("esx-update", "8.0.3-0.0.24022510")
                .vendor("VMware")
                .payload("esxupdt", "vgz")
                .build(),
            vib("vmkusb", "0.1-1vmw.803")
                .depends("vmkapi_2_13_0_0")
                .platform("8.0")
                .payload("vmkusb", "vgz")
                .build())) {
      m.put(d.id(), d);
    }
    return m;
  }

  static ImageProfile profile(Map<VibId, VibDescriptor> m, AcceptanceLevel level) {
    return ImageProfile.builder("ESXi-8.0U3-24022510-standard", level)
        .vibIds(List.copyOf(m.keySet()))
        .build();
  }

  private static List<String> lines(List<Problem> ps) {
    return ps.stream().map(Problem::toString).toList();
  }

  @Test
  void validate_completeProfile_noProblems() {
    Map<VibId, VibDescriptor> m = base();
    assertEquals(
        List.of(),
        ProfileValidator.validate(
            profile(m, AcceptanceLevel.PARTNER), m, ValidationContext.forIso()));
  }

  @Test
  void validate_unprovidedVmkapi_oneExactLine() {
    Map<VibId, VibDescriptor> m = base();
    VibDescriptor r8168 =
        vib("net55-r8168", "8.045a-napi")
            .level(AcceptanceLevel.COMMUNITY)
            .depends("vmkapi_2_2_0_0")
            .payload("net55-r8", "tgz")
            .build();
    m.put(r8168.id(), r8168);
    List<Problem> ps =
        ProfileValidator.validate(
            profile(m, AcceptanceLevel.COMMUNITY), m, ValidationContext.forIso());
    assertEquals(
        List.of(
            // a kernel-interface dependency is a platform line, never "add a VIB that provides"
            "VMW_bootbank_net55-r8168_8.045a-napi: net55-r8168 8.045a-napi does not fit the"
                + " image's base ESXi 8.0.3 (it needs vmkapi_2_2_0_0, which ESXi 8.0.3 does not"
                + " provide); compatible versions in the depots given: none; add a build of"
                + " net55-r8168 made for ESXi 8.0.3 or remove net55-r8168"),
        lines(ps));
  }

  @Test
  void validate_versionedConstraints_providesAndNamesTestedWithRelation() {
    Map<VibId, VibDescriptor> m = base();
    VibDescriptor ok =
        vib("a", "1.0-1")
            .depends("esx-version", Relation.GE, "8.0.0")
            .depends("esx-base", Relation.LT, "8.0.4")
            .build();
    VibDescriptor tooNew = vib("b", "1.0-1").depends("esx-version", Relation.GE, "9.0.0").build();
    VibDescriptor versionedOnUnversioned =
        vib("c", "1.0-1").depends("vmkapi_2_13_0_0", Relation.EQ, "1.0").build();
    for (VibDescriptor d : List.of(ok, tooNew, versionedOnUnversioned)) {
      m.put(d.id(), d);
    }
    assertEquals(
        List.of(
            "VMW_bootbank_b_1.0-1: b 1.0-1 does not fit the image's base ESXi 8.0.3 (it needs"
                + " esx-version >= 9.0.0, which ESXi 8.0.3 does not provide); compatible versions"
                + " in the depots given: none; add a build of b made for ESXi 8.0.3 or remove b",
            "VMW_bootbank_c_1.0-1: c 1.0-1 does not fit the image's base ESXi 8.0.3 (it needs"
                + " vmkapi_2_13_0_0 = 1.0, which ESXi 8.0.3 does not provide); compatible versions"
                + " in the depots given: none; add a build of c made for ESXi 8.0.3 or remove c"),
        lines(
            ProfileValidator.validate(
                profile(m, AcceptanceLevel.PARTNER), m, ValidationContext.forIso())));
  }

  @Test
  void validate_constraintWithoutRelease_comparesVersionPartOnly() {
    Map<VibId, VibDescriptor> m = base();
    VibDescriptor eq = vib("eq", "1").depends("esx-version", Relation.EQ, "8.0.3").build();
    VibDescriptor le = vib("le", "1").depends("esx-version", Relation.LE, "8.0.3").build();
    VibDescriptor lt = vib("lt", "1").depends("esx-version", Relation.LT, "8.0.3").build();
    VibDescriptor rel =
        vib("rel", "1").depends("esx-version", Relation.LT, "8.0.3-0.0.24022510").build();
    for (VibDescriptor d : List.of(eq, le, lt, rel)) {
      m.put(d.id(), d);
    }
    assertEquals(
        List.of("VMW_bootbank_lt_1", "VMW_bootbank_rel_1"),
        ProfileValidator.validate(
                profile(m, AcceptanceLevel.PARTNER), m, ValidationContext.forIso())
            .stream()
            .map(p -> p.vibId().value())
            .toList());
  }

  @Test
  void validate_conflictDuplicatePlatformAcceptance_eachReported() {
    Map<VibId, VibDescriptor> m = base();
    VibDescriptor conflicting = vib("x", "1.0-1").conflicts("vmkusb", Relation.LT, "1.0").build();
    VibDescriptor dupA = vib("dup", "1.0-1").build();
    VibDescriptor dupB = vib("dup", "2.0-1").vendor("ACME").build();
    VibDescriptor old = vib("old", "1.0-1").platform("7.0").build();
    VibDescriptor community = vib("comm", "1.0-1").level(AcceptanceLevel.COMMUNITY).build();
    for (VibDescriptor d : List.of(conflicting, dupA, dupB, old, community)) {
      m.put(d.id(), d);
    }
    assertEquals(
        List.of(
            "ACME_bootbank_dup_2.0-1: name dup appears 2 times: ACME_bootbank_dup_2.0-1,"
                + " VMW_bootbank_dup_1.0-1; keep one version of dup",
            "VMW_bootbank_comm_1.0-1: acceptance level community is below the profile's level"
                + " partner; lower the profile's acceptance level to community or remove comm",
            "VMW_bootbank_old_1.0-1: old 1.0-1 is made for ESXi 7.0, but the image's base is ESXi"
                + " 8.0.3; compatible versions in the depots given: none; add a build of old made"
                + " for ESXi 8.0.3 or remove old",
            "VMW_bootbank_x_1.0-1: conflicts with VMW_bootbank_vmkusb_0.1-1vmw.803 (constraint"
                + " vmkusb << 1.0); remove x or vmkusb"),
        lines(
            ProfileValidator.validate(
                profile(m, AcceptanceLevel.PARTNER), m, ValidationContext.forIso())));
  }

  @Test
  void validate_signatures_checkedUnlessOffAndNeverForCommunity() {
    Map<VibId, VibDescriptor> m = base();
    VibDescriptor comm = vib("comm", "1.0-1").level(AcceptanceLevel.COMMUNITY).build();
    m.put(comm.id(), comm);
    VibId vmkusb = new VibId("VMW_bootbank_vmkusb_0.1-1vmw.803");
    VibId update = new VibId("VMware_bootbank_esx-update_8.0.3-0.0.24022510");
    ValidationContext ctx =
        ValidationContext.forIso()
            .withSignatures(
                Map.of(
                    vmkusb,
                    SignatureStatus.UNSIGNED,
                    update,
                    SignatureStatus.INVALID,
                    comm.id(),
                    SignatureStatus.UNSIGNED));
    ImageProfile p = profile(m, AcceptanceLevel.COMMUNITY);
    assertEquals(
        List.of(
            "VMW_bootbank_vmkusb_0.1-1vmw.803: is certified but unsigned; get a signed build of"
                + " vmkusb or turn the signature check off",
            "VMware_bootbank_esx-update_8.0.3-0.0.24022510: is certified but its signature does"
                + " not verify; get an unmodified build of esx-update or turn the signature check"
                + " off"),
        lines(ProfileValidator.validate(p, m, ctx)));
    assertEquals(List.of(), ProfileValidator.validate(p, m, ctx.withSignatureCheck(false)));
  }

  @Test
  void validate_noBaseNoDescriptor_notBootableAndMissing() {
    Map<VibId, VibDescriptor> m = base();
    m.remove(esxBase("8.0.3-0.0.24022510").id());
    ImageProfile p =
        profile(m, AcceptanceLevel.PARTNER).toBuilder()
            .addVib(new VibId("VMW_bootbank_ghost_1.0-1"))
            .build();
    List<String> got = lines(ProfileValidator.validate(p, m, ValidationContext.forIso()));
    assertEquals(
        List.of(
            "cannot build an installer ISO: no VIB has a bootable kernel (boot payload b); add"
                + " esx-base",
            "cannot build an installer ISO: no VIB has the BIOS boot loader isolinux.bin (payload"
                + " type boot_iso_bios); add esx-base, which carries the boot loaders",
            "cannot build an installer ISO: no VIB has the BIOS boot menu menu.c32 (payload type"
                + " boot_com32_bios); add esx-base, which carries the boot loaders",
            "cannot build an installer ISO: no VIB has the BIOS multiboot loader mboot.c32"
                + " (payload type boot_com32_bios); add esx-base, which carries the boot loaders",
            "cannot build an installer ISO: no VIB has the UEFI El Torito image efiboot.img"
                + " (payload type eltorito_image_efi); add esx-base, which carries the boot"
                + " loaders",
            "cannot build an installer ISO: no VIB has the UEFI boot loader BOOTx64.EFI (payload"
                + " type boot_loader_efi); add esx-base, which carries the boot loaders",
            "VMW_bootbank_ghost_1.0-1: no descriptor for this VIB in the depots given; add the"
                + " depot that has it or remove ghost",
            "VMW_bootbank_vmkusb_0.1-1vmw.803: depends on vmkapi_2_13_0_0, which no VIB in"
                + " ESXi-8.0U3-24022510-standard provides; add a VIB that provides it or remove"
                + " vmkusb"),
        got);
    assertTrue(
        ProfileValidator.validate(p, m, ValidationContext.forIso().withInstallerIso(false)).stream()
            .noneMatch(x -> x.code() == Problem.Code.NOT_BOOTABLE));
  }
}
