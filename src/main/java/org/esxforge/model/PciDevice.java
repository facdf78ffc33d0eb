package org.esxforge.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One PCI device of a host, as a device list describes it ({@code lspci}, {@code esxcli hardware
 * pci list}, {@code vmkchdev -l} or a plain {@code vendor:device} list). Fields the list does not
 * give are -1.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the bus address when the list gives one ({@code 0000:03:00.0}), else ""
 * @param vendor vendor id, 0–0xffff
 * @param device device id, 0–0xffff
 * @param subvendor subsystem vendor id or -1
 * @param subdevice subsystem device id or -1
 * @param baseClass PCI base class (0x02 network, 0x01 storage) or -1
 * @param subClass PCI subclass or -1
 * @param progIf programming interface or -1
 * @param name the device's name as the list gives it ({@code lspci -nn}, esxcli), else ""
 * @param owner the driver or alias the host uses today (esxcli, vmkchdev), else ""
 * @param line the 1-based line of the list this device came from
 */
public record PciDevice(
    String address,
    int vendor,
    int device,
    int subvendor,
    int subdevice,
    int baseClass,
    int subClass,
    int progIf,
    String name,
    String owner,
    int line) {

  public PciDevice {
    address = address == null ? "" : address;
    name = name == null ? "" : name;
    owner = owner == null ? "" : owner;
    check(vendor, 0xffff, "vendor");
    check(device, 0xffff, "device");
    if (subvendor > 0xffff
        || subdevice > 0xffff
        || baseClass > 0xff
        || subClass > 0xff
        || progIf > 0xff) {
      throw new IllegalArgumentException("PCI id field out of range");
    }
  }

  private static void check(int v, int max, String what) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(what + " id out of range: " + v);
    }
  }

  /** {@code 10ec:8168}. */
  public String id() {
    return String.format(Locale.ROOT, "%04x:%04x", vendor, device);
  }

  /** {@code 1028:1f3a}, or "" when unknown. */
  public String subsystem() {
    return subvendor < 0 || subdevice < 0
        ? ""
        : String.format(Locale.ROOT, "%04x:%04x", subvendor, subdevice);
  }

  /** {@code 02:00}, {@code 01:08:02}, or "" when unknown. */
  public String classCode() {
    if (baseClass < 0) {
      return "";
    }
    String s = String.format(Locale.ROOT, "%02x", baseClass);
    if (subClass >= 0) {
      s += String.format(Locale.ROOT, ":%02x", subClass);
      if (progIf >= 0) {
        s += String.format(Locale.ROOT, ":%02x", progIf);
      }
    }
    return s;
  }

  /**
   * Network controllers (class 02): an installer without a driver for one cannot reach a network.
   */
  public boolean network() {
    return baseClass == 0x02;
  }

  /** Mass-storage controllers (class 01): without a driver, no disk to install to. */
  public boolean storage() {
    return baseClass == 0x01;
  }

  /**
   * The 22-character id matched against {@link DeviceClaim#pattern()}, with {@code ?} for the
   * digits the list did not give.
   */
  public String pattern() {
    return hex(vendor, 4)
        + hex(device, 4)
        + hex(subvendor, 4)
        + hex(subdevice, 4)
        + hex(baseClass, 2)
        + hex(subClass, 2)
        + hex(progIf, 2);
  }

  private static String hex(int v, int digits) {
    return v < 0 ? "?".repeat(digits) : String.format(Locale.ROOT, "%0" + digits + "x", v);
  }

  @Override
  public String toString() {
    return Objects.toString(address.isEmpty() ? id() : address + " " + id());
  }
}
