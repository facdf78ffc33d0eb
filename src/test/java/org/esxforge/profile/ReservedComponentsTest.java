package org.esxforge.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.depot.xml.AttributeOrder;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.sample.SampleModel;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;

/**
 * {@link ReservedComponents} against the real ESXi 7.0 host installed from an HPE custom image: its
 * database's {@code reservedComponents/} holds exactly the in-box components that the image
 * replaced (lpfc by HPE's OEM lpfc, qlnativefc by a newer MRVL-QLogic-FC), nothing else.
 */
class ReservedComponentsTest {
  private static final Path DB = Fixtures.real("esximg-7.0-hpe-host");

  private static List<Path> files(String sub) throws IOException {
    try (Stream<Path> s = Files.list(DB.resolve(sub))) {
      return s.sorted().toList();
    }
  }

  private static List<Bulletin> bulletins(String sub) throws IOException {
    List<Bulletin> out = new ArrayList<>();
    for (Path f : files(sub)) {
      out.add(BulletinXml.parse(Files.readAllBytes(f), f.toString()));
    }
    return out;
  }

  /** The host's image: every component of its database, by name. */
  private static Map<String, Bulletin> image() throws IOException {
    Map<String, Bulletin> m = new TreeMap<>();
    bulletins("bulletins").forEach(b -> m.put(b.componentName(), b));
    return m;
  }

  /**
   * The 7.0 GA base image: VMware's in-box components of build 15843807, i.e. the host's components
   * of that build plus the two its database reserved (the GA grouping the sample model records).
   */
  private static List<Bulletin> gaBase() throws IOException {
    List<Bulletin> base = new ArrayList<>();
    for (Bulletin b : bulletins("bulletins")) {
      if (b.id().contains("15843807")) {
        base.add(b);
      }
    }
    base.addAll(bulletins("reservedComponents"));
    return base;
  }

  private static ImageProfile profile(String name, Iterable<Bulletin> components) {
    List<VibId> ids = new ArrayList<>();
    components.forEach(b -> ids.addAll(b.vibIds()));
    return ImageProfile.builder(name, AcceptanceLevel.PARTNER).vibIds(ids).build();
  }

  private static Map<VibId, VibDescriptor> descriptors() throws IOException {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (Path f : files("vibs")) {
      VibDescriptor d = DescriptorXml.parse(Files.readAllBytes(f), f.toString());
      m.put(d.id(), d);
    }
    return m;
  }

  @Test
  void realHpeHost_reservedAreExactlyTheReplacedInBoxComponents_sameBytes() throws Exception {
    List<Bulletin> base = gaBase();
    // the base is the real GA base image's 54 components
    assertEquals(
        SampleModel.load(SampleModel.ESXI_70_GA).bulletins().stream()
            .map(SampleModel.BulletinSpec::id)
            .sorted()
            .toList(),
        base.stream().map(Bulletin::id).sorted().toList());
    Map<String, Bulletin> image = image();
    ReservedComponents.Reservation r =
        ReservedComponents.of(
            base,
            profile("ESXi-7.0.0-15843807-standard", base),
            profile("HPE-Custom", image.values()),
            image,
            descriptors());
    List<Path> real = files("reservedComponents");
    assertEquals(
        real.stream().map(p -> p.getFileName().toString()).toList(),
        r.components().stream().map(b -> b.id() + ".xml").toList());
    for (int i = 0; i < real.size(); i++) {
      assertArrayEquals(
          Files.readAllBytes(real.get(i)),
          BulletinXml.write(r.components().get(i), AttributeOrder.ALPHABETICAL),
          real.get(i).toString());
    }
    assertEquals(
        List.of(
            "VMW_bootbank_lpfc_12.4.293.3-5vmw.700.1.0.15843807",
            "VMware_bootbank_qlnativefc_4.0.1.0-3vmw.700.1.0.15843807"),
        r.vibs().stream().map(VibId::value).toList());
  }

  @Test
  void removedWithNothingInItsPlace_notReserved() throws Exception {
    List<Bulletin> base = gaBase();
    Map<String, Bulletin> image = image();
    image.remove("VMware-pvscsi"); // removed, nothing replaces it
    ReservedComponents.Reservation r =
        ReservedComponents.of(
            base,
            profile("base", base),
            profile("HPE-Custom", image.values()),
            image,
            descriptors());
    assertEquals(
        List.of(
            "Broadcom-ELX-lpfc_12.4.293.3-5vmw.700.1.0.15843807",
            "MRVL-QLogic-FC_4.0.1.0-3vmw.700.1.0.15843807"),
        r.components().stream().map(Bulletin::id).toList());
    // the plain GA image reserves nothing
    Map<String, Bulletin> ga = new TreeMap<>();
    base.forEach(b -> ga.put(b.componentName(), b));
    assertEquals(
        List.of(),
        ReservedComponents.of(base, profile("base", base), profile("same", base), ga, descriptors())
            .components());
  }
}
