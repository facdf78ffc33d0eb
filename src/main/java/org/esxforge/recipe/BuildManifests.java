package org.esxforge.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.esxforge.build.BuildResult;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;

/**
 * Writes, next to each output of a recipe build, {@code <output>.manifest.json} (inputs, resolved
 * VIBs with SHA-256 and depots, acceptance, tool version, the output's size and SHA-256; canonical
 * JSON, no absolute paths, timestamps only the lock's build time) and updates {@code SHA256SUMS} in
 * that folder (GNU coreutils text format {@code <hex><space><space><name>}, sorted by name).
 * Entries of other files already in {@code SHA256SUMS} are kept while those files exist.
 *
 * <p>Stateless and thread-safe (for different folders).
 */
public final class BuildManifests {
  public static final String SUMS = "SHA256SUMS";

  private BuildManifests() {}

  /** Writes the manifests and sums; returns the manifest files. */
  public static List<Path> write(Recipe r, Lockfile lock, BuildResult result) throws IOException {
    List<Path> manifests = new ArrayList<>();
    Map<Path, Map<String, String>> sums = new TreeMap<>();
    for (BuildResult.Output o : result.outputs()) {
      Path out = o.path().toAbsolutePath();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("apiVersion", RecipeParser.API_VERSION);
      m.put("kind", "BuildManifest");
      m.put("tool", Map.of("name", "esxforge", "version", lock.toolVersion()));
      m.put("recipe", Map.of("file", lock.recipeFile(), "sha256", lock.recipeSha256().hex()));
      m.put(
          "lock",
          Map.of("sha256", Sha256.of(lock.toJson().getBytes(StandardCharsets.UTF_8)).hex()));
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("depots", r.depots());
      List<String> adds = new ArrayList<>();
      r.adds().forEach(a -> adds.add(RecipeInputs.spell(r, a)));
      in.put("adds", adds);
      in.put("removes", r.removes());
      in.put("baseSelector", r.base());
      in.put("isoWriter", r.isoWriter());
      in.put("kernelOptions", r.kernelOptions());
      in.put("kickstart", r.kickstart() == null ? "" : Parents.nameOf(r.kickstart()));
      in.put("signatureCheck", r.signatureCheck());
      m.put("inputs", in);
      m.put("base", Map.of("profile", lock.base(), "reason", lock.baseReason()));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", result.profile().name());
      p.put("vendor", result.profile().creator());
      p.put("acceptance", result.profile().acceptanceLevel().xmlValue());
      p.put("vibCount", result.profile().vibIds().size());
      m.put("profile", p);
      // the time the outputs carry (the lock's, or SOURCE_DATE_EPOCH when that overrode it)
      m.put("buildTime", String.valueOf(result.profile().creationTime()));
      Map<String, Object> vibs = new TreeMap<>();
      lock.vibs()
          .forEach(
              (id, e) ->
                  vibs.put(id.value(), Map.of("sha256", e.sha256().hex(), "depots", e.depots())));
      m.put("vibs", vibs);
      if (result.model().spec() != null) {
        m.put("spec", org.esxforge.depot.xml.SoftwareSpecJson.tree(result.model().spec()));
      }
      if (result.hardware() != null) {
        // what drives each device of the host's list: the answer the image was built for
        m.put("hardware", hardware(result.hardware()));
      }
      m.put(
          "output",
          Map.of(
              "file",
              Parents.nameOf(out),
              "kind",
              o.kind(),
              "size",
              o.size(),
              "sha256",
              Objects.requireNonNull(o.sha256(), "a written output's digest").hex()));
      byte[] bytes = Lockfile.canonicalJson(m).getBytes(StandardCharsets.UTF_8);
      Path mf = out.resolveSibling(out.getFileName() + ".manifest.json");
      AtomicFiles.writeSharedBytes(mf, bytes);
      manifests.add(mf);
      Map<String, String> s = sums.computeIfAbsent(out.getParent(), k -> new TreeMap<>());
      if (!Files.isDirectory(out)) {
        // a PXE tree is a folder: sha256sum cannot check it; its manifest records the SHA-256
        // of its file listing ("sha256  path" lines, sorted)
        s.put(Parents.nameOf(out), o.sha256().hex());
      }
      s.put(Parents.nameOf(mf), Sha256.of(bytes).hex());
    }
    for (Map.Entry<Path, Map<String, String>> e : sums.entrySet()) {
      writeSums(e.getKey(), e.getValue());
    }
    return manifests;
  }

  private static List<Map<String, Object>> hardware(org.esxforge.hardware.HardwareCheck.Report r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (org.esxforge.hardware.HardwareCheck.DeviceVerdict v : r.devices()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("address", v.device().address());
      d.put("id", v.device().id());
      d.put("subsystem", v.device().subsystem());
      d.put("class", v.device().classCode());
      d.put("required", v.required());
      d.put("driver", v.driver());
      d.put("vib", v.vib() == null ? "" : v.vib().value());
      d.put("claim", v.claim());
      out.add(d);
    }
    return out;
  }

  private static void writeSums(Path dir, Map<String, String> ours) throws IOException {
    Path f = dir.resolve(SUMS);
    Map<String, String> all = new TreeMap<>();
    if (Files.isRegularFile(f)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        int sp = line.indexOf("  ");
        if (line.length() > 66 && sp == 64) {
          String name = line.substring(66);
          if (Files.isRegularFile(dir.resolve(name))) {
            all.put(name, line.substring(0, 64));
          }
        }
      }
    }
    all.putAll(ours);
    StringBuilder sb = new StringBuilder();
    all.forEach((name, hex) -> sb.append(hex).append("  ").append(name).append('\n'));
    AtomicFiles.writeSharedBytes(f, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
