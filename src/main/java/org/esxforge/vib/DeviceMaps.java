package org.esxforge.vib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The devices a driver VIB claims, read from the device maps its payloads install: {@code
 * etc/vmware/default.map.d/*.map} (native drivers, {@code regtype=native}), {@code
 * etc/vmware/driver.map.d/*.map} (vmklinux drivers, {@code regtype=linux}) and {@code
 * etc/vmware/ihv.map.d/*.map} (driver kits, e.g. the USB NIC Fling). Lines are comma-separated
 * {@code key=value} pairs with at least {@code regtype}, {@code bus}, {@code id} and {@code
 * driver}; {@code #} starts a comment. Lines that lack one of those are skipped, as the host's
 * device manager skips them.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeviceMaps {
  private static final Pattern MAP_FILE = Pattern.compile("etc/vmware/[^/]+\\.map\\.d/[^/]+\\.map");
  private static final Pattern NATIVE_ID = Pattern.compile("[0-9a-fA-F.]{1,22}");
  private static final Pattern LINUX_ID =
      Pattern.compile(
          "([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:\\s+([0-9a-fA-F]{4}):([0-9a-fA-F]{4}))?");

  /** Largest map file read (real ones are a few KiB). */
  static final int MAX_MAP_BYTES = 4 << 20;

  private DeviceMaps() {}

  /** Whether {@code path} (inside a payload, no leading slash) is a device map. */
  public static boolean isMapFile(String path) {
    return MAP_FILE.matcher(path).matches();
  }

  /**
   * Whether the VIB may claim devices, from its descriptor alone: its file list names a device map,
   * or it has no file list but archive payloads (community tools leave the list empty). Lets a
   * catalog skip reading every VIB that installs no map.
   */
  public static boolean mayClaim(VibDescriptor d) {
    if (d.fileList().stream().anyMatch(f -> isMapFile(stripSlash(f)))) {
      return true;
    }
    return d.fileList().isEmpty()
        && d.payloads().stream().anyMatch(p -> PayloadFiles.readable(p.type()));
  }

  /** Parses one map file. */
  public static List<DeviceClaim> parse(String mapFile, byte[] content) {
    List<DeviceClaim> out = new ArrayList<>();
    for (String raw : new String(content, StandardCharsets.UTF_8).split("\r?\n", -1)) {
      String line = raw.strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      Map<String, String> kv = new java.util.HashMap<>();
      for (String part : line.split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          kv.put(
              part.substring(0, eq).strip().toLowerCase(Locale.ROOT),
              part.substring(eq + 1).strip());
        }
      }
      String regtype = kv.getOrDefault("regtype", "");
      String bus = kv.getOrDefault("bus", "").toLowerCase(Locale.ROOT);
      String id = kv.getOrDefault("id", "");
      String driver = kv.getOrDefault("driver", "");
      if (regtype.isEmpty() || bus.isEmpty() || id.isEmpty() || driver.isEmpty()) {
        continue;
      }
      String pattern = bus.equals("pci") ? pciPattern(regtype, id) : id;
      if (pattern == null) {
        continue;
      }
      out.add(
          new DeviceClaim(bus, regtype, driver, pattern, kv.getOrDefault("class", ""), mapFile));
    }
    return out;
  }

  private static @Nullable String pciPattern(String regtype, String id) {
    if (regtype.equals("linux")) {
      var m = LINUX_ID.matcher(id);
      if (!m.matches()) {
        return null;
      }
      String sub =
          m.group(3) == null || (m.group(3).equals("0000") && m.group(4).equals("0000"))
              ? "........"
              : m.group(3) + m.group(4);
      return (m.group(1) + m.group(2) + sub + "......").toLowerCase(Locale.ROOT);
    }
    if (!NATIVE_ID.matcher(id).matches()) {
      return null;
    }
    return (id + ".".repeat(DeviceClaim.PCI_PATTERN_LENGTH - id.length())).toLowerCase(Locale.ROOT);
  }

  /**
   * Every claim of one VIB, read from its archive payloads in one pass over the {@code .vib}.
   *
   * @param vib the whole {@code .vib} (closed here)
   * @param source names the VIB in messages
   */
  public static List<DeviceClaim> read(VibDescriptor d, InputStream vib, String source)
      throws IOException {
    Set<DeviceClaim> claims = new LinkedHashSet<>();
    try (VibArchiveInputStream ar = new VibArchiveInputStream(vib, source)) {
      for (VibMember m = ar.nextMember(); m != null; m = ar.nextMember()) {
        Payload p = d.payload(m.name());
        if (p == null || !PayloadFiles.readable(p.type())) {
          continue;
        }
        Map<String, byte[]> maps =
            PayloadFiles.read(
                p.type(),
                ar,
                m.size(),
                DeviceMaps::isMapFile,
                MAX_MAP_BYTES,
                source + "!" + m.name());
        maps.forEach((path, bytes) -> claims.addAll(parse(path, bytes)));
      }
    }
    return List.copyOf(claims);
  }

  private static String stripSlash(String f) {
    return f.startsWith("/") ? f.substring(1) : f;
  }
}
