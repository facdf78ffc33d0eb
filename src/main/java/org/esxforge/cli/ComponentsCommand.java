package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.esxforge.build.BuildException;
import org.esxforge.build.ComponentResolver;
import org.esxforge.build.ImageComposer;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.ComponentAgreement;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.io.Messages;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge components}: one row per 7.0+ component, by name then newest version first
 * (PowerCLI {@code Get-DepotComponents}). {@code --for BASE} keeps the components that fit that
 * base image ({@link ComponentResolver}); with {@code --newest} it takes, per name, the newest that
 * fits, and says which newer ones it passed over and why.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "List the 7.0+ components of the depots (name/version specs)")
public final class ComponentsCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(names = "--name", description = "Only components whose name matches this glob")
  @Nullable String name;

  @Parameter(names = "--vendor", description = "Only components whose vendor matches this glob")
  @Nullable String vendor;

  @Parameter(
      names = "--newest",
      description =
          "Only the newest version of each component"
              + " (with --for: the newest that fits that base image)")
  boolean newest;

  @Parameter(
      names = "--for",
      description =
          "Only components that fit this base image: a"
              + " version, latest or latest:PREFIX (e.g. latest:8.0)")
  @Nullable String forBase;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    try (NetworkOptions.Session session = depotArgs.open(console, common)) {
      Catalog catalog = session.catalog();
      ReleaseUnit base = null;
      if (forBase != null) {
        try {
          base = ImageComposer.baseImage(catalog, forBase);
        } catch (BuildException e) {
          throw new ExitCodeException(ExitCode.FAILURE, "--for " + e.getMessage());
        }
      }
      List<Bulletin> rows = select(catalog, base, console);
      for (Bulletin b : rows) {
        ComponentAgreement.check(catalog, b).forEach(console::warn);
      }
      if (console.json()) {
        List<Map<String, Object>> out = new ArrayList<>();
        rows.forEach(b -> out.add(Views.component(b)));
        console.printJson(out);
        return ExitCode.OK;
      }
      Table t = new Table("NAME", "VERSION", "VENDOR", "PLATFORM", "RELEASE DATE", "VIBS");
      for (Bulletin b : rows) {
        t.row(
            b.componentName(),
            b.componentVersion(),
            b.vendor(),
            String.join(
                ",",
                b.platforms().stream()
                    .map(SoftwarePlatform::version)
                    .map(v -> v.isEmpty() ? "any" : v)
                    .distinct()
                    .toList()),
            b.releaseDate().length() > 10 ? b.releaseDate().substring(0, 10) : b.releaseDate(),
            b.vibIds().size());
      }
      t.print(console.out());
      console.status(
          rows.size()
              + " component(s)"
              + (base == null ? "" : " for base image " + base.version()));
      return ExitCode.OK;
    }
  }

  private List<Bulletin> select(Catalog catalog, @Nullable ReleaseUnit base, Console console) {
    List<Bulletin> rows = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Bulletin b : catalog.components()) { // by name, newest first
      if (Globs.matches(name, b.componentName()) && Globs.matches(vendor, b.vendor())) {
        names.add(b.componentName());
      }
    }
    for (String n : names) {
      if (newest && base != null) {
        try {
          ComponentResolver.Choice<Bulletin> c = ComponentResolver.component(catalog, n, "", base);
          c.skipped().forEach(s -> console.status("skipped " + s));
          if (Globs.matches(vendor, c.chosen().vendor())) {
            rows.add(c.chosen());
          }
        } catch (BuildException e) {
          console.status(Messages.of(e));
        }
        continue;
      }
      for (Bulletin b : catalog.componentsNamed(n)) {
        if (!Globs.matches(vendor, b.vendor())
            || (base != null && ComponentResolver.incompatibility(catalog, b, base) != null)) {
          continue;
        }
        rows.add(b);
        if (newest) {
          break;
        }
      }
    }
    return rows;
  }
}
