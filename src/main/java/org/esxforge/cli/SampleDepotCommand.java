package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleDepotResult;
import org.esxforge.sample.SampleVersion;

/**
 * {@code esxforge sample-depot [--version 7.0|8.0] DIR}: writes the sample ESXi base depot (online
 * folder + offline zip + {@code sample-ca.pem}) into DIR.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandNames = "sample-depot",
    commandDescription = "Write esxforge's sample ESXi base depot (a stand-in for VMware's"
        + " depot zip: real VIB names and relationships, synthetic payloads) into DIR")
public final class SampleDepotCommand {
  @Parameter(names = "--version", description = "ESXi version of the sample: 7.0 or 8.0")
  String version = "7.0";

  @Parameter(description = "DIR", required = true)
  List<String> dir = new ArrayList<>();

  /** Runs with events rendered as text on {@code err}; returns the exit code. */
  public int run(PrintStream out, PrintStream err) {
    SampleVersion v;
    try {
      v = SampleVersion.parse(version);
    } catch (IllegalArgumentException e) {
      err.println("esxforge sample-depot: " + e.getMessage());
      return 2;
    }
    if (dir.size() != 1) {
      err.println("esxforge sample-depot: expected exactly one DIR, got " + dir.size());
      return 2;
    }
    EventHandlers events = EventHandlers.of(e -> {
      if (e instanceof LogEvent l && l.level().compareTo(LogEvent.Level.INFO) >= 0) {
        err.println((l.level() == LogEvent.Level.WARN ? "WARNING: " : "") + l.message());
      }
    });
    try {
      SampleDepotResult r = SampleDepot.write(Path.of(dir.get(0)), v, events);
      out.println("depot folder: " + r.folder());
      out.println("offline zip:  " + r.offlineZip());
      out.println("sample CA:    " + r.caPem() + " (use --trust " + r.caPem() + ")");
      out.println("profiles:     " + String.join(", ", r.profiles()));
      if (!r.bootable()) {
        out.println("NOT BOOTABLE: " + r.bootProblem());
      }
      return 0;
    } catch (IOException e) {
      err.println("esxforge sample-depot: " + e.getMessage());
      return 1;
    }
  }

  /** Runs with the process's standard streams. */
  public int run() {
    return run(System.out, System.err);
  }
}
