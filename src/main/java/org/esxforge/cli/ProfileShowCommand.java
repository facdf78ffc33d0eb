package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
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
        List<String> known = catalog.profiles().stream().map(ImageProfile::name).toList();
        throw new ExitCodeException(ExitCode.USAGE, "no image profile '" + names.get(0)
            + "' in the depots; known: " + (known.isEmpty() ? "none" : String.join(", ", known)));
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
      if (console.json()) {
        Map<String, Object> m = Views.profile(p);
        m.put("vibs", vibs);
        console.printJson(m);
        return ExitCode.OK;
      }
      var out = console.out();
      out.println("Name:         " + p.name());
      out.println("Vendor:       " + p.creator());
      out.println("Description:  " + p.description());
      out.println("Created:      " + (p.creationTime() == null ? "" : p.creationTime()));
      out.println("Acceptance:   " + p.acceptanceLevel() + " (" + p.acceptanceLevel().uiName() + ")");
      out.println("Read-only:    " + p.readOnly());
      if (!p.baseImage().isEmpty()) {
        out.println("Base image:   " + p.baseImage());
      }
      out.println("VIBs:         " + p.vibIds().size());
      out.println();
      t.print(out);
      return ExitCode.OK;
    }
  }
}
