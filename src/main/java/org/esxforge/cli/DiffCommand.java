package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.build.BaseSelector;
import org.esxforge.build.BuildException;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.ProfileDiff;

/**
 * {@code esxforge diff -d … REF COMP [--json]}: VIBs added, removed, upgraded, downgraded and
 * changed from profile REF to profile COMP, and the acceptance level change (PowerCLI {@code
 * Compare-EsxImageProfile}). Either name may be a {@code latest…} selector as in {@code build
 * --base}.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Compare two image profiles: added, removed, upgraded,"
    + " downgraded VIBs and acceptance level")
final class DiffCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(description = "REF COMP")
  List<String> names = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (names.size() != 2) {
      throw new UsageException("expected two profile names, REF and COMP; got " + names.size());
    }
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog cat = session.catalog();
      java.util.Map<VibId, VibDescriptor> lookup = new java.util.TreeMap<>();
      for (CatalogVib v : cat.vibs().values()) {
        lookup.put(v.id(), v.descriptor());
      }
      ProfileDiff d;
      try {
        d = ProfileDiff.diff(BaseSelector.choose(cat, names.get(0)).profile(),
            BaseSelector.choose(cat, names.get(1)).profile(), lookup);
      } catch (BuildException e) {
        throw new ExitCodeException(ExitCode.USAGE,
            e.getMessage().replace("--base ", "profile "));
      }
      if (console.json()) {
        console.printJson(d.toJsonTree());
      } else {
        console.out().print(d.toText());
      }
    }
    return ExitCode.OK;
  }
}
