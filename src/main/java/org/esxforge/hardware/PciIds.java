package org.esxforge.hardware;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * Device names from the PCI ID database ({@code pci.ids}, the file {@code lspci} uses). Where it
 * comes from, in order: a file the user names; the system's copy ({@code /usr/share/misc/pci.ids},
 * {@code /usr/share/hwdata/pci.ids}, {@code /usr/share/pci.ids}), which the distribution keeps
 * current; else the copy bundled in the jar (Debian's {@code pci.ids} package, version 2023.04.10,
 * distributed under the 3-clause BSD licence the file offers; see {@code PCI-IDS.md} beside it).
 * {@link #source()} says which one was used.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class PciIds {
  /** Where distributions install the database. */
  static final List<Path> SYSTEM_PATHS =
      List.of(
          Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"),
          Path.of("/usr/share/pci.ids"), Path.of("/usr/local/share/pci.ids"));

  static final String BUNDLED = "pci.ids.gz";

  private final Map<Integer, String> vendors;
  private final Map<Integer, String> devices; // vendor << 16 | device
  private final Map<Long, String> subsystems; // (vendor << 16 | device) << 32 | subv << 16 | subd
  private final Map<Integer, String>
      classes; // base << 8 | sub, and 0x10000 | base for a base class
  private final String source;

  private PciIds(
      Map<Integer, String> vendors,
      Map<Integer, String> devices,
      Map<Long, String> subsystems,
      Map<Integer, String> classes,
      String source) {
    this.vendors = vendors;
    this.devices = devices;
    this.subsystems = subsystems;
    this.classes = classes;
    this.source = source;
  }

  /**
   * The database: {@code file} when given, else the system's, else the bundled copy.
   *
   * @param file a {@code pci.ids} (or gzip'd) file the user named, or null
   */
  public static PciIds load(@Nullable Path file) throws IOException {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new FormatException(file.toString(), "no such pci.ids file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(in, file.toString());
      }
    }
    for (Path p : SYSTEM_PATHS) {
      if (Files.isReadable(p)) {
        try (InputStream in = Files.newInputStream(p)) {
          return parse(in, p.toString());
        }
      }
    }
    return bundled();
  }

  /** The copy inside the jar. */
  public static PciIds bundled() throws IOException {
    InputStream in = PciIds.class.getResourceAsStream(BUNDLED);
    if (in == null) {
      throw new IllegalStateException("the bundled " + BUNDLED + " is missing from the jar");
    }
    try (in) {
      return parse(in, "the copy bundled with esxforge");
    }
  }

  static PciIds parse(InputStream raw, String where) throws IOException {
    java.io.BufferedInputStream b = new java.io.BufferedInputStream(raw, 1 << 16);
    b.mark(2);
    boolean gz = b.read() == 0x1f && b.read() == 0x8b;
    b.reset();
    InputStream in = gz ? new GZIPInputStream(b, 1 << 16) : b;
    Map<Integer, String> vendors = new HashMap<>();
    Map<Integer, String> devices = new HashMap<>();
    Map<Long, String> subsystems = new HashMap<>();
    Map<Integer, String> classes = new HashMap<>();
    String version = "";
    int vendor = -1;
    int device = -1;
    int base = -1;
    boolean inClasses = false;
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.startsWith("#")) {
        int v = line.indexOf("Version:");
        if (v >= 0 && version.isEmpty()) {
          version = line.substring(v + 8).strip();
        }
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("C ")) {
        inClasses = true;
        base = hexOr(line.substring(2, Math.min(4, line.length())), -1);
        classes.put(0x1_0000 | base, rest(line, 4));
        continue;
      }
      if (!line.startsWith("\t")) {
        inClasses = false;
        vendor = hexOr(line.substring(0, Math.min(4, line.length())), -1);
        if (vendor >= 0) {
          vendors.put(vendor, rest(line, 4));
        }
        continue;
      }
      if (inClasses) {
        if (!line.startsWith("\t\t") && base >= 0) {
          int sub = hexOr(line.substring(1, Math.min(3, line.length())), -1);
          if (sub >= 0) {
            classes.put(base << 8 | sub, rest(line, 3));
          }
        }
        continue;
      }
      if (line.startsWith("\t\t")) {
        if (vendor >= 0 && device >= 0 && line.length() > 11) {
          int sv = hexOr(line.substring(2, 6), -1);
          int sd = hexOr(line.substring(7, 11), -1);
          if (sv >= 0 && sd >= 0) {
            subsystems.put(
                ((long) (vendor << 16 | device)) << 32 | (long) sv << 16 | sd, rest(line, 11));
          }
        }
      } else if (vendor >= 0 && line.length() > 5) {
        device = hexOr(line.substring(1, 5), -1);
        if (device >= 0) {
          devices.put(vendor << 16 | device, rest(line, 5));
        }
      }
    }
    if (vendors.isEmpty()) {
      throw new FormatException(where, "is not a pci.ids database (no vendor lines)");
    }
    String label = version.isEmpty() ? where : where + " (version " + version + ")";
    return new PciIds(vendors, devices, subsystems, classes, label);
  }

  private static String rest(String line, int from) {
    return line.length() > from ? line.substring(from).strip() : "";
  }

  private static int hexOr(String s, int or) {
    if (s.length() == 0 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return or;
    }
    return Integer.parseInt(s, 16);
  }

  /** Which database answered, e.g. {@code /usr/share/misc/pci.ids (version 2023.04.10)}. */
  public String source() {
    return source;
  }

  public Optional<String> vendor(int vendor) {
    return Optional.ofNullable(vendors.get(vendor));
  }

  /** "Vendor Device", as lspci prints it, when the database knows the pair. */
  public Optional<String> name(int vendor, int device, int subvendor, int subdevice) {
    String v = vendors.get(vendor);
    String d = devices.get(vendor << 16 | device);
    if (v == null) {
      return Optional.empty();
    }
    String name =
        d == null ? v + " device " + String.format(Locale.ROOT, "%04x", device) : v + " " + d;
    if (subvendor >= 0 && subdevice >= 0) {
      String s =
          subsystems.get(
              ((long) (vendor << 16 | device)) << 32 | (long) subvendor << 16 | subdevice);
      if (s != null) {
        name += " (" + s + ")";
      }
    }
    return Optional.of(name);
  }

  /** The class name, e.g. "Ethernet controller" for 02:00, "Network controller" for 02. */
  public Optional<String> className(int base, int sub) {
    if (base < 0) {
      return Optional.empty();
    }
    String s = sub >= 0 ? classes.get(base << 8 | sub) : null;
    return Optional.ofNullable(s != null ? s : classes.get(0x1_0000 | base));
  }
}
