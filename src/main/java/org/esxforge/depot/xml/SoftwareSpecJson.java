package org.esxforge.depot.xml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.esxforge.io.FormatException;
import org.esxforge.model.SoftwareSpec;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the vSphere Lifecycle Manager / PowerCLI software-spec JSON (docs/formats.md
 * §2.6, the user-facing format of {@code New-IsoImage -SoftwareSpec}):
 *
 * <pre>{@code
 * {
 *   "base_image": {"version": "8.0.3-0.35.24280767"},
 *   "add_on": {"name": "HPE-Custom-AddOn", "version": "803.0.0.11.7.0-1"},
 *   "components": {"Intel-i40en": "2.1.5.0-1OEM.800.1.0.20143090"},
 *   "removed_components": ["Broadcom-ELX-lpfc"]
 * }
 * }</pre>
 *
 * <p>Reading is strict where a mistake would silently build a different image: the top level and
 * {@code base_image}/{@code add_on} admit only the keys above (vLCM's {@code solutions} and {@code
 * hardware_support} are accepted when null or empty, refused otherwise: esxforge does not apply
 * them); every version is a string; {@code add_on} may be null. A component version may be {@code
 * ""} (esxforge's extension: the newest compatible version). Duplicate keys are an error.
 *
 * <p>Writing (our choice, so that a recorded spec is byte-stable): two-space indent, LF line ends,
 * a trailing LF, keys in the order above, components sorted by name, {@code add_on} omitted when
 * there is none, {@code removed_components} omitted when empty.
 *
 * <p>Stateless and thread-safe.
 */
public final class SoftwareSpecJson {
  /** Largest spec file read, in bytes. */
  public static final long MAX_BYTES = 4L << 20;

  /** The mapper, made on first use (a holder class): Jackson is needed only for a JSON document. */
  private static final class Holder {
    static final ObjectMapper MAPPER = createMapper();

    private Holder() {}
  }

  private static final Set<String> TOP =
      Set.of(
          "base_image",
          "add_on",
          "components",
          "removed_components",
          "solutions",
          "hardware_support");

  private SoftwareSpecJson() {}

  /** Parses a spec; {@code source} names the file in error messages. */
  public static SoftwareSpec parse(byte[] json, String source) throws FormatException {
    JsonNode root;
    try {
      root = Holder.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String m = String.valueOf(e.getOriginalMessage());
      int nl = m.indexOf('\n');
      throw new FormatException(
          source, null, -1, "malformed JSON: " + (nl < 0 ? m : m.substring(0, nl)).trim(), e);
    } catch (IOException e) {
      throw new FormatException(source, null, -1, "unreadable JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(source, "a software spec is a JSON object with base_image");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) {
        throw new FormatException(
            source, "unknown key '" + k + "' (known: " + new TreeSet<>(TOP) + ")");
      }
    }
    for (String k : new String[] {"solutions", "hardware_support"}) {
      JsonNode n = root.get(k);
      if (n != null && !n.isNull() && !n.isEmpty()) {
        throw new FormatException(
            source,
            "'"
                + k
                + "' is not supported by esxforge; remove it"
                + " (base image, add-on and components are)");
      }
    }
    JsonNode base = Objects.requireNonNull(object(root, "base_image", source, false)); // required
    only(base, "base_image", source, "version");
    String version = text(base, "version", "base_image.version", source, true);
    SoftwareSpec.AddOnRef addOn = null;
    JsonNode a = object(root, "add_on", source, true);
    if (a != null) {
      only(a, "add_on", source, "name", "version");
      addOn =
          new SoftwareSpec.AddOnRef(
              text(a, "name", "add_on.name", source, true),
              text(a, "version", "add_on.version", source, false));
    }
    TreeMap<String, String> components = new TreeMap<>();
    JsonNode cs = object(root, "components", source, true);
    if (cs != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = cs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new FormatException(
              source,
              "components."
                  + e.getKey()
                  + ": expected a version string, got "
                  + e.getValue().getNodeType());
        }
        components.put(e.getKey(), e.getValue().asText());
      }
    }
    TreeSet<String> removed = new TreeSet<>();
    JsonNode rs = root.get("removed_components");
    if (rs != null && !rs.isNull()) {
      if (!rs.isArray()) {
        throw new FormatException(source, "removed_components: expected an array of names");
      }
      for (JsonNode n : rs) {
        if (!n.isTextual() || n.asText().isBlank()) {
          throw new FormatException(source, "removed_components: expected component names");
        }
        removed.add(n.asText());
      }
    }
    return new SoftwareSpec(version, addOn, components, removed);
  }

  /** The spec as byte-stable JSON (see the class comment). */
  public static byte[] write(SoftwareSpec s) {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"base_image\": {\n    \"version\": ").append(q(s.baseImage())).append("\n  }");
    if (s.addOn() != null) {
      b.append(",\n  \"add_on\": {\n    \"name\": ")
          .append(q(s.addOn().name()))
          .append(",\n    \"version\": ")
          .append(q(s.addOn().version()))
          .append("\n  }");
    }
    b.append(",\n  \"components\": {");
    String sep = "\n";
    for (Map.Entry<String, String> e : s.components().entrySet()) {
      b.append(sep).append("    ").append(q(e.getKey())).append(": ").append(q(e.getValue()));
      sep = ",\n";
    }
    b.append(s.components().isEmpty() ? "}" : "\n  }");
    if (!s.removedComponents().isEmpty()) {
      b.append(",\n  \"removed_components\": [");
      sep = "\n";
      for (String r : s.removedComponents()) {
        b.append(sep).append("    ").append(q(r));
        sep = ",\n";
      }
      b.append("\n  ]");
    }
    return b.append("\n}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The spec as a tree of maps and lists in the file's keys (for JSON output and manifests). */
  public static Map<String, Object> tree(SoftwareSpec s) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("base_image", Map.of("version", s.baseImage()));
    if (s.addOn() != null) {
      Map<String, Object> a = new java.util.LinkedHashMap<>();
      a.put("name", s.addOn().name());
      a.put("version", s.addOn().version());
      m.put("add_on", a);
    }
    m.put("components", s.components());
    m.put("removed_components", java.util.List.copyOf(s.removedComponents()));
    return m;
  }

  private static @Nullable JsonNode object(
      JsonNode root, String key, String source, boolean optional) throws FormatException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      if (optional) {
        return null;
      }
      throw new FormatException(source, "missing '" + key + "'");
    }
    if (!n.isObject()) {
      throw new FormatException(source, key + ": expected an object, got " + n.getNodeType());
    }
    return n;
  }

  private static void only(JsonNode n, String where, String source, String... keys)
      throws FormatException {
    Set<String> known = Set.of(keys);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new FormatException(
            source, where + ": unknown key '" + k + "' (known: " + new TreeSet<>(known) + ")");
      }
    }
  }

  private static String text(JsonNode n, String key, String where, String source, boolean required)
      throws FormatException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw new FormatException(source, "missing '" + where + "'");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new FormatException(source, where + ": expected a string, got " + v.getNodeType());
    }
    if (required && v.asText().isBlank()) {
      throw new FormatException(source, where + ": empty");
    }
    return v.asText();
  }

  private static String q(String s) {
    try {
      return Holder.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectMapper createMapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 16).build());
    return m;
  }
}
