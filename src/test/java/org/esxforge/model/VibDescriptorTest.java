package org.esxforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.esxforge.profile.TestVibs;
import org.junit.jupiter.api.Test;

class VibDescriptorTest {
  @Test
  void id_derivedOnceFromTheFourFields_givenOneIgnored() {
    VibDescriptor d = TestVibs.vib("nvme-pcie", "1.2.3-1vmw.700").build();
    assertEquals(VibId.of(d.vendor(), d.type(), d.name(), "1.2.3-1vmw.700"), d.id());
    assertEquals("VMW_bootbank_nvme-pcie_1.2.3-1vmw.700", d.id().value());
    assertSame(d.id(), d.id());
    VibDescriptor claimed =
        new VibDescriptor(
            d.formatVersion(),
            d.type(),
            d.name(),
            d.version(),
            d.vendor(),
            d.summary(),
            d.description(),
            d.releaseDate(),
            d.urls(),
            d.relationships(),
            d.softwareTags(),
            d.installDate(),
            d.maintenanceMode(),
            d.maintenanceModeInstall(),
            d.maintenanceModeRemove(),
            d.softwarePlatforms(),
            d.hwPlatforms(),
            d.fileList(),
            d.acceptanceLevel(),
            d.liveInstallAllowed(),
            d.liveRemoveAllowed(),
            d.cimomRestart(),
            d.statelessReady(),
            d.overlay(),
            List.copyOf(d.payloads()),
            new VibId("VMW_bootbank_other_9.9"));
    assertEquals(d.id(), claimed.id());
    assertEquals(d, claimed);
  }
}
