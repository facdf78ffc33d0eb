package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.Messages;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleSize;
import org.esxforge.sample.SampleVersion;

/**
 * {@code esxforge sample-depot [--version 7.0|8.0] [--full-size] DIR}.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Write esxforge's sample ESXi base depot (a stand-in for VMware's depot zip: real VIB"
            + " names and relationships, synthetic payloads) into DIR")
public final class SampleDepotCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @Parameter(names = "--version", description = "ESXi version of the sample: 7.0 or 8.0")
  String version = "7.0";

  @Parameter(
      names = "--full-size",
      description =
          "Every payload at the size the real ESXi 7.0 host database records (about a real"
              + " installer's size; a benchmark input)")
  boolean fullSize;

  @Parameter(description = "DIR")
  List<String> dir = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    SampleVersion v;
    try {
      v = SampleVersion.parse(version);
    } catch (IllegalArgumentException e) {
      throw new UsageException(Messages.of(e));
    }
    if (dir.size() != 1) {
      throw new UsageException("expected exactly one DIR, got " + dir.size());
    }
    SampleDepotResult r =
        SampleDepot.write(
            Path.of(dir.get(0)),
            v,
            fullSize ? SampleSize.FULL : SampleSize.STANDARD,
            console.events());
    if (console.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("folder", r.folder().toString());
      m.put("offlineZip", r.offlineZip().toString());
      m.put("caPem", r.caPem().toString());
      m.put("version", r.version().text());
      m.put("profiles", r.profiles());
      m.put("vibCount", r.vibCount());
      m.put("bootable", r.bootable());
      m.put("bootProblem", r.bootProblem());
      console.printJson(m);
    } else {
      console.out().println("depot folder: " + r.folder());
      console.out().println("offline zip:  " + r.offlineZip());
      console.out().println("sample CA:    " + r.caPem() + " (use --trust " + r.caPem() + ")");
      console.out().println("profiles:     " + String.join(", ", r.profiles()));
      if (!r.bootable()) {
        console.warn("NOT BOOTABLE: " + r.bootProblem());
      }
    }
    return ExitCode.OK;
  }
}
