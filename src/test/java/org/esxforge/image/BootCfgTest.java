package org.esxforge.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

class BootCfgTest {

  /**
   * The fidelity test of issue 5: the 7.0 GA VIB list (the real 7.0 host database minus HPE's
   * add-ons, with VMware's in-box lpfc, qlnativefc and tools-light, which are not in the fixture
   * and are built as minimal descriptors in {@link RealImageDb}) must give the real 7.0 GA ISO's
   * boot.cfg line for line and byte for byte.
   */
  @Test
  void installer_ga70VibList_equalsRealGaBootCfg() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    ModulePlan plan = ModulePlan.of(RealImageDb.profile("ESXi-7.0.0-15843807-standard", m), m);
    byte[] real = Files.readAllBytes(Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg"));
    String got = BootCfg.installer(plan, BootOptions.none()).text();
    List<String> want = new String(real, StandardCharsets.UTF_8).lines().toList();
    List<String> have = got.lines().toList();
    assertEquals(want.size(), have.size());
    for (int i = 0; i < want.size(); i++) {
      if (want.get(i).startsWith("modules=")) {
        assertEquals(
            List.of(want.get(i).split(" --- ")), List.of(have.get(i).split(" --- ")), "modules");
      }
      assertEquals(want.get(i), have.get(i), "line " + (i + 1));
    }
    assertArrayEquals(real, BootCfg.installer(plan, BootOptions.none()).bytes());
  }

  @Test
  void installer_kickstartAndKernelOpts_appendedInOrder() throws Exception {
    Map<VibId, VibDescriptor> m = RealImageDb.ga70();
    ModulePlan plan = ModulePlan.of(RealImageDb.profile("x", m), m);
    BootCfg c =
        BootCfg.installer(plan, new BootOptions(true, List.of("allowLegacyCPU=true", "ip=dhcp")));
    assertEquals("cdromBoot runweasel ks=cdrom:/KS.CFG allowLegacyCPU=true ip=dhcp", c.kernelOpt());
    assertEquals(
        "kernelopt=cdromBoot runweasel ks=cdrom:/KS.CFG allowLegacyCPU=true ip=dhcp",
        c.text().lines().toList().get(5));
  }

  @Test
  void baseKernelOpt_byRelease_tokenOrderSwitchesAfter700() {
    assertEquals("cdromBoot runweasel", BootCfg.baseKernelOpt("6.7.0"));
    assertEquals("cdromBoot runweasel", BootCfg.baseKernelOpt("7.0.0"));
    assertEquals("runweasel cdromBoot", BootCfg.baseKernelOpt("7.0.2"));
    assertEquals("runweasel cdromBoot", BootCfg.baseKernelOpt("8.0.3"));
    assertEquals("runweasel cdromBoot", BootCfg.baseKernelOpt("9.0.0.0100"));
  }

  @Test
  void isolinux_profileName_menuAndVolumeId() {
    assertEquals(
        "DEFAULT menu.c32\nMENU TITLE ESXi-7.0.0-15843807-standard Boot Menu\nNOHALT 1\nPROMPT 0\n"
            + "TIMEOUT 80\nLABEL install\n  KERNEL mboot.c32\n  APPEND -c boot.cfg\n"
            + "  MENU LABEL ESXi-7.0.0-15843807-standard ^Installer\nLABEL hddboot\n"
            + "  LOCALBOOT 0x80\n  MENU LABEL ^Boot from local disk\n",
        IsolinuxCfg.text("ESXi-7.0.0-15843807-standard"));
    assertEquals(
        "ESXI-9.1.0.0100-25433460-STANDAR",
        IsolinuxCfg.volumeId("ESXi-9.1.0.0100-25433460-standard"));
    assertEquals("MY_LAB_ISO", IsolinuxCfg.volumeId("my lab/iso"));
  }
}
