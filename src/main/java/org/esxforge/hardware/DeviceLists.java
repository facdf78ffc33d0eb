package org.esxforge.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.io.FormatException;
import org.esxforge.model.PciDevice;
import org.jspecify.annotations.Nullable;

/**
 * Reads the PCI device lists a user can get before installing, recognising the format from the text
 * itself:
 *
 * <ul>
 *   <li>{@code lspci -n} (also {@code -D} addresses and {@code -nv}, whose {@code prog-if} and
 *       indented {@code Subsystem:} lines are used), from any Linux live system;
 *   <li>{@code lspci -nn} (names and {@code [vvvv:dddd]} ids, {@code -nnv} likewise);
 *   <li>{@code esxcli hardware pci list} from an existing ESXi host;
 *   <li>{@code vmkchdev -l} from an existing ESXi host;
 *   <li>plain lines of {@code vendor:device}, optionally followed by {@code subvendor:subdevice}
 *       ({@code #} starts a comment).
 * </ul>
 *
 * Anything else fails with one line naming the file, the line and the formats accepted.
 *
 * <p>Stateless and thread-safe.
 */
public final class DeviceLists {
  /** The formats, for messages and reports. */
  public enum Format {
    LSPCI_N("lspci -n"),
    LSPCI_NN("lspci -nn"),
    ESXCLI("esxcli hardware pci list"),
    VMKCHDEV("vmkchdev -l"),
    PLAIN("vendor:device list");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What a list holds. */
  public record DeviceList(Format format, List<PciDevice> devices) {
    public DeviceList {
      devices = List.copyOf(devices);
    }
  }

  private static final String ADDR = "((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])";
  private static final String HEX4 = "([0-9a-fA-F]{4})";
  private static final Pattern LSPCI_N =
      Pattern.compile(ADDR + "\\s+" + HEX4 + ":\\s+" + HEX4 + ":" + HEX4 + "(.*)");
  private static final Pattern LSPCI_NN =
      Pattern.compile(
          ADDR
              + "\\s+(.*?)\\s*\\["
              + HEX4
              + "\\]:\\s*(.*?)\\s*\\["
              + HEX4
              + ":"
              + HEX4
              + "\\](.*)");
  private static final Pattern VMKCHDEV =
      Pattern.compile(
          ADDR
              + "\\s+"
              + HEX4
              + ":"
              + HEX4
              + "\\s+"
              + HEX4
              + ":"
              + HEX4
              + "\\s+(\\S+)(?:\\s+(\\S+))?\\s*");
  private static final Pattern PLAIN =
      Pattern.compile(HEX4 + ":" + HEX4 + "(?:\\s+" + HEX4 + ":" + HEX4 + ")?");
  private static final Pattern PROG_IF = Pattern.compile("\\(prog-if ([0-9a-fA-F]{2})");
  private static final Pattern SUBSYSTEM_N =
      Pattern.compile("\\s+Subsystem:\\s+" + HEX4 + ":" + HEX4 + "\\s*");
  private static final Pattern SUBSYSTEM_NN =
      Pattern.compile("\\s+Subsystem:.*\\[" + HEX4 + ":" + HEX4 + "\\]\\s*");
  private static final Pattern ESXCLI_KEY = Pattern.compile("\\s*([A-Za-z][A-Za-z ]*?):\\s*(.*)");

  private DeviceLists() {}

  /**
   * Parses {@code text}.
   *
   * @param source names the file in messages
   */
  public static DeviceList parse(String text, String source) throws FormatException {
    List<String> lines = text.lines().toList();
    Format format = null;
    for (String raw : lines) {
      String line = stripComment(raw);
      if (line.isBlank()) {
        continue;
      }
      format = detect(line);
      break;
    }
    if (format == null) {
      throw new FormatException(source, "holds no devices (" + ACCEPTED + ")");
    }
    List<PciDevice> devices =
        switch (format) {
          case ESXCLI -> esxcli(lines, source);
          default -> lineWise(format, lines, source);
        };
    if (devices.isEmpty()) {
      throw new FormatException(source, "holds no devices (" + ACCEPTED + ")");
    }
    return new DeviceList(format, devices);
  }

  private static final String ACCEPTED =
      "expected the output of lspci -n, lspci -nn, esxcli "
          + "hardware pci list or vmkchdev -l, or lines of vendor:device such as 10ec:8168";

  private static @Nullable Format detect(String line) {
    String t = line.strip();
    if (VMKCHDEV.matcher(t).matches()) {
      return Format.VMKCHDEV;
    }
    if (LSPCI_N.matcher(t).matches()) {
      return Format.LSPCI_N;
    }
    if (LSPCI_NN.matcher(t).matches()) {
      return Format.LSPCI_NN;
    }
    if (PLAIN.matcher(t).matches()) {
      return Format.PLAIN;
    }
    if (t.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]")
        || t.matches("Address:\\s*.*")) {
      return Format.ESXCLI;
    }
    return null;
  }

