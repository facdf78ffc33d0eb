package org.esxforge.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.Catalog;
import org.esxforge.model.ImageProfile;

/**
 * {@code esxforge profiles}: image profiles, newest first (PowerCLI {@code Get-EsxImageProfile}).
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "List the image profiles of the depots, newest first")
public final class ProfilesCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  /** Newest creation time first; profiles without one last; then by name. */
  static final Comparator<ImageProfile> NEWEST_FIRST =
      Comparator.comparing(
              (ImageProfile p) -> p.creationTime() == null ? Instant.MIN : p.creationTime(),
              Comparator.reverseOrder())
          .thenComparing(ImageProfile::name);

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      List<ImageProfile> profiles = new ArrayList<>(catalog.profiles());
      profiles.sort(NEWEST_FIRST);
      if (console.json()) {
        List<Map<String, Object>> out = new ArrayList<>();
        profiles.forEach(p -> out.add(Views.profile(p)));
        console.printJson(out);
        return ExitCode.OK;
      }
      Table t = new Table("NAME", "VENDOR", "CREATED", "ACCEPTANCE", "VIBS");
      for (ImageProfile p : profiles) {
        t.row(
            p.name(),
            p.creator(),
            p.creationTime() == null ? "" : p.creationTime(),
            p.acceptanceLevel(),
            p.vibIds().size());
      }
      t.print(console.out());
      console.status(profiles.size() + " profile(s)");
      return ExitCode.OK;
    }
  }
}
