package org.esxforge.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.hardware.DeviceLists.DeviceList;
import org.esxforge.hardware.DeviceLists.Format;
import org.esxforge.io.FormatException;
import org.esxforge.model.PciDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every device-list format a user can produce today, and the one line for anything else. */
class DeviceListsTest {

  @Test
  void lspciN_withDomainsProgIfAndVerboseSubsystems() throws FormatException {
    String text =
        """
        0000:00:14.0 0c03: 8086:a36d (rev 10) (prog-if 30 [XHCI])
        \tSubsystem: 1028:0869
        \tFlags: bus master, medium devsel, latency 0, IRQ 124
        0000:02:00.0 0200: 10ec:8168 (rev 15)
        """;
    DeviceList l = DeviceLists.parse(text, "lspci.txt");
    assertEquals(Format.LSPCI_N, l.format());
    PciDevice usb = l.devices().get(0);
    assertEquals("0000:00:14.0", usb.address());
    assertEquals("8086:a36d", usb.id());
    assertEquals("1028:0869", usb.subsystem());
    assertEquals("0c:03:30", usb.classCode());
    PciDevice nic = l.devices().get(1);
    assertEquals("10ec:8168", nic.id());
    assertEquals("02:00", nic.classCode());
    assertTrue(nic.network());
    assertEquals(4, nic.line());
  }

  @Test
  void lspciNn_keepsTheNames() throws FormatException {
    String text =
        "00:17.0 SATA controller [0106]: Intel Corporation Cannon Lake PCH SATA AHCI "
            + "Controller [8086:a352] (rev 10) (prog-if 01 [AHCI 1.0])\n"
            + "03:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 "
            + "PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)\n"
            + "\tSubsystem: ASUSTeK Computer Inc. PRIME B450M-A Motherboard [1043:8677]\n";
    DeviceList l = DeviceLists.parse(text, "lspci-nn.txt");
    assertEquals(Format.LSPCI_NN, l.format());
    assertEquals("01:06:01", l.devices().get(0).classCode());
    assertTrue(l.devices().get(0).storage());
    PciDevice nic = l.devices().get(1);
    assertEquals(
        "Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit "
            + "Ethernet Controller",
        nic.name());
    assertEquals("1043:8677", nic.subsystem());
  }

  @Test
  void esxcliHardwarePciList_blocks() throws FormatException {
    String text =
        """
        0000:00:00.0
           Address: 0000:00:00.0
           Segment: 0x0000
           Vendor Name: Intel Corporation
           Device Name: 440FX - 82441FX PMC [Natoma]
           Vendor ID: 0x8086
           Device ID: 0x1237
           SubVendor ID: 0x15ad
           SubDevice ID: 0x1976
           Device Class: 0x0600
           Device Class Name: Host bridge
           Programming Interface: 0x00
           Module Name: None

        0000:0b:00.0
           Address: 0000:0b:00.0
           Vendor Name: VMware Inc.
           Device Name: vmxnet3 Virtual Ethernet Controller
           Vendor ID: 0x15ad
           Device ID: 0x07b0
           SubVendor ID: 0x15ad
           SubDevice ID: 0x07b0
           Device Class: 0x0200
           Programming Interface: 0x00
           VMkernel Name: vmnic0
           Module Name: vmxnet3
        """;
    DeviceList l = DeviceLists.parse(text, "esxcli.txt");
    assertEquals(Format.ESXCLI, l.format());
    assertEquals(2, l.devices().size());
    PciDevice nic = l.devices().get(1);
    assertEquals("0000:0b:00.0", nic.address());
    assertEquals("15ad:07b0", nic.id());
    assertEquals("15ad:07b0", nic.subsystem());
    assertEquals("02:00:00", nic.classCode());
    assertEquals("vmnic0", nic.owner());
    assertEquals("VMware Inc. vmxnet3 Virtual Ethernet Controller", nic.name());
    assertEquals("", l.devices().get(0).owner());
  }

  @Test
  void vmkchdev_l() throws FormatException {
    String text =
        """
        0000:00:00.0 8086:1237 15ad:1976 vmkernel
        0000:0b:00.0 15ad:07b0 15ad:07b0 vmkernel vmnic0
        """;
    DeviceList l = DeviceLists.parse(text, "vmkchdev.txt");
    assertEquals(Format.VMKCHDEV, l.format());
    assertEquals("vmnic0", l.devices().get(1).owner());
    assertEquals("15ad:1976", l.devices().get(0).subsystem());
    assertEquals("", l.devices().get(0).classCode());
  }

  @Test
  void plainList_withCommentsAndSubsystems() throws FormatException {
    String text = "# my home lab\n10ec:8168\n\n126F:2262 126f:2262  # NVMe\n";
    DeviceList l = DeviceLists.parse(text, "ids.txt");
    assertEquals(Format.PLAIN, l.format());
    assertEquals(
        List.of("10ec:8168", "126f:2262"), l.devices().stream().map(PciDevice::id).toList());
    assertEquals("126f:2262", l.devices().get(1).subsystem());
    assertEquals(4, l.devices().get(1).line());
  }

  @Test
  void unknownFormat_oneLineNamingTheFileAndTheFormats() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> DeviceLists.parse("Hello, this is a shopping list\nmilk\n", "notes.txt"));
    assertTrue(e.getMessage().startsWith("notes.txt: "), e.getMessage());
    assertTrue(e.getMessage().contains("lspci -n"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void mixedFormats_nameTheLine() {
    FormatException e =
        assertThrows(
            FormatException.class, () -> DeviceLists.parse("10ec:8168\nnot an id\n", "ids.txt"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void emptyList_isRefused() {
    FormatException e =
        assertThrows(FormatException.class, () -> DeviceLists.parse("# nothing\n\n", "empty.txt"));
    assertTrue(e.getMessage().contains("holds no devices"), e.getMessage());
  }

  @Test
  void read_parsesFileLenientlyAndRefusesMissingOrHugeFilesNamingThem(@TempDir Path dir)
      throws Exception {
    Path list = dir.resolve("host.txt");
    // a Latin-1 byte in a comment must not stop the read: the lines that matter are ASCII
    byte[] text = "10ec:8168 # h\u00f6st\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(list, text);
    DeviceList read = DeviceLists.read(list);
    assertEquals(Format.PLAIN, read.format());
    assertEquals("10ec:8168", read.devices().get(0).id());

    Path missing = dir.resolve("nope.txt");
    NoSuchFileException gone =
        assertThrows(NoSuchFileException.class, () -> DeviceLists.read(missing));
    assertEquals(missing.toString(), gone.getFile());

    Path huge = dir.resolve("huge.txt");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(DeviceLists.MAX_BYTES + 1L);
    }
    FormatException tooLarge = assertThrows(FormatException.class, () -> DeviceLists.read(huge));
    assertTrue(tooLarge.getMessage().contains(huge.toString()), tooLarge.getMessage());
    assertTrue(
        tooLarge.getMessage().contains("too large for a device list"), tooLarge.getMessage());
  }
}
