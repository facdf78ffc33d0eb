package org.esxforge.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.VibId;

/**
 * {@code <recipe>.lock.json}: what a recipe resolved to, so that it can be rebuilt byte for byte.
 * Schema ({@code apiVersion: esxforge/v1}, {@code kind: ImageLock}; keys sorted, two-space indent,
 * LF, final newline):
 *
 * <pre>
 * { "acceptance": "partner", "apiVersion": "esxforge/v1",
 *   "base": {"profile": "ESXi-7.0b-16324942-standard", "reason": "…", "selector": "latest:standard"},
 *   "buildTime": "2020-06-16T00:00:00Z", "kind": "ImageLock", "profile": "ESXi-7.0b-HP-Emulex",
 *   "recipe": {"file": "hp-emulex-golden.yaml", "sha256": "<inputs hash>"}, "toolVersion": "1.0",
 *   "vibs": {"VMW_bootbank_…": {"depots": ["sample:7.0"], "sha256": "…"}, …},
 *   "components": {"ESXi": "8.0.3-0.35.24280767", …} }
 * </pre>
 *
 * {@code components} (7.0+ images only; absent when the image has none) records the image's
 * components by name and version, so that a re-spin reports component changes.
 *
 * <p>{@code recipe.sha256} hashes the recipe's resolution inputs (see {@link RecipeInputs}), not
 * its bytes: comments and output paths do not invalidate a lock. {@code depots} are spelled as in
 * the recipe (relative paths relative to the recipe's folder), so a lock is portable.
 *
 * <p>Immutable and thread-safe.
 */
public record Lockfile(
    String recipeFile,
    Sha256 recipeSha256,
    String baseSelector,
    String base,
    String baseReason,
    String profile,
    AcceptanceLevel acceptance,
    Instant buildTime,
    String toolVersion,
    SortedMap<VibId, Entry> vibs,
    SortedMap<String, String> components) {

  public static final String KIND = "ImageLock";

  /** A lock without components (a pre-7.0 image). */
  public Lockfile(
      String recipeFile,
      Sha256 recipeSha256,
      String baseSelector,
      String base,
      String baseReason,
      String profile,
      AcceptanceLevel acceptance,
      Instant buildTime,
      String toolVersion,
      SortedMap<VibId, Entry> vibs) {
    this(
        recipeFile,
        recipeSha256,
        baseSelector,
        base,
        baseReason,
        profile,
        acceptance,
        buildTime,
        toolVersion,
        vibs,
        new TreeMap<>());
  }

  /** One locked VIB. */
  public record Entry(Sha256 sha256, List<String> depots) {
    public Entry {
      Objects.requireNonNull(sha256, "sha256");
      depots = List.copyOf(depots);
    }
  }

  public Lockfile {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(acceptance, "acceptance");
    Objects.requireNonNull(buildTime, "buildTime");
    vibs = Collections.unmodifiableSortedMap(new TreeMap<>(vibs));
    components = Collections.unmodifiableSortedMap(new TreeMap<>(components));
  }

  /** {@code profiles/x.yaml} → {@code profiles/x.yaml.lock.json}. */
  public static Path pathFor(Path recipe) {
    return recipe.resolveSibling(recipe.getFileName() + ".lock.json");
  }

  /** The canonical JSON text. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", RecipeParser.API_VERSION);
    m.put("kind", KIND);
    m.put("recipe", Map.of("file", recipeFile, "sha256", recipeSha256.hex()));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("selector", baseSelector);
    b.put("profile", base);
    b.put("reason", baseReason);
    m.put("base", b);
    m.put("profile", profile);
    m.put("acceptance", acceptance.xmlValue());
    m.put("buildTime", buildTime.toString());
    m.put("toolVersion", toolVersion);
    Map<String, Object> v = new TreeMap<>();
    vibs.forEach(
        (id, e) -> v.put(id.value(), Map.of("sha256", e.sha256().hex(), "depots", e.depots())));
    m.put("vibs", v);
    if (!components.isEmpty()) {
      m.put("components", components);
    }
    return canonicalJson(m);
  }

  /** Writes {@link #toJson()} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeSharedBytes(file, toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a lock file; a malformed one is a one-line {@link RecipeException}. */
  public static Lockfile read(Path file) throws IOException, RecipeException {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new RecipeException(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ": not JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    try {
      if (!RecipeParser.API_VERSION.equals(text(n, "apiVersion"))
          || !KIND.equals(text(n, "kind"))) {
        throw new RecipeException(
            file
                + ": not an esxforge lock (expected apiVersion "
                + RecipeParser.API_VERSION
                + ", kind "
                + KIND
                + ")");
      }
      SortedMap<VibId, Entry> vibs = new TreeMap<>();
      JsonNode vn = n.path("vibs");
      for (Iterator<Map.Entry<String, JsonNode>> it = vn.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<String> depots = new ArrayList<>();
        e.getValue().path("depots").forEach(d -> depots.add(d.asText()));
        vibs.put(
            VibId.parse(e.getKey()), new Entry(Sha256.parse(text(e.getValue(), "sha256")), depots));
      }
      SortedMap<String, String> components = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("components").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        components.put(e.getKey(), e.getValue().asText());
      }
      JsonNode b = n.path("base");
      return new Lockfile(
          text(n.path("recipe"), "file"),
          Sha256.parse(text(n.path("recipe"), "sha256")),
          text(b, "selector"),
          text(b, "profile"),
          b.path("reason").asText(""),
          text(n, "profile"),
          AcceptanceLevel.parse(text(n, "acceptance")),
          Instant.parse(text(n, "buildTime")),
          n.path("toolVersion").asText(""),
          vibs,
          components);
    } catch (InvalidModelException | Sha256.InvalidDigestException | DateTimeParseException e) {
      throw new RecipeException(file + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field) throws InvalidModelException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidModelException(field, "", "missing or not a string");
    }
    return v.asText();
  }

  /** Sorted keys, two-space indent, LF, final newline. */
  static String canonicalJson(Object tree) {
    ObjectMapper m =
        JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(
                        com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
    try {
      // secrets in depot URLs never reach a lock or manifest (io.RedactingJson)
      return org.esxforge.io.RedactingJson.toString(m.writer(pp), tree) + "\n";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
