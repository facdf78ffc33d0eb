package org.esxforge.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotInfo;
import org.esxforge.depot.xml.ReleaseUnit;

/**
 * {@code esxforge depot info}: each depot's kind, vendors, channels and counts, and the totals of
 * the merged catalog (PowerCLI {@code Get-EsxSoftwareDepot}).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Show the depots: kind, vendors, channels, counts")
public final class DepotInfoCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> depots = new ArrayList<>();
        catalog.depots().forEach(d -> depots.add(Views.depot(d)));
        m.put("depots", depots);
        m.put("vibCount", catalog.vibs().size());
        m.put("bulletinCount", catalog.bulletins().size());
        m.put("profileCount", catalog.profiles().size());
        m.put("baseImageCount", catalog.baseImages().size());
        m.put("addOnCount", catalog.addOns().size());
        m.put("manifestCount", catalog.manifests().size());
        m.put("solutionCount", catalog.solutions().size());
        console.printJson(m);
        return ExitCode.OK;
      }
      var out = console.out();
      for (DepotInfo d : catalog.depots()) {
        out.println(d.location());
        out.println("  kind:       " + Views.depot(d).get("kind"));
        for (var v : d.vendors()) {
          out.println("  vendor:     " + v.name() + " (" + v.code() + ")");
        }
        for (DepotInfo.MetadataEntry e : d.metadata()) {
          out.println(
              "  channel:    "
                  + e.productId()
                  + " "
                  + e.version()
                  + " '"
                  + e.channel()
                  + "' -> "
                  + e.url());
        }
        out.println(
            "  contents:   "
                + d.vibCount()
                + " VIBs, "
                + d.bulletinCount()
                + " bulletins/components, "
                + d.profileCount()
                + " profiles, "
                + d.releaseUnitCount()
                + " release units (base images, add-ons, manifests, solutions)");
      }
      out.println(
          "catalog: "
              + catalog.vibs().size()
              + " distinct VIBs, "
              + catalog.bulletins().size()
              + " bulletins/components, "
              + catalog.profiles().size()
              + " profiles, "
              + catalog.baseImages().size()
              + " base images, "
              + catalog.addOns().size()
              + " add-ons, "
              + catalog.manifests().size()
              + " manifests (hardware support packages), "
              + catalog.solutions().size()
              + " solutions");
      for (ReleaseUnit u : catalog.manifests()) {
        out.println("  manifest: " + u.effectiveId() + " — " + manifestLine(u));
      }
      for (ReleaseUnit u : catalog.solutions()) {
        out.println("  solution: " + u.effectiveId() + " — " + solutionLine(u));
      }
      return ExitCode.OK;
    }
  }

  /** {@code hardware support package HPE-SPP 2024.07 (manager …), 2 components, for 8.0.3}. */
  static String manifestLine(ReleaseUnit u) {
    return "hardware support package "
        + u.hardwareSupport()
        + ", components "
        + String.join(
            ", ",
            u.components().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
        + (u.removedComponents().isEmpty()
            ? ""
            : ", removes " + String.join(", ", u.removedComponents()))
        + ", for base images "
        + String.join(", ", u.supportedBaseImageVersions());
  }

  /** {@code NAME VERSION, components amsdComponent (803.12…)}. */
  static String solutionLine(ReleaseUnit u) {
    return u.name()
        + " "
        + u.version()
        + ", components "
        + String.join(
            ", ",
            u.components().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList());
  }
}
