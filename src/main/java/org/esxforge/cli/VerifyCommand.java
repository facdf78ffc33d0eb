package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.esxforge.build.IsoVerification;
import org.esxforge.build.IsoVerifier;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;

/**
 * {@code esxforge verify FILE… | -d DEPOT…}: every VIB's whole-file SHA-256 and size against the
 * depot metadata, every payload checksum, the payload list against the ar members, and the PKCS#7
 * signature. One line per VIB; exit 5 when anything is wrong.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Verify VIBs, bundles, component zips and depots")
public final class VerifyCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(
      names = "--no-signature-check",
      description = "Report signatures but do not fail certified/accepted/partner VIBs on them")
  boolean noSignatureCheck;

  @Parameter(description = "FILE (a .vib, bundle or component zip, depot folder, installer .iso)")
  List<String> files = new ArrayList<>();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (files.isEmpty() && depotArgs.depots.isEmpty()) {
      throw new UsageException("nothing to verify: give FILE(s) or -d DEPOT");
    }
    List<String> depotLocations = new ArrayList<>();
    List<Map<String, Object>> results = new ArrayList<>();
    int bad = 0;
    int count = 0;
    depotArgs.network.validate();
    List<String> named = new ArrayList<>(files);
    named.addAll(depotArgs.depots);
    // one store for every VIB, whether given as a file or read from a depot: the same verdict
    // as build gives for the same VIB and options
    VibVerifier.Options options =
        new VibVerifier.Options(
            !noSignatureCheck,
            DepotArgs.trustStore(
                named, depotArgs.trust.stream().map(Path::of).toList(), console.env()),
            Set.of());
    for (String f : files) {
      Path p = Path.of(f);
      if (Files.isRegularFile(p) && IsoFileSystem.matches(p)) {
        bad += reportIso(console, results, p);
        count++;
      } else if (Files.isRegularFile(p) && InspectCommand.isVib(p)) {
        VibVerification v = VibVerifier.verify(p, null, options.from(List.of(f)));
        bad += report(console, results, p.toString(), v);
        count++;
      } else {
        depotLocations.add(f);
      }
    }
    depotLocations.addAll(depotArgs.depots);
    if (!depotLocations.isEmpty()) {
      DepotArgs all = new DepotArgs();
      all.depots = depotLocations;
      all.trust = depotArgs.trust;
      all.network = depotArgs.network;
      try (NetworkOptions.Session session = all.open(console, common)) {
        int[] tally = new int[2];
        session
            .session()
            .verify(
                session.catalog(),
                options,
                v -> {
                  tally[0] += report(console, results, v.source(), v.verification());
                  tally[1]++;
                });
        bad += tally[0];
        count += tally[1];
      }
    }
    if (console.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("verified", count);
      m.put("failed", bad);
      m.put("results", results);
      console.printJson(m);
    } else {
      console.status(count + " verified (VIBs and ISOs), " + bad + " with problems");
    }
    return bad == 0 ? ExitCode.OK : ExitCode.CORRUPT_INPUT;
  }

  private static int report(
      Console console, List<Map<String, Object>> results, String source, VibVerification v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.vibId().value());
    m.put("source", source);
    m.put("ok", v.ok());
    m.put("problems", v.problems());
    m.put("warnings", v.warnings());
    m.put(
        "signature",
        Map.of(
            "status",
                v.signature().status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
            "signer", v.signature().signer(),
            "store", v.signature().store(),
            "verdict", v.verdict().kind().name().toLowerCase(java.util.Locale.ROOT),
            "detail", v.signature().detail()));
    results.add(m);
    if (!console.json()) {
      if (v.ok()) {
        console.out().println((v.warnings().isEmpty() ? "OK    " : "WARN  ") + v.oneLine(source));
      } else {
        console.out().println("FAIL  " + v.oneLine(source));
      }
    }
    return v.ok() ? 0 : 1;
  }

  /** An installer ISO: BOOT.CFG modules present, IMGDB agrees, El Torito entries right. */
  private static int reportIso(Console console, List<Map<String, Object>> results, Path iso)
      throws IOException {
    IsoVerification v = IsoVerifier.verify(iso);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("iso", iso.toString());
    m.put("ok", v.ok());
    m.put("problems", v.problems());
    m.put("summary", v.summary());
    results.add(m);
    if (!console.json()) {
      console
          .out()
          .println(
              v.ok()
                  ? "OK    " + v.summary()
                  : "FAIL  " + iso + ": " + String.join("; ", v.problems()));
    }
    return v.ok() ? 0 : 1;
  }
}
