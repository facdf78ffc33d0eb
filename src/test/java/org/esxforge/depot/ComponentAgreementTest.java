package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.esxforge.bundle.DepotContent;
import org.esxforge.bundle.DepotWriter;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.Sha256;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component must agree with its VIBs' signed descriptors; each disagreement is one line. */
class ComponentAgreementTest {
  private static final String FLING = "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";
  private static final VibId ID =
      VibId.of("VMW", "bootbank", "vmkusb-nic-fling", "1.14-1vmw.803.0.0.75399077");

  @TempDir Path tmp;

  @Test
  void check_realComponent_agrees() throws Exception {
    try (Catalog c =
        Depots.open(
            List.of(Fixtures.real(FLING).toString()),
            DepotOptions.defaults(),
            EventHandlers.none())) {
      assertEquals(List.of(), ComponentAgreement.check(c, c.components().get(0)));
    }
  }

  @Test
  void check_componentClaimsOtherPlatform_oneLineDescriptorWins() throws Exception {
    Path vib = tmp.resolve("fling.vib");
    try (ZipFile z = ZipFile.builder().setPath(Fixtures.real(FLING)).get()) {
      Files.write(
          vib,
          z.getInputStream(z.getEntry("vib20/vmkusb-nic-fling/" + ID.value() + ".vib"))
              .readAllBytes());
    }
    org.esxforge.model.VibDescriptor descriptor;
    try (VibFile f = VibFile.open(vib)) {
      descriptor = f.descriptor();
    }
    Bulletin lying =
        new Bulletin(
            "X_1",
            "VMware",
            "",
            "",
            "",
            "",
            "extension",
            "",
            "",
            "",
            "",
            "X",
            "",
            "1",
            "",
            List.of(new SoftwarePlatform("6.7.0", "", "embeddedEsx")),
            List.of(ID));
    Path zip = tmp.resolve("lying.zip");
    DepotWriter.writeZip(
        new DepotContent(
            DepotIndex.Vendor.offline("VMware", "VMW"),
            List.of("8.0"),
            List.of(lying),
            List.of(),
            List.of(),
            List.of(
                new DepotContent.Vib(
                    descriptor,
                    VibWriter.Source.of(vib),
                    Files.size(vib),
                    Sha256.of(Files.readAllBytes(vib)))),
            Instant.EPOCH),
        zip);
    try (Catalog c =
        Depots.open(List.of(zip.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      assertEquals(
          List.of(
              "component X:1 claims ESXi 6.7.0 but its VIB "
                  + ID
                  + " is for ESXi 8.0 (the signed"
                  + " descriptor wins)"),
          ComponentAgreement.check(c, c.components().get(0)));
    }
  }
}
