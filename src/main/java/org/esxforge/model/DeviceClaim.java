package org.esxforge.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of a driver's device map ({@code etc/vmware/*.map.d/*.map} inside a payload): "driver
 * {@code driver} binds devices that look like {@code pattern} on {@code bus}".
 *
 * <p>For PCI the pattern is ESXi's native 22-character form (docs/formats.md §4.3 and the real maps
 * in the fixtures): vendor, device, subvendor, subdevice (four hex digits each), then base class,
 * subclass and programming interface (two each); a {@code .} matches any digit. vmklinux maps
 * ({@code regtype=linux}, {@code id=10ec:8168 0000:0000}) are converted to the same form; their
 * {@code 0000:0000} subsystem means "any" [G: it is what every real vmklinux map carries for
 * devices whose driver ignores the subsystem]. Other buses (ACPI) keep their id as given and never
 * match a PCI device.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bus {@code pci}, {@code acpi}, …
 * @param regtype {@code native} (ESXi 6.5+ native drivers) or {@code linux} (vmklinux drivers,
 *     which ESXi 7.0 and later cannot load)
 * @param driver the module that binds the device
 * @param pattern for PCI the 22-character pattern; otherwise the map's id
 * @param deviceClass the vmklinux {@code class=} value (e.g. {@code network}), "" when absent
 * @param mapFile the map's path inside the payload, e.g. {@code etc/vmware/default.map.d/x.map}
 */
public record DeviceClaim(
    String bus, String regtype, String driver, String pattern, String deviceClass, String mapFile) {
  /** Length of the native PCI pattern. */
  public static final int PCI_PATTERN_LENGTH = 22;

  public DeviceClaim {
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(regtype, "regtype");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(pattern, "pattern");
    deviceClass = deviceClass == null ? "" : deviceClass;
    mapFile = mapFile == null ? "" : mapFile;
    if (bus.equals("pci")) {
      pattern = pattern.toLowerCase(Locale.ROOT);
      if (pattern.length() != PCI_PATTERN_LENGTH || !pattern.matches("[0-9a-f.]+")) {
        throw new IllegalArgumentException("PCI claim pattern must be 22 of [0-9a-f.]: " + pattern);
      }
    }
  }

  /** True for a vmklinux map entry: ESXi 7.0 and later cannot load such a driver. */
  public boolean vmklinux() {
    return regtype.equals("linux");
  }

  /** How many digits of the pattern are fixed: the most specific claim wins a device. */
  public int specificity() {
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) != '.') {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether this claim binds {@code d}. Digits the device list did not give are handled so that a
   * list without subsystem ids or programming interfaces ({@code lspci -n}) still finds the driver
   * of its vendor:device pair or class (an unknown subsystem or prog-if matches), while a list
   * without classes is not matched by class-only claims (an unknown base class or subclass never
   * matches a fixed digit).
   */
  public boolean matches(PciDevice d) {
    if (!bus.equals("pci")) {
      return false;
    }
    String id = d.pattern();
    for (int i = 0; i < PCI_PATTERN_LENGTH; i++) {
      char p = pattern.charAt(i);
      char c = id.charAt(i);
      if (p == '.') {
        continue;
      }
      if (c == '?') {
        if ((i >= 8 && i < 16) || i >= 20) {
          continue; // unknown subsystem or prog-if: vendor:device or the class decides
        }
        return false;
      }
      if (p != c) {
        return false;
      }
    }
    return true;
  }

  /** e.g. {@code 10ec:8168}, {@code 1000:0014 1028:1f3a}, {@code class 01:08:02}. */
  public String describePattern() {
    if (!bus.equals("pci")) {
      return bus + " " + pattern;
    }
    StringBuilder b = new StringBuilder();
    String v = pattern.substring(0, 4);
    String dev = pattern.substring(4, 8);
    if (!v.equals("....") || !dev.equals("....")) {
      b.append(v.replace('.', '*')).append(':').append(dev.replace('.', '*'));
    }
    String sub = pattern.substring(8, 16);
    if (!sub.equals("........")) {
      b.append(b.length() > 0 ? " " : "")
          .append(sub.substring(0, 4).replace('.', '*'))
          .append(':')
          .append(sub.substring(4).replace('.', '*'));
    }
    String cls = pattern.substring(16);
    if (!cls.equals("......")) {
      b.append(b.length() > 0 ? " " : "")
          .append("class ")
          .append(cls.substring(0, 2).replace('.', '*'))
          .append(':')
          .append(cls.substring(2, 4).replace('.', '*'))
          .append(':')
          .append(cls.substring(4).replace('.', '*'));
    }
    return b.toString();
  }
}
