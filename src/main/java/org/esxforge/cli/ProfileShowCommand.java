package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;

/**
 * {@code esxforge profile show NAME}: one profile with every VIB it holds.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Show one image profile and its VIBs")
public final class ProfileShowCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(description = "NAME")
  List<String> names = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (names.size() != 1) {
      throw new UsageException("expected exactly one profile NAME, got " + names.size());
    }
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      ImageProfile p = catalog.profile(names.get(0)).orElse(null);
      if (p == null) {
        var unit =
            catalog.baseImages().stream()
                .filter(
                    u -> u.version().equals(names.get(0)) || u.effectiveId().equals(names.get(0)))
                .findFirst();
        if (unit.isPresent()) {
          return showBaseImage(catalog, unit.get(), console);
        }
        List<String> known = catalog.profiles().stream().map(ImageProfile::name).toList();
        throw new ExitCodeException(
            ExitCode.USAGE,
            "no image profile '"
                + names.get(0)
                + "' in the depots; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
      }
      List<Map<String, Object>> vibs = new ArrayList<>();
      Table t = new Table("NAME", "VERSION", "VENDOR", "ACCEPTANCE", "TYPE");
      for (VibId id : p.vibIds()) {
        CatalogVib v = catalog.vib(id).orElse(null);
        if (v == null) {
          vibs.add(Map.of("id", id.value(), "missing", true));
          t.row(id.value(), "", "", "MISSING FROM DEPOTS", "");
          continue;
        }
        var d = v.descriptor();
        vibs.add(Views.vib(v));
        t.row(d.name(), d.version(), d.vendor(), d.acceptanceLevel(), d.type());
      }
      List<Bulletin> components = new ArrayList<>();
      for (Bulletin b : catalog.components()) {
        if (!b.vibIds().isEmpty()
            && p.vibIds().containsAll(b.vibIds())
            && components.stream().noneMatch(c -> c.componentName().equals(b.componentName()))) {
          components.add(b);
        }
      }
      // a 7.0+ profile naming a base image: its add-on, spec and reserved components
      var model = org.esxforge.build.ImageComposer.derive(catalog, p).orElse(null);
      if (console.json()) {
        Map<String, Object> m = Views.profile(p);
        m.put("vibs", vibs);
        m.put("components", components.stream().map(Views::component).toList());
        if (model != null) {
          m.put("addOn", model.addOn() == null ? null : Views.releaseUnit(model.addOn()));
          m.put("spec", org.esxforge.depot.xml.SoftwareSpecJson.tree(model.spec()));
          m.put("reservedComponents", model.reserved().stream().map(Views::component).toList());
          m.put("satisfies", model.satisfied().stream().map(Views::releaseUnit).toList());
        }
        console.printJson(m);
        return ExitCode.OK;
      }
      var out = console.out();
      out.println("Name:         " + p.name());
      out.println("Vendor:       " + p.creator());
      out.println("Description:  " + p.description());
      out.println("Created:      " + (p.creationTime() == null ? "" : p.creationTime()));
      out.println(
          "Acceptance:   " + p.acceptanceLevel() + " (" + p.acceptanceLevel().uiName() + ")");
      out.println("Read-only:    " + p.readOnly());
      if (!p.baseImage().isEmpty()) {
        out.println("Base image:   " + p.baseImage());
      }
      if (model != null && model.addOn() != null) {
        out.println("Add-on:       " + model.addOn().name() + " " + model.addOn().version());
      }
      for (ReleaseUnit u : model == null ? List.<ReleaseUnit>of() : model.satisfied()) {
        out.println(
            (u.isManifest() ? "HW support:   " : "Solution:     ")
                + (u.isManifest() ? u.hardwareSupport() : u.name() + " " + u.version())
                + " (the image holds its components)");
      }
      out.println("VIBs:         " + p.vibIds().size());
      out.println();
      t.print(out);
      if (!components.isEmpty()) {
        out.println();
        out.println("Components:   " + components.size());
        componentTable(components).print(out);
      }
      if (model != null && !model.reserved().isEmpty()) {
        out.println();
        out.println(
            "Reserved:     "
                + model.reserved().size()
                + " (base-image components the image replaced; the host keeps them)");
        componentTable(model.reserved()).print(out);
      }
      return ExitCode.OK;
    }
  }

  private static Table componentTable(List<Bulletin> components) {
    Table c = new Table("COMPONENT", "VERSION", "VENDOR", "VIBS");
    for (Bulletin b : components) {
      c.row(b.componentName(), b.componentVersion(), b.vendor(), b.vibIds().size());
    }
    return c;
  }

  /** A base image (by version or release id): its fields and components. */
  private static ExitCode showBaseImage(Catalog catalog, ReleaseUnit u, Console console) {
    List<Bulletin> components = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    u.components()
        .forEach(
            (n, v) ->
                catalog
                    .component(n, v)
                    .ifPresentOrElse(components::add, () -> missing.add(n + ":" + v)));
    if (console.json()) {
      Map<String, Object> m = Views.releaseUnit(u);
      m.put("components", components.stream().map(Views::component).toList());
      m.put("missingComponents", missing);
      console.printJson(m);
      return ExitCode.OK;
    }
    var out = console.out();
    out.println("Base image:   " + u.effectiveId());
    out.println(
        "Version:      "
            + u.version()
            + (u.versionUi().isEmpty() ? "" : " (" + u.versionUi() + ")"));
    out.println("Vendor:       " + u.vendor());
    out.println("Summary:      " + u.summary());
    out.println("Released:     " + u.releaseDate());
    out.println("Acceptance:   " + u.acceptanceLevel());
    out.println("Components:   " + u.components().size());
    out.println();
    componentTable(components).print(out);
    for (String m : missing) {
      out.println(m + "  MISSING FROM DEPOTS");
    }
    return ExitCode.OK;
  }
}
