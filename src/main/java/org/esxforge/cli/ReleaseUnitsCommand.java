package org.esxforge.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.SoftwareVersion;

/**
 * {@code esxforge baseimages} and {@code esxforge addons}: the 7.0+ base images (PowerCLI {@code
 * Get-DepotBaseImages}) or vendor add-ons ({@code Get-DepotAddons}) of the depots, newest first.
 * {@code addons} also lists the depots' other vendor release units, when there are any: manifests
 * (hardware support packages, which a vendor's hardware support manager applies beside the add-on)
 * and solutions (sets of components a vCenter solution installs), in their own tables ({@code
 * --json}: the same array, told apart by {@code type}).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
public abstract class ReleaseUnitsCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  /** True for add-ons, false for base images. */
  abstract boolean addOns();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      List<ReleaseUnit> units = sorted(addOns() ? catalog.addOns() : catalog.baseImages());
      List<ReleaseUnit> manifests = addOns() ? sorted(catalog.manifests()) : List.of();
      List<ReleaseUnit> solutions = addOns() ? sorted(catalog.solutions()) : List.of();
      if (console.json()) {
        List<Map<String, Object>> out = new ArrayList<>();
        units.forEach(u -> out.add(Views.releaseUnit(u)));
        manifests.forEach(u -> out.add(Views.releaseUnit(u)));
        solutions.forEach(u -> out.add(Views.releaseUnit(u)));
        console.printJson(out);
        return ExitCode.OK;
      }
      Table t =
          addOns()
              ? new Table(
                  "NAME",
                  "VERSION",
                  "VENDOR",
                  "COMPONENTS",
                  "REMOVES",
                  "SUPPORTED BASE IMAGES",
                  "RELEASE DATE")
              : new Table("VERSION", "DISPLAY VERSION", "VENDOR", "COMPONENTS", "RELEASE DATE");
      for (ReleaseUnit u : units) {
        String date =
            u.releaseDate().length() > 10 ? u.releaseDate().substring(0, 10) : u.releaseDate();
        if (addOns()) {
          t.row(
              u.name(),
              u.version(),
              u.vendor(),
              u.components().size(),
              String.join(",", u.removedComponents()),
              String.join(",", u.supportedBaseImageVersions()),
              date);
        } else {
          t.row(u.version(), u.versionUi(), u.vendor(), u.components().size(), date);
        }
      }
      t.print(console.out());
      if (!manifests.isEmpty()) {
        Table m =
            new Table(
                "HARDWARE SUPPORT PACKAGE",
                "VERSION",
                "MANAGER",
                "VENDOR",
                "COMPONENTS",
                "SUPPORTED BASE IMAGES",
                "RELEASE DATE");
        for (ReleaseUnit u : manifests) {
          m.row(
              u.hardwareSupportPackage().isEmpty() ? u.name() : u.hardwareSupportPackage(),
              u.version(),
              u.hardwareSupportManager(),
              u.vendor(),
              String.join(
                  ",",
                  u.components().entrySet().stream()
                      .map(e -> e.getKey() + ":" + e.getValue())
                      .toList()),
              String.join(",", u.supportedBaseImageVersions()),
              date(u));
        }
        console.out().println();
        console.out().println("Manifests (hardware support packages):");
        m.print(console.out());
      }
      if (!solutions.isEmpty()) {
        Table so = new Table("SOLUTION", "VERSION", "VENDOR", "COMPONENTS", "RELEASE DATE");
        for (ReleaseUnit u : solutions) {
          so.row(
              u.name(),
              u.version(),
              u.vendor(),
              String.join(
                  ",",
                  u.components().entrySet().stream()
                      .map(e -> e.getKey() + " (" + e.getValue() + ")")
                      .toList()),
              date(u));
        }
        console.out().println();
        console.out().println("Solutions:");
        so.print(console.out());
      }
      console.status(
          units.size()
              + (addOns() ? " add-on(s)" : " base image(s)")
              + (manifests.isEmpty() ? "" : ", " + manifests.size() + " manifest(s)")
              + (solutions.isEmpty() ? "" : ", " + solutions.size() + " solution(s)"));
      return ExitCode.OK;
    }
  }

  private static List<ReleaseUnit> sorted(List<ReleaseUnit> in) {
    List<ReleaseUnit> units = new ArrayList<>(in);
    units.sort(
        Comparator.comparing(ReleaseUnit::name)
            .thenComparing(u -> new SoftwareVersion(u.version()), Comparator.reverseOrder()));
    return units;
  }

  private static String date(ReleaseUnit u) {
    return u.releaseDate().length() > 10 ? u.releaseDate().substring(0, 10) : u.releaseDate();
  }

  /** {@code esxforge baseimages}. */
  @Parameters(commandDescription = "List the 7.0+ base images of the depots, newest first")
  static final class BaseImages extends ReleaseUnitsCommand {
    @Override
    boolean addOns() {
      return false;
    }
  }

  /** {@code esxforge addons}. */
  @Parameters(commandDescription = "List the vendor add-ons of the depots, newest first")
  static final class AddOns extends ReleaseUnitsCommand {
    @Override
    boolean addOns() {
      return true;
    }
  }
}
