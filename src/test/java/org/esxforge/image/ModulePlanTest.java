package org.esxforge.image;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ModulePlanTest {

  private static VibDescriptor esxBase(String version) {
    return vib("esx-base", version)
        .vendor("VMware")
        .payload("b", "boot", 10, "")
        .payload("jumpstrt", "boot", 47, "jumpstrt.gz")
        .payload("k", "boot", 50, "")
        .payload("s", "vgz", 100, "")
        .payload("sb", "vgz", 100, "")
        .payload("btldr", "vgz")
        .payload("isolinux.bin", "boot_iso_bios")
        .payload("precheck.py", "upgrade")
        .build();
  }

  private static ModulePlan plan(VibDescriptor... ds) throws ImagePlanException {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (VibDescriptor d : ds) {
      m.put(d.id(), d);
    }
    return ModulePlan.of(RealImageDb.profile("p", m), m);
  }

  private static List<String> names(ModulePlan p) {
    List<String> l = new ArrayList<>();
    p.all().forEach(m -> l.add(m.localName()));
    return l;
  }

  @Test
  void of_realGa70_sameBaseCountersInVibIdOrder() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    Map<VibId, java.util.SortedMap<String, String>> n =
        ModulePlan.of(RealImageDb.profile("p", m), m).payloadLocalNames();
    // byte-wise id order puts lsi-msgpt35 ('5') before lsi-msgpt3_ ('_'), so msgpt35 gets v01
    assertEquals(
        "lsi_msgp.v00",
        n.get(id("VMW_bootbank_lsi-msgpt2_20.00.06.00-2vmw.700.1.0.15843807")).get("lsi-msgp"));
    assertEquals(
        "lsi_msgp.v01",
        n.get(id("VMW_bootbank_lsi-msgpt35_13.00.12.00-1vmw.700.1.0.15843807")).get("lsi-msgp"));
    assertEquals(
        "lsi_msgp.v02",
        n.get(id("VMW_bootbank_lsi-msgpt3_17.00.10.00-1vmw.700.1.0.15843807")).get("lsi-msgp"));
    assertEquals(
        "lsuv2_oe.v00",
        n.get(id("VMware_bootbank_lsuv2-oem-dell-plugin_1.0.0-1vmw.700.1.0.15843807"))
            .get("lsuv2-oe"));
    assertEquals(
        "lsuv2_oe.v01",
        n.get(id("VMware_bootbank_lsuv2-oem-hp-plugin_1.0.0-1vmw.700.1.0.15843807"))
            .get("lsuv2-oe"));
    assertEquals(
        "lsuv2_oe.v02",
        n.get(id("VMware_bootbank_lsuv2-oem-lenovo-plugin_1.0.0-1vmw.700.1.0.15843807"))
            .get("lsuv2-oe"));
    assertEquals(
        "features.gz", n.get(id("VMware_bootbank_esx-base_7.0.0-1.0.15843807")).get("features"));
    assertEquals("b.b00", n.get(id("VMware_bootbank_esx-base_7.0.0-1.0.15843807")).get("b"));
    // every payload is named, module or not, one counter per base shared by all types (§8.2)
    Map<String, String> base = n.get(id("VMware_bootbank_esx-base_7.0.0-1.0.15843807"));
    assertEquals("isolinux.b00", base.get("isolinux.bin"));
    assertEquals("bootx64..b00", base.get("BOOTx64.EFI"));
    assertEquals("safeboot.b00", base.get("safeboot.c32"));
    assertEquals("safeboot.b01", base.get("safeboot.efi"));
    assertEquals("readme.t00", base.get("README"));
    assertEquals(30, base.size());
  }

  private static VibId id(String s) {
    return new VibId(s);
  }

  @Test
  void of_nvmePcieInTwoVendors_counterFollowsIdNotBootOrder() throws Exception {
    ModulePlan p =
        plan(
            esxBase("8.0.3-0.0.24022510"),
            vib("nvme-pcie", "1.2.4.11-1vmw.803").vendor("VMW").payload("nvme-pcie", "vgz").build(),
            vib("lsuv2-nvme-pcie-plugin", "1.0.0-1vmw.803")
                .vendor("VMware")
                .payload("nvme-pcie-plugin", "vgz")
                .build());
    assertEquals(
        List.of(
            "b.b00",
            "jumpstrt.gz",
            "k.b00",
            "sb.v00",
            "s.v00",
            "nvme_pci.v00",
            "btldr.v00",
            "nvme_pci.v01",
            "imgdb.tgz",
            "basemisc.tgz",
            "resvibs.tgz",
            "esxiodpt.tgz",
            "imgpayld.tgz"),
        names(p));
  }

  @Test
  void of_lockerLowerCaseVendorAndOverlay_orderedToolsThenVmwThenOverlay() throws Exception {
    ModulePlan p =
        plan(
            esxBase("7.0.0-1.0.15843807"),
            vib("esx-xserver", "7.0.0-1.0.15843807")
                .vendor("VMware")
                .overlay()
                .payload("xorg", "vgz")
                .build(),
            vib("tools-light", "11.0.5-1")
                .vendor("VMware")
                .type("locker")
                .payload("tools", "tgz")
                .build(),
            vib("if-re", "1.0-1").vendor("vmw").payload("if-re", "vgz").build(),
            vib("vmkusb-nic-fling", "1.14-1vmw.803")
                .vendor("VMW")
                .payload("vmkusb-n", "vgz")
                .build(),
            vib("zz-overlay", "1").vendor("AAA").overlay().payload("zz", "vgz").build());
    assertEquals(
        List.of(
            "b.b00",
            "jumpstrt.gz",
            "k.b00",
            "sb.v00",
            "s.v00",
            "vmkusb_n.v00",
            "btldr.v00",
            "tools.t00",
            "if_re.v00",
            "zz.v00",
            "xorg.v00",
            "imgdb.tgz",
            "imgpayld.tgz"),
        names(p));
    assertEquals("b.b00", p.kernel().localName());
    assertEquals("7.0.0", p.release());
  }

  @Test
  void of_nameCollisions_vfatAndSpecialNamesSkipped() throws Exception {
    ModulePlan p =
        plan(
            esxBase("7.0.0-1.0.15843807"),
            // a vfat-name equal to a special archive is not taken verbatim
            vib("a", "1").payload("imgdb", "tgz", -1, "imgdb.tgz").build(),
            // a vfat-name that looks generated claims its name; the counter skips it
            vib("b", "1").payload("foo", "vgz", -1, "foo.v00").build(),
            vib("c", "1").payload("foo", "vgz").build(),
            vib("d", "1").payload("Weird.Name!", "vgz").build());
    assertEquals(
        List.of(
            "b.b00",
            "jumpstrt.gz",
            "k.b00",
            "sb.v00",
            "s.v00",
            "imgdb.t00",
            "foo.v00",
            "foo.v01",
            "weird_na.v00",
            "btldr.v00",
            "imgdb.tgz",
            "imgpayld.tgz"),
        names(p));
  }

  @Test
  void of_tiedPayloadsListedNonAlphabetically_vmwareOrderNotNameOrder() throws Exception {
    // descriptor order zeta, alpha, mid (all vgz 100) and boot ties uc_z, uc_a (both 52)
    VibDescriptor base =
        vib("esx-base", "7.0.0-1.0.15843807")
            .vendor("VMware")
            .payload("b", "boot", 10, "")
            .payload("uc_z", "boot", 52, "")
            .payload("uc_a", "boot", 52, "")
            .payload("zeta", "vgz", 100, "")
            .payload("btldr", "vgz")
            .payload("alpha", "vgz", 100, "")
            .payload("mid", "vgz", 100, "")
            .payload("isolinux.bin", "boot_iso_bios")
            .build();
    VibDescriptor drv = vib("drv", "1").vendor("AAA").payload("drv", "vgz", 100, "").build();
    // VMware (§8.1): boot ties keep descriptor order (stable sort); each 100 goes to the front
    // of the list, so ties come out in reverse descriptor order, and drv (AAA_… sorts before
    // VMware_…, so it is visited first, also 100) after all of them. Sorting ties by name (the
    // old rule) gave uc_a uc_z, then zeta mid drv alpha.
    assertEquals(
        List.of(
            "b.b00",
            "uc_z.b00",
            "uc_a.b00",
            "mid.v00",
            "alpha.v00",
            "zeta.v00",
            "drv.v00",
            "btldr.v00",
            "imgdb.tgz",
            "imgpayld.tgz"),
        names(plan(base, drv)));
  }

  @Test
  void of_17PayloadsOneBaseTwoTypes_oneHexCounter() throws Exception {
    List<VibDescriptor> ds = new ArrayList<>();
    ds.add(esxBase("7.0.0-1.0.15843807"));
    for (int i = 0; i < 17; i++) {
      ds.add(
          vib(String.format("drv%02d", i), "1")
              .payload("shared-payload", i % 2 == 0 ? "vgz" : "tgz")
              .build());
    }
    List<String> got = names(plan(ds.toArray(VibDescriptor[]::new)));
    // VMware (§8.2): one counter for base shared_p whatever the type, two hex digits; the old
    // rule counted per base.letter in decimal (v00..v08, t00..t07)
    assertEquals(
        List.of(
            "shared_p.v00",
            "shared_p.t01",
            "shared_p.v02",
            "shared_p.t03",
            "shared_p.v04",
            "shared_p.t05",
            "shared_p.v06",
            "shared_p.t07",
            "shared_p.v08",
            "shared_p.t09",
            "shared_p.v0a",
            "shared_p.t0b",
            "shared_p.v0c",
            "shared_p.t0d",
            "shared_p.v0e",
            "shared_p.t0f",
            "shared_p.v10"),
        got.stream().filter(n -> n.startsWith("shared_p.")).toList());
  }

  @Test
  void of_257SameBase_refusedNamingThePayload() {
    List<VibDescriptor> ds = new ArrayList<>();
    ds.add(esxBase("7.0.0-1.0.15843807"));
    for (int i = 0; i < 257; i++) {
      ds.add(vib(String.format("drv%03d", i), "1").payload("drvpayload", "vgz").build());
    }
    ImagePlanException e =
        assertThrows(ImagePlanException.class, () -> plan(ds.toArray(VibDescriptor[]::new)));
    assertEquals(
        "VMW_bootbank_drv256_1: payload 'drvpayload' would need local name drvpaylo.v100, past"
            + " the limit of 256 names per base (drvpaylo.v00-ff); remove some VIBs whose payload"
            + " names start with 'drvpaylo'",
        e.getMessage());
  }

  @Test
  void of_vgzWithLowBootOrder_appendedNotKernel() throws Exception {
    // only boot-type payloads are sorted by boot-order; a vgz with order 5 is appended (§8.1)
    ModulePlan p =
        plan(
            esxBase("7.0.0-1.0.15843807"),
            vib("early", "1").payload("early", "vgz", 5, "").build());
    assertEquals("b.b00", p.kernel().localName());
    assertEquals(
        List.of(
            "b.b00",
            "jumpstrt.gz",
            "k.b00",
            "sb.v00",
            "s.v00",
            "early.v00",
            "btldr.v00",
            "imgdb.tgz",
            "imgpayld.tgz"),
        names(p));
  }

  @Test
  void of_noBootPayload_refused() {
    ImagePlanException e =
        assertThrows(
            ImagePlanException.class,
            () ->
                plan(
                    vib("esx-base", "7.0.0-1.0.15843807")
                        .vendor("VMware")
                        .payload("s", "vgz", 100, "")
                        .build()));
    assertEquals(
        "p: no boot payload has a boot-order, so there is no kernel; add esx-base", e.getMessage());
  }

  @Test
  void specialNames_byRelease_basemiscFrom70U3() {
    assertEquals(List.of("imgdb.tgz", "imgpayld.tgz"), ModulePlan.specialNames("7.0.2"));
    assertEquals(
        List.of("imgdb.tgz", "basemisc.tgz", "resvibs.tgz", "imgpayld.tgz"),
        ModulePlan.specialNames("7.0.3"));
    assertEquals(
        List.of("imgdb.tgz", "basemisc.tgz", "resvibs.tgz", "esxiodpt.tgz", "imgpayld.tgz"),
        ModulePlan.specialNames("8.0.0"));
    assertEquals(List.of("imgdb.tgz", "imgpayld.tgz"), ModulePlan.specialNames("6.7.0"));
  }

  @Test
  void of_noEsxBase_refused() {
    ImagePlanException e =
        assertThrows(
            ImagePlanException.class, () -> plan(vib("x", "1").payload("x", "vgz").build()));
    assertEquals("p: no esx-base VIB; an installer image needs esx-base", e.getMessage());
  }
}
