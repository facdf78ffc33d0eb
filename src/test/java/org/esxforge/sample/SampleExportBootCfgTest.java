package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.bundle.DepotContent;
import org.esxforge.event.EventHandlers;
import org.esxforge.image.BootCfg;
import org.esxforge.image.BootOptions;
import org.esxforge.image.ModulePlan;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The sample's 7.0 GA standard profile exports (package image) to the real GA BOOT.CFG. */
class SampleExportBootCfgTest {
  @Test
  void bootCfg_sampleGaStandardProfile_equalsRealGaBootCfg() throws Exception {
    DepotContent c =
        SampleContent.of(SampleVersion.V7_0, BootImages.placeholders("test"), EventHandlers.none());
    Map<VibId, VibDescriptor> descriptors = new HashMap<>();
    c.vibs().forEach(v -> descriptors.put(v.descriptor().id(), v.descriptor()));
    ImageProfile p =
        c.profiles().stream()
            .filter(x -> x.name().equals("ESXi-7.0.0-15843807-standard"))
            .findFirst()
            .orElseThrow();
    byte[] real = Files.readAllBytes(Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg"));
    byte[] got = BootCfg.installer(ModulePlan.of(p, descriptors), BootOptions.none()).bytes();
    assertEquals(
        List.of(new String(real, StandardCharsets.UTF_8).split(" --- ")),
        List.of(new String(got, StandardCharsets.UTF_8).split(" --- ")));
    assertArrayEquals(real, got);

    ImageProfile noTools =
        c.profiles().stream()
            .filter(x -> x.name().equals("ESXi-7.0.0-15843807-no-tools"))
            .findFirst()
            .orElseThrow();
    String nt = BootCfg.installer(ModulePlan.of(noTools, descriptors), BootOptions.none()).text();
    assertEquals(new String(real, StandardCharsets.UTF_8).replace(" --- /tools.t00", ""), nt);
  }

  @Test
  void bootCfg_sample80StandardProfile_hasThe80Shape() throws Exception {
    DepotContent c =
        SampleContent.of(SampleVersion.V8_0, BootImages.placeholders("test"), EventHandlers.none());
    Map<VibId, VibDescriptor> descriptors = new HashMap<>();
    c.vibs().forEach(v -> descriptors.put(v.descriptor().id(), v.descriptor()));
    ImageProfile p =
        c.profiles().stream()
            .filter(x -> x.name().equals("ESXi-8.0U3-24022510-standard"))
            .findFirst()
            .orElseThrow();
    BootCfg cfg = BootCfg.installer(ModulePlan.of(p, descriptors), BootOptions.none());
    List<String> m = cfg.modules();
    assertEquals(
        List.of(
            "/tools.t00",
            "/xorg.v00",
            "/gc.v00",
            "/imgdb.tgz",
            "/basemisc.tgz",
            "/resvibs.tgz",
            "/esxiodpt.tgz",
            "/imgpayld.tgz"),
        m.subList(m.size() - 8, m.size()));
    assertEquals("/b.b00", cfg.kernel());
    assertEquals("8.0.3-0.0.24022510", cfg.build());
    assertEquals("runweasel cdromBoot", cfg.kernelOpt());
  }
}
