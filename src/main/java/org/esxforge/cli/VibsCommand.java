package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.esxforge.build.BaseSelector;
import org.esxforge.build.BuildException;
import org.esxforge.build.ComponentPlatforms;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.hardware.DeviceLists;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.PciDevice;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.PlatformCompatibility;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge vibs}: one row per VIB (PowerCLI {@code Get-EsxSoftwarePackage}).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "List the VIBs of the depots, one row per VIB")
public final class VibsCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(names = "--name", description = "Only VIBs whose name matches this glob")
  @Nullable String name;

  @Parameter(names = "--vendor", description = "Only VIBs whose vendor matches this glob")
  @Nullable String vendor;

  @Parameter(
      names = "--acceptance",
      description = "Only VIBs at this level: certified, accepted, partner, community")
  @Nullable String acceptance;

  @Parameter(
      names = "--newest",
      description =
          "Only the newest version of each VIB name that fits the base (--for, else the"
              + " newest base profile in the depots)")
  boolean newest;

  @Parameter(
      names = "--for",
      description =
          "Only VIBs that fit this base: a profile name or latest[:8.0…] (its ESXi"
              + " release and vmkapi levels)")
  @Nullable String forBase;

  @Parameter(
      names = "--pci",
      description =
          "Only VIBs whose device maps claim this PCI device: VENDOR:DEVICE, optionally "
              + "followed by SUBVENDOR:SUBDEVICE (e.g. 10ec:8168)")
  @Nullable String pci;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    AcceptanceLevel level = null;
    if (acceptance != null) {
      try {
        level = AcceptanceLevel.parse(acceptance);
      } catch (InvalidModelException e) {
        throw new UsageException(Messages.of(e));
      }
    }
    PciDevice device = pci == null ? null : pciDevice(pci);
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      Optional<PlatformCompatibility> rule = rule(catalog, console);
      List<CatalogVib> rows = select(catalog, level, rule, console);
      if (device != null) {
        List<CatalogVib> claiming = new ArrayList<>();
        for (CatalogVib v : rows) {
          if (catalog.deviceClaims(v.id()).stream().anyMatch(c -> c.matches(device))) {
            claiming.add(v);
          }
        }
        rows = claiming;
      }
      if (console.json()) {
        // streamed: each row's map is made as it is written, so the output never exists in
        // memory as a whole (a 40,000-VIB listing is ~36 MB of JSON)
        List<CatalogVib> selected = rows;
        console.printJson(
            new java.util.AbstractList<Map<String, Object>>() {
              @Override
              public Map<String, Object> get(int i) {
                return Views.vib(selected.get(i));
              }

              @Override
              public int size() {
                return selected.size();
              }
            });
        return ExitCode.OK;
      }
      Table t = new Table("NAME", "VERSION", "VENDOR", "ACCEPTANCE", "SIGNED", "RELEASE DATE");
      for (CatalogVib v : rows) {
        var d = v.descriptor();
        t.row(
            d.name(),
            d.version(),
            d.vendor(),
            d.acceptanceLevel(),
            signed(v.signed()),
            d.releaseDate().length() > 10 ? d.releaseDate().substring(0, 10) : d.releaseDate());
      }
      t.print(console.out());
      console.status(rows.size() + " VIB(s)");
      return ExitCode.OK;
    }
  }

  /**
   * The base VIBs must fit: {@code --for}, else (for {@code --newest}) the newest standard profile
   * of the depots, else none.
   */
  private Optional<PlatformCompatibility> rule(Catalog catalog, Console console)
      throws UsageException {
    if (forBase == null && (!newest || catalog.profiles().isEmpty())) {
      if (newest) {
        console.status(
            "newest by version only: the depots hold no base image; add one with -d"
                + " and --for BASE to get the newest build that fits it");
      }
      return Optional.empty();
    }
    BaseSelector.Chosen base;
    try {
      base = BaseSelector.choose(catalog, forBase == null ? "latest" : forBase);
    } catch (BuildException e) {
      throw new UsageException(Messages.of(e).replace("--base", "--for"));
    }
    Optional<PlatformCompatibility> rule = ComponentPlatforms.rule(catalog, base.profile());
    if (rule.isEmpty()) {
      throw new UsageException(
          "--for "
              + base.profile().name()
              + ": its esx-base is in no depot given, so its ESXi release is unknown");
    }
    console.status(
        "VIBs that fit "
            + base.profile().name()
            + " ("
            + rule.get().target()
            + ")"
            + (forBase == null ? "; choose another base with --for" : ""));
    return rule;
  }

  private List<CatalogVib> select(
      Catalog catalog,
      @Nullable AcceptanceLevel level,
      Optional<PlatformCompatibility> rule,
      Console console) {
    ComponentPlatforms platforms = ComponentPlatforms.of(catalog);
    Map<String, List<CatalogVib>> byName = new TreeMap<>();
    List<CatalogVib> rows = new ArrayList<>();
    for (CatalogVib v : catalog.vibs().values()) {
      var d = v.descriptor();
      if (!Globs.matches(name, d.name())
          || !Globs.matches(vendor, d.vendor())
          || (level != null && d.acceptanceLevel() != level)) {
        continue;
      }
      if (newest) {
        byName.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(v);
      } else if (rule.isEmpty() || rule.get().check(d, platforms.apply(d.id())).compatible()) {
        rows.add(v);
      }
    }
    for (Map.Entry<String, List<CatalogVib>> e : byName.entrySet()) {
      Map<VibId, CatalogVib> ids = new HashMap<>();
      e.getValue().forEach(v -> ids.put(v.id(), v));
      List<VibDescriptor> ds = e.getValue().stream().map(CatalogVib::descriptor).toList();
      if (rule.isEmpty()) {
        ds.stream()
            .max(Comparator.comparing(VibDescriptor::version).thenComparing(VibDescriptor::id))
            .ifPresent(d -> rows.add(ids.get(d.id())));
        continue;
      }
      PlatformCompatibility.Choice c = rule.get().newest(ds, platforms);
      if (c.chosen().isPresent()) {
        rows.add(ids.get(c.chosen().get().id()));
        if (!c.note().isEmpty()) {
          console.status(c.note());
        }
      } else {
        console.status(c.refusal(e.getKey()));
      }
    }
    for (CatalogVib v : rows) {
      if (!v.disagreements().isEmpty()) {
        console.status(disagreement(v));
      }
    }
    rows.sort(
        Comparator.comparing((CatalogVib v) -> v.descriptor().name())
            .thenComparing((CatalogVib v) -> v.descriptor().version(), Comparator.reverseOrder())
            .thenComparing(CatalogVib::id));
    return rows;
  }

  /** {@code 10ec:8168} or {@code 10ec:8168 1043:8677} as a device to match claims against. */
  static PciDevice pciDevice(String text) throws UsageException {
    try {
      List<PciDevice> d = DeviceLists.parse(text.replace(',', ' '), "--pci").devices();
      if (d.size() == 1 && d.get(0).address().isEmpty() && d.get(0).baseClass() < 0) {
        return d.get(0);
      }
    } catch (FormatException e) {
      // fall through to the usage message
    }
    throw new UsageException(
        "--pci "
            + text
            + ": expected VENDOR:DEVICE [SUBVENDOR:SUBDEVICE] in hex, e.g. --pci 10ec:8168");
  }

  /**
   * One line: the VIB's depot metadata disagrees with its signed descriptor, which esxforge goes
   * by; a build refuses the VIB.
   */
  static String disagreement(CatalogVib v) {
    return "WARNING: "
        + v.source().describe()
        + ": depot metadata disagrees with the VIB's signed descriptor.xml ("
        + String.join("; ", v.disagreements().stream().map(Object::toString).toList())
        + "); listed and judged as the descriptor says, and a build refuses it until the depot"
        + " is fixed";
  }

  static String signed(@Nullable Boolean signed) {
    return signed == null ? "unknown" : signed ? "yes" : "no";
  }
}
