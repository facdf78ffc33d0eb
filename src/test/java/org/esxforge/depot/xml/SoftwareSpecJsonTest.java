package org.esxforge.depot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.esxforge.io.FormatException;
import org.esxforge.model.SoftwareSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftwareSpecJsonTest {
  private static SoftwareSpec parse(String json) throws FormatException {
    return SoftwareSpecJson.parse(json.getBytes(StandardCharsets.UTF_8), "spec.json");
  }

  @Test
  void parse_powerCliSpec_allParts() throws Exception {
    SoftwareSpec s =
        parse(
            """
        {"base_image": {"version": "8.0.3-0.35.24280767"},
         "add_on": {"name": "HPE-Custom-AddOn", "version": "803.0.0.11.7.0-14"},
         "components": {"b": "2", "a": "1"}, "removed_components": ["x"],
         "solutions": {}, "hardware_support": null}
        """);
    assertEquals("8.0.3-0.35.24280767", s.baseImage());
    assertEquals(new SoftwareSpec.AddOnRef("HPE-Custom-AddOn", "803.0.0.11.7.0-14"), s.addOn());
    assertEquals(Map.of("a", "1", "b", "2"), s.components());
    assertEquals(new TreeSet<>(java.util.List.of("x")), s.removedComponents());
    assertEquals(s, SoftwareSpecJson.parse(SoftwareSpecJson.write(s), "again"));
  }

  @Test
  void write_baseOnly_stableText() {
    assertEquals(
        "{\n  \"base_image\": {\n    \"version\": \"7.0.0-1.0.15843807\"\n  },\n"
            + "  \"components\": {}\n}\n",
        new String(
            SoftwareSpecJson.write(SoftwareSpec.ofBaseImage("7.0.0-1.0.15843807")),
            StandardCharsets.UTF_8));
    assertEquals(
        SoftwareSpec.ofBaseImage("x"),
        new SoftwareSpec("x", null, new TreeMap<>(), new TreeSet<>()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|spec.json: missing 'base_image'",
        "[]|spec.json: a software spec is a JSON object with base_image",
        "{\"base_image\": {}}|spec.json: missing 'base_image.version'",
        "{\"base_image\": {\"version\": 8}}|spec.json: base_image.version: expected a string, got NUMBER",
        "{\"base_image\": {\"version\": \"8\", \"x\": 1}}|spec.json: base_image: unknown key 'x' (known: [version])",
        "{\"base_image\": {\"version\": \"8\"}, \"addon\": {}}|spec.json: unknown key 'addon' (known: [add_on, base_image, components, hardware_support, removed_components, solutions])",
        "{\"base_image\": {\"version\": \"8\"}, \"components\": {\"a\": 1}}|spec.json: components.a: expected a version string, got NUMBER",
        "{\"base_image\": {\"version\": \"8\"}, \"solutions\": {\"s\": {}}}|spec.json: 'solutions' is not supported by esxforge; remove it (base image, add-on and components are)",
        "{\"base_image\": {\"version\": \"8\"}, \"removed_components\": \"a\"}|spec.json: removed_components: expected an array of names",
      })
  void parse_bad_oneLineNamingFileAndProblem(String json, String message) {
    FormatException e = assertThrows(FormatException.class, () -> parse(json));
    assertEquals(message, e.getMessage());
  }

  @Test
  void parse_duplicateKey_refused() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                parse(
                    "{\"base_image\": {\"version\": \"8\"}, \"base_image\": {\"version\": \"9\"}}"));
    assertEquals(
        true,
        e.getMessage().startsWith("spec.json: malformed JSON: Duplicate field"),
        e.getMessage());
  }
}
