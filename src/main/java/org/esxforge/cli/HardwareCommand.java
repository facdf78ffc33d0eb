package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.esxforge.build.BaseSelector;
import org.esxforge.build.BuildException;
import org.esxforge.depot.Catalog;
import org.esxforge.hardware.DeviceLists;
import org.esxforge.hardware.HardwareCheck;
import org.esxforge.hardware.HardwareCheck.DeviceVerdict;
import org.esxforge.hardware.HardwareCheck.Report;
import org.esxforge.hardware.PciIds;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.model.PciDevice;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge hardware}: which driver of an image (or of the depots) will drive each device of
 * a host, before anything is built or installed.
 *
 * <p>Exit code 0 when the image drives every required device (network and storage controllers, and
 * every device of a plain list); 3 when one is left without a driver in the image (the report says
 * whether a depot VIB would drive it).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Check which drivers of an image (or the depots) claim a host's "
            + "PCI devices (lspci -n/-nn, esxcli hardware pci list, vmkchdev -l, vendor:device list)")
public final class HardwareCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(
      names = "--base",
      description = "The image profile to check: a NAME or latest[:VERSION][:standard|no-tools]")
  String base = "latest";

  @Parameter(
      names = "--devices",
      required = true,
      description =
          "The host's device list: output of lspci -n or -nn (Linux), esxcli hardware "
              + "pci list or vmkchdev -l (ESXi), or lines of vendor:device")
  @Nullable Path devices;

  @Parameter(
      names = "--pci-ids",
      description =
          "A pci.ids file for device names (default: the system's, else the bundled copy)")
  @Nullable Path pciIds;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    DeviceLists.DeviceList list =
        readDevices(Objects.requireNonNull(devices, "--devices")); // required
    PciIds names = PciIds.load(pciIds);
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      BaseSelector.Chosen chosen;
      try {
        chosen = BaseSelector.choose(catalog, base);
      } catch (BuildException e) {
        throw new UsageException(Messages.of(e));
      }
      Report report = HardwareCheck.check(catalog, chosen.profile(), list.devices(), names);
      if (console.json()) {
        console.printJson(json(report, list, chosen.reason()));
      } else {
        print(console, report, list, chosen.reason());
      }
      return report.missing().isEmpty() ? ExitCode.OK : ExitCode.INVALID_PROFILE;
    }
  }

  /** Reads and parses a device list; a missing or unknown file is one line. */
  static DeviceLists.DeviceList readDevices(Path file) throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new UsageException(file + ": no such device list file");
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > 16 << 20) {
      throw new FormatException(
          file.toString(), "is " + bytes.length + " bytes: too large for a device list");
    }
    return DeviceLists.parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
  }

  private static void print(Console console, Report r, DeviceLists.DeviceList list, String why) {
    console.status(
        "image "
            + r.profile()
            + " (ESXi "
            + r.release()
            + ", "
            + why
            + "); "
            + list.devices().size()
            + " device(s) from a "
            + list.format().label()
            + " list; names from "
            + r.pciIdsSource());
    Table t = new Table("DEVICE", "ID", "CLASS", "NAME", "DRIVER", "FROM");
    for (DeviceVerdict v : r.devices()) {
      PciDevice d = v.device();
      String id = d.id() + (d.subsystem().isEmpty() ? "" : " " + d.subsystem());
      String cls = v.className().isEmpty() ? d.classCode() : v.className();
      String driver;
      String from;
      switch (v.status()) {
        case IN_IMAGE -> {
          driver = v.driver();
          from = "image: " + v.vibName() + " " + v.vibVersion();
        }
        case IN_DEPOT -> {
          driver = v.driver();
          from =
              "depot: "
                  + v.vibName()
                  + " "
                  + v.vibVersion()
                  + (v.component().isEmpty() ? "" : " (component " + v.component() + ")");
        }
        default -> {
          driver = "-";
          from = v.required() ? "UNSUPPORTED" : "none (not needed to install)";
        }
      }
      t.row(
          d.address().isEmpty() ? "line " + d.line() : d.address(),
          id,
          cls,
          v.name(),
          driver,
          from);
    }
    t.print(console.out());
    for (DeviceVerdict v : r.devices()) {
      if (!v.reason().isEmpty() && (v.required() || v.status() != HardwareCheck.Status.NO_DRIVER)) {
        console.status(label(v) + ": " + v.reason());
      }
    }
    List<String> add =
        r.devices().stream()
            .filter(v -> v.status() == HardwareCheck.Status.IN_DEPOT)
            .map(DeviceVerdict::vibName)
            .distinct()
            .sorted()
            .toList();
    if (!add.isEmpty()) {
      console.status(
          "add " + String.join(", ", add) + " (build ... --for-hardware " + "FILE adds them)");
    }
    long required = r.devices().stream().filter(DeviceVerdict::required).count();
    console.status(
        required
            + " required device(s): "
            + (required - r.missing().size())
            + " driven by the image, "
            + (r.missing().size() - r.unsupported().size())
            + " by a depot VIB, "
            + r.unsupported().size()
            + " unsupported");
  }

  static String label(DeviceVerdict v) {
    PciDevice d = v.device();
    return (d.address().isEmpty() ? d.id() : d.address() + " " + d.id())
        + (v.name().isEmpty() ? "" : " (" + v.name() + ")");
  }

  private static Map<String, Object> json(Report r, DeviceLists.DeviceList list, String why) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profile", r.profile());
    m.put("release", r.release());
    m.put("baseReason", why);
    m.put("deviceListFormat", list.format().label());
    m.put("pciIds", r.pciIdsSource());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DeviceVerdict v : r.devices()) {
      rows.add(verdictJson(v));
    }
    m.put("devices", rows);
    m.put("toAdd", r.toAdd().stream().map(id -> id.value()).toList());
    m.put("missing", r.missing().size());
    m.put("unsupported", r.unsupported().size());
    return m;
  }

  static Map<String, Object> verdictJson(DeviceVerdict v) {
    PciDevice d = v.device();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("address", d.address());
    row.put("id", d.id());
    row.put("subsystem", d.subsystem());
    row.put("class", d.classCode());
    row.put("className", v.className());
    row.put("name", v.name());
    row.put("required", v.required());
    row.put("status", v.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    row.put("vib", v.vib() == null ? null : v.vib().value());
    row.put("driver", v.driver());
    row.put("claim", v.claim());
    row.put("component", v.component());
    row.put("reason", v.reason());
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (HardwareCheck.Rejected x : v.rejected()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("vib", x.vib().value());
      j.put("reason", x.reason());
      rejected.add(j);
    }
    row.put("rejected", rejected);
    return row;
  }
}
