package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain folder of third-party packages (loose {@code .vib} files, an offline bundle, component
 * zips, and a README that is not a package), made from the real fixtures, read as one depot: it
 * holds exactly what the packages hold when each is opened on its own, with the same bytes.
 */
class PackageFolderTest {
  static final List<String> PACKAGES =
      List.of(
          "lsimr3-mod-8x.vib",
          "net-r8125-9.011.00-10.vib",
          "net55-r8168-8.045a-napi-offline_bundle.zip",
          "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip",
          "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip");

  @TempDir Path tmp;

  static Catalog open(String... locations) throws Exception {
    return Depots.open(List.of(locations), DepotOptions.defaults(), EventHandlers.none());
  }

  @Test
  void open_folderOfRealPackages_oneDepotWithEverything() throws Exception {
    Path dir = tmp.resolve("drivers");
    Files.createDirectories(dir);
    Map<VibId, byte[]> expected = new TreeMap<>();
    Set<String> bulletins = new TreeSet<>();
    for (String n : PACKAGES) {
      Files.copy(Fixtures.real(n), dir.resolve(n));
      try (Catalog one = open(Fixtures.real(n).toString())) {
        for (CatalogVib v : one.vibs().values()) {
          try (InputStream in = v.source().open()) {
            expected.put(v.id(), in.readAllBytes());
          }
        }
        one.bulletins().forEach(b -> bulletins.add(b.id()));
      }
    }
    Files.writeString(dir.resolve("README.txt"), "drivers for the lab hosts\n");
    Files.createDirectories(dir.resolve("old"));

    try (Catalog c = open(dir.toString())) {
      assertEquals(expected.keySet(), c.vibs().keySet());
      for (CatalogVib v : c.vibs().values()) {
        assertEquals(Set.of(dir.toString()), v.depots(), v.id().value());
        try (InputStream in = v.source().open()) {
          assertTrue(
              java.util.Arrays.equals(expected.get(v.id()), in.readAllBytes()), v.id().value());
        }
      }
      assertEquals(bulletins, new TreeSet<>(c.bulletins().stream().map(Bulletin::id).toList()));
      DepotInfo info = c.depots().get(0);
      assertEquals(DepotKind.PACKAGE_FOLDER, info.kind());
      assertEquals(expected.size(), info.vibCount());
    }
  }

  @Test
  void open_folderWithoutPackages_oneLine() throws Exception {
    Path dir = tmp.resolve("notes");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("README.txt"), "nothing here\n");
    FormatException e = assertThrows(FormatException.class, () -> open(dir.toString()));
    assertEquals(
        dir
            + ": not a depot: directory without index.xml, vmw-depot-index.xml or"
            + " vendor-index.xml, and without .vib files or bundle/component zips",
        e.getMessage());
  }

  @Test
  void open_folderWithBrokenZip_namesTheFile() throws Exception {
    Path dir = tmp.resolve("mixed");
    Files.createDirectories(dir);
    Files.copy(Fixtures.real("net-r8125-9.011.00-10.vib"), dir.resolve("a.vib"));
    byte[] zip = Files.readAllBytes(Fixtures.real("net55-r8168-8.045a-napi-offline_bundle.zip"));
    Files.write(dir.resolve("b.zip"), java.util.Arrays.copyOf(zip, 200));
    FormatException e = assertThrows(FormatException.class, () -> open(dir.toString()));
    assertTrue(e.getMessage().startsWith(dir.resolve("b.zip").toString()), e.getMessage());
  }
}