  private static List<PciDevice> lineWise(Format format, List<String> lines, String source)
      throws FormatException {
    List<PciDevice> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      String line = format == Format.PLAIN ? stripComment(raw) : raw;
      if (line.isBlank()) {
        continue;
      }
      boolean indented = Character.isWhitespace(line.charAt(0));
      if (indented && (format == Format.LSPCI_N || format == Format.LSPCI_NN)) {
        // lspci -v detail lines: the subsystem is the one we use
        Matcher s = (format == Format.LSPCI_N ? SUBSYSTEM_N : SUBSYSTEM_NN).matcher(line);
        if (s.matches() && !out.isEmpty()) {
          PciDevice d = out.remove(out.size() - 1);
          out.add(
              new PciDevice(
                  d.address(),
                  d.vendor(),
                  d.device(),
                  hex(s.group(1)),
                  hex(s.group(2)),
                  d.baseClass(),
                  d.subClass(),
                  d.progIf(),
                  d.name(),
                  d.owner(),
                  d.line()));
        }
        continue;
      }
      String t = line.strip();
      int n = i + 1;
      switch (format) {
        case LSPCI_N -> {
          Matcher m = match(LSPCI_N, t, format, source, n);
          int cls = hex(m.group(2));
          out.add(
              new PciDevice(
                  m.group(1),
                  hex(m.group(3)),
                  hex(m.group(4)),
                  -1,
                  -1,
                  cls >> 8,
                  cls & 0xff,
                  progIf(m.group(5)),
                  "",
                  "",
                  n));
        }
        case LSPCI_NN -> {
          Matcher m = match(LSPCI_NN, t, format, source, n);
          int cls = hex(m.group(3));
          out.add(
              new PciDevice(
                  m.group(1),
                  hex(m.group(5)),
                  hex(m.group(6)),
                  -1,
                  -1,
                  cls >> 8,
                  cls & 0xff,
                  progIf(m.group(7)),
                  m.group(4),
                  "",
                  n));
        }
        case VMKCHDEV -> {
          Matcher m = match(VMKCHDEV, t, format, source, n);
          String owner = m.group(7) != null ? m.group(7) : m.group(6);
          out.add(
              new PciDevice(
                  m.group(1),
                  hex(m.group(2)),
                  hex(m.group(3)),
                  hex(m.group(4)),
                  hex(m.group(5)),
                  -1,
                  -1,
                  -1,
                  "",
                  owner,
                  n));
        }
        case PLAIN -> {
          Matcher m = match(PLAIN, t, format, source, n);
          out.add(
              new PciDevice(
                  "",
                  hex(m.group(1)),
                  hex(m.group(2)),
                  m.group(3) == null ? -1 : hex(m.group(3)),
                  m.group(4) == null ? -1 : hex(m.group(4)),
                  -1,
                  -1,
                  -1,
                  "",
                  "",
                  n));
        }
        default -> throw new IllegalStateException(format.toString());
      }
    }
    return out;
  }

  private static Matcher match(Pattern p, String line, Format format, String source, int n)
      throws FormatException {
    Matcher m = p.matcher(line);
    if (!m.matches()) {
      throw new FormatException(
          source,
          null,
          -1,
          "line "
              + n
              + " is not a "
              + format.label()
              + " line like the first one: '"
              + shorten(line)
              + "'");
    }
    return m;
  }

  /** {@code esxcli hardware pci list}: one block of "Key: value" lines per device. */
  private static List<PciDevice> esxcli(List<String> lines, String source) throws FormatException {
    List<PciDevice> out = new ArrayList<>();
    Block b = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int n = i + 1;
      if (!Character.isWhitespace(line.charAt(0))) {
        if (b != null) {
          out.add(b.device(source));
        }
        b = new Block(n);
        b.address = line.strip();
        continue;
      }
      Matcher m = ESXCLI_KEY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      if (b == null) {
        b = new Block(n);
      }
      String key = m.group(1).strip().toLowerCase(Locale.ROOT);
      String value = m.group(2).strip();
      switch (key) {
        case "address" -> b.address = value;
        case "vendor id" -> b.vendor = hex0x(value, source, n);
        case "device id" -> b.device = hex0x(value, source, n);
        case "subvendor id" -> b.subvendor = hex0x(value, source, n);
        case "subdevice id" -> b.subdevice = hex0x(value, source, n);
        case "device class" -> b.cls = hex0x(value, source, n);
        case "programming interface" -> b.progIf = hex0x(value, source, n);
        case "vendor name" -> b.vendorName = value;
        case "device name" -> b.deviceName = value;
        case "vmkernel name" -> b.vmkName = value;
        case "module name" -> b.module = value.equals("None") ? "" : value;
        default -> {}
      }
    }
    if (b != null) {
      out.add(b.device(source));
    }
    return out;
  }

  private static final class Block {
    final int line;
    String address = "";
    int vendor = -1;
    int device = -1;
    int subvendor = -1;
    int subdevice = -1;
    int cls = -1;
    int progIf = -1;
    String vendorName = "";
    String deviceName = "";
    String vmkName = "";
    String module = "";

    Block(int line) {
      this.line = line;
    }

    PciDevice device(String source) throws FormatException {
      if (vendor < 0 || device < 0) {
        throw new FormatException(
            source,
            null,
            -1,
            "the esxcli block at line " + line + " has no Vendor ID/Device ID lines");
      }
      String name = (vendorName + " " + deviceName).strip();
      String owner = !vmkName.isEmpty() ? vmkName : module;
      return new PciDevice(
          address,
          vendor,
          device,
          subvendor,
          subdevice,
          cls < 0 ? -1 : (cls >> 8) & 0xff,
          cls < 0 ? -1 : cls & 0xff,
          progIf,
          name,
          owner,
          line);
    }
  }

  private static int progIf(String rest) {
    Matcher m = PROG_IF.matcher(rest);
    return m.find() ? hex(m.group(1)) : -1;
  }

  private static int hex(String s) {
    return Integer.parseInt(s, 16);
  }

  private static int hex0x(String v, String source, int n) throws FormatException {
    String s = v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v;
    if (!s.matches("[0-9a-fA-F]{1,4}")) {
      throw new FormatException(
          source, null, -1, "line " + n + ": '" + shorten(v) + "' is not a hexadecimal id");
    }
    return hex(s);
  }

  private static String stripComment(String raw) {
    int hash = raw.indexOf('#');
    return hash >= 0 ? raw.substring(0, hash) : raw;
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }
}
