package org.esxforge.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.esxforge.build.AddSpec;
import org.esxforge.io.Parents;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.SoftwareSpec;
import org.jspecify.annotations.Nullable;

/**
 * Reads a recipe file: YAML, or JSON when the name ends in {@code .json}. The layout:
 *
 * <pre>
 * apiVersion: esxforge/v1
 * kind: ImageRecipe
 * depots: [sample:7.0, ../samples/HP-drivers-7.0-offline-bundle.zip, "https://${USER}:${file:pw}@host/depot/index.xml"]
 * base: latest:standard            # or a profile name, latest:7.0, latest:8.0U3, latest:no-tools
 * profile: {name: "${base}-golden", vendor: ACME, description: "…", acceptance: partner}
 * vibs: {add: [char-hpilo, lpfc820@12.8.0, ../samples/x.vib], remove: [hpnmi]}
 * signatures: {check: true, trust: [ca.pem]}
 * outputs: {iso: ../out/golden.iso, isoWriter: builtin, bundle: ../out/golden.zip,
 *           pxe: ../out/golden-pxe}
 * boot: {kickstart: ks.cfg, kernelOptions: [netdevice=vmnic0]}
 * image:                           # 7.0+, instead of base: compose from a base image
 *   baseImage: latest:8.0          # a base image version, latest or latest:PREFIX
 *   addon: HPE-Custom-AddOn        # NAME or NAME@VERSION (optional)
 *   components: {Intel-ne1000: ""} # name: version ("" = the newest that fits the base image)
 *   removedComponents: [Cisco-nfnic]
 * hardware: devices.txt   # lspci -n/-nn, esxcli hardware pci list, vmkchdev -l or vendor:device
 * </pre>
 *
 * <p>Only {@code apiVersion}, {@code kind}, {@code depots} and {@code profile.name} are required.
 * An unknown field, a duplicate key, a wrong type or a bad value is a {@link RecipeException}
 * naming the file, the line (where the parser knows it) and the field.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipeParser {
  public static final String API_VERSION = "esxforge/v1";
  public static final String KIND = "ImageRecipe";

  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SAMPLE = Pattern.compile("(?i)sample(:\\S+)?");

  private RecipeParser() {}

  record Raw(
      @JsonProperty(value = "apiVersion", required = true) String apiVersion,
      @JsonProperty(value = "kind", required = true) String kind,
      @JsonProperty("depots") List<String> depots,
      @JsonProperty("base") String base,
      @JsonProperty("profile") RawProfile profile,
      @JsonProperty("vibs") RawVibs vibs,
      @JsonProperty("signatures") RawSignatures signatures,
      @JsonProperty("outputs") RawOutputs outputs,
      @JsonProperty("boot") RawBoot boot,
      @JsonProperty("image") RawImage image,
      @JsonProperty("hardware") String hardware) {}

  record RawImage(
      @JsonProperty("baseImage") String baseImage,
      @JsonProperty("addon") String addOn,
      @JsonProperty("components") java.util.Map<String, String> components,
      @JsonProperty("removedComponents") List<String> removedComponents) {}

  record RawProfile(
      @JsonProperty("name") String name,
      @JsonProperty("vendor") String vendor,
      @JsonProperty("description") String description,
      @JsonProperty("acceptance") String acceptance) {}

  record RawVibs(
      @Nullable @JsonProperty("add") List<String> add,
      @Nullable @JsonProperty("remove") List<String> remove) {}

  record RawSignatures(
      @Nullable @JsonProperty("check") Boolean check,
      @Nullable @JsonProperty("trust") List<String> trust) {}

  record RawOutputs(
      @Nullable @JsonProperty("iso") String iso,
      @Nullable @JsonProperty("isoWriter") String isoWriter,
      @Nullable @JsonProperty("bundle") String bundle,
      @Nullable @JsonProperty("pxe") String pxe) {}

  record RawBoot(
      @Nullable @JsonProperty("kickstart") String kickstart,
      @Nullable @JsonProperty("kernelOptions") List<String> kernelOptions) {}

  /** Reads and checks {@code file}. */
  public static Recipe parse(Path file) throws RecipeException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new RecipeException(file + ": no such recipe file");
    }
    ObjectMapper m =
        Parents.nameOf(file).toLowerCase(Locale.ROOT).endsWith(".json")
            ? JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
            : YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    Raw raw;
    try {
      raw = m.readValue(file.toFile(), Raw.class);
    } catch (UnrecognizedPropertyException e) {
      // records are built from buffered properties, so the parser is past the field by now:
      // find the field's own line
      throw new RecipeException(
          file + lineOf(file, e.getPropertyName(), e.getLocation()) + ": " + what(e), e);
    } catch (JsonProcessingException e) {
      throw new RecipeException(file + where(e.getLocation()) + ": " + what(e), e);
    }
    if (raw == null) {
      throw new RecipeException(file + ": empty recipe");
    }
    return build(file, raw);
  }

  private static Recipe build(Path file, Raw r) throws RecipeException {
    if (!API_VERSION.equals(r.apiVersion())) {
      throw new RecipeException(
          file
              + ": apiVersion '"
              + r.apiVersion()
              + "' is not supported;"
              + " expected "
              + API_VERSION);
    }
    if (!KIND.equals(r.kind())) {
      throw new RecipeException(
          file + ": kind '" + r.kind() + "' is not a recipe; expected " + KIND);
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      throw new RecipeException(file + ": names a root directory, not a recipe file");
    }
    List<String> depots = nonNull(file, "depots", r.depots());
    if (depots.isEmpty()) {
      throw new RecipeException(file + ": depots: give at least one depot (e.g. sample:7.0)");
    }
    List<String> resolved = new ArrayList<>();
    for (String d : depots) {
      resolved.add(isLocation(d) ? d : dir.resolve(d).normalize().toString());
    }
    RawProfile p = r.profile();
    if (p == null || p.name() == null || p.name().isBlank()) {
      throw new RecipeException(
          file
              + ": profile.name is required (the new profile's name,"
              + " e.g. \"${base}-golden\")");
    }
    Substitutions.check(file, "profile.name", p.name());
    if (p.description() != null) {
      Substitutions.check(file, "profile.description", p.description());
    }
    AcceptanceLevel level = null;
    if (p.acceptance() != null) {
      try {
        level = AcceptanceLevel.parse(p.acceptance());
      } catch (InvalidModelException e) {
        throw new RecipeException(
            file
                + ": profile.acceptance '"
                + p.acceptance()
                + "': expected certified, accepted, partner or community");
      }
    }
    RawVibs v = r.vibs() == null ? new RawVibs(null, null) : r.vibs();
    List<String> adds = new ArrayList<>();
    for (String a : nonNull(file, "vibs.add", v.add())) {
      adds.add(AddSpec.parse(a, dir) instanceof AddSpec.Location pkg ? pkg.path().toString() : a);
    }
    List<String> removes = nonNull(file, "vibs.remove", v.remove());
    RawSignatures s = r.signatures() == null ? new RawSignatures(null, null) : r.signatures();
    List<Path> trust = new ArrayList<>();
    for (String t : nonNull(file, "signatures.trust", s.trust())) {
      trust.add(dir.resolve(t).normalize());
    }
    RawOutputs o = r.outputs() == null ? new RawOutputs(null, null, null, null) : r.outputs();
    RawBoot b = r.boot() == null ? new RawBoot(null, null) : r.boot();
    String base = r.base() == null ? "latest" : r.base().trim();
    if (base.isEmpty()) {
      throw new RecipeException(file + ": base is empty; give a profile name or latest[:…]");
    }
    SoftwareSpec spec = image(file, r);
    return new Recipe(
        file.toAbsolutePath().normalize(),
        depots,
        resolved,
        base,
        p.name(),
        p.vendor(),
        p.description(),
        adds,
        removes,
        level,
        s.check() == null || s.check(),
        trust,
        path(dir, o.iso()),
        o.isoWriter(),
        path(dir, o.bundle()),
        path(dir, b.kickstart()),
        nonNull(file, "boot.kernelOptions", b.kernelOptions()),
        spec,
        path(dir, r.hardware()),
        path(dir, o.pxe()));
  }

  private static @Nullable SoftwareSpec image(Path file, Raw r) throws RecipeException {
    RawImage i = r.image();
    if (i == null) {
      return null;
    }
    if (r.base() != null) {
      throw new RecipeException(
          file
              + ": give either base (clone a profile) or image (compose"
              + " from a base image), not both");
    }
    if (i.baseImage() == null || i.baseImage().isBlank()) {
      throw new RecipeException(
          file + ": image.baseImage is required (a base image version," + " latest or latest:8.0)");
    }
    java.util.TreeMap<String, String> cs = new java.util.TreeMap<>();
    if (i.components() != null) {
      for (java.util.Map.Entry<String, String> e : i.components().entrySet()) {
        if (e.getKey().isBlank()) {
          throw new RecipeException(file + ": image.components: empty component name");
        }
        cs.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
      }
    }
    return new SoftwareSpec(
        i.baseImage(),
        i.addOn() == null || i.addOn().isBlank() ? null : SoftwareSpec.AddOnRef.parse(i.addOn()),
        cs,
        new java.util.TreeSet<>(nonNull(file, "image.removedComponents", i.removedComponents())));
  }

  /** A URL or {@code sample[:version]}: not resolved against the recipe's folder. */
  static boolean isLocation(String d) {
    return URL.matcher(d).matches() || SAMPLE.matcher(d.trim()).matches();
  }

  private static @Nullable Path path(Path dir, @Nullable String p) {
    return p == null ? null : dir.resolve(p).normalize();
  }

  private static List<String> nonNull(Path file, String field, @Nullable List<String> l)
      throws RecipeException {
    if (l == null) {
      return List.of();
    }
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i) == null || l.get(i).isBlank()) {
        throw new RecipeException(file + ": " + field + "[" + i + "] is empty");
      }
    }
    return l;
  }

  private static String lineOf(Path file, String field, JsonLocation fallback) throws IOException {
    Pattern p = Pattern.compile("(^|[\\s{,\\-])[\"']?" + Pattern.quote(field) + "[\"']?\\s*:");
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().startsWith("#") && p.matcher(lines.get(i)).find()) {
        return ":" + (i + 1);
      }
    }
    return where(fallback);
  }

  private static String where(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr();
  }

  private static String what(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = fieldPath(u.getPath().subList(0, u.getPath().size() - 1));
      return "unknown field '"
          + (parent.isEmpty() ? "" : parent + ".")
          + u.getPropertyName()
          + "' (known here: "
          + String.join(
              ", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList())
          + ")";
    }
    if (e instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
      return "field '" + fieldPath(jm.getPath()) + "': " + firstLine(e.getOriginalMessage());
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String fieldPath(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    String l = s.strip();
    int nl = l.indexOf('\n');
    return (nl < 0 ? l : l.substring(0, nl))
        .replace(" (class org.esxforge.recipe.RecipeParser$", " (")
        .replaceAll("\\s+", " ");
  }
}
