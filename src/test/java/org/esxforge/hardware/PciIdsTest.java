package org.esxforge.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.esxforge.io.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PciIdsTest {

  @Test
  void bundledCopy_namesRealDevicesAndClasses() throws IOException {
    PciIds ids = PciIds.bundled();
    assertTrue(
        ids.source().contains("bundled") && ids.source().contains("2023.04.10"), ids.source());
    assertTrue(ids.name(0x10ec, 0x8168, -1, -1).orElseThrow().startsWith("Realtek"));
    assertEquals("Ethernet controller", ids.className(0x02, 0x00).orElseThrow());
    assertEquals("Network controller", ids.className(0x02, 0x77).orElseThrow());
    assertEquals("Non-Volatile memory controller", ids.className(0x01, 0x08).orElseThrow());
    assertTrue(ids.name(0x0002, 0x1, -1, -1).isEmpty());
  }

  @Test
  void aUserFile_winsAndIsNamedAsTheSource(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("pci.ids");
    Files.writeString(
        f,
        "#\tVersion: 2099.01.01\n10ec  Realtek Test Vendor\n\t8168  Test NIC\n"
            + "\t\t1043 8677  Test Board\nC 02  Network controller\n\t00  Ethernet controller\n",
        StandardCharsets.UTF_8);
    PciIds ids = PciIds.load(f);
    assertEquals(f + " (version 2099.01.01)", ids.source());
    assertEquals(
        "Realtek Test Vendor Test NIC (Test Board)",
        ids.name(0x10ec, 0x8168, 0x1043, 0x8677).orElseThrow());
  }

  @Test
  void systemCopy_isPreferredWhenPresent() throws IOException {
    PciIds ids = PciIds.load(null);
    boolean system = PciIds.SYSTEM_PATHS.stream().anyMatch(Files::isReadable);
    assertEquals(system, !ids.source().contains("bundled"), ids.source());
  }

  @Test
  void notADatabase_oneLine(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("x.ids");
    Files.writeString(f, "\thello\n");
    FormatException e = assertThrows(FormatException.class, () -> PciIds.load(f));
    assertTrue(e.getMessage().contains("not a pci.ids database"), e.getMessage());
    assertThrows(FormatException.class, () -> PciIds.load(tmp.resolve("missing")));
  }
}
