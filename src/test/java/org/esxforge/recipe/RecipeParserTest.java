package org.esxforge.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.esxforge.model.AcceptanceLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeParserTest {
  @TempDir Path dir;

  private String fail(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(f));
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    return e.getMessage();
  }

  private static final String HEAD = "apiVersion: esxforge/v1\nkind: ImageRecipe\n";

  @Test
  void parse_fullYaml_resolvesPathsAndKeepsLocations() throws Exception {
    Path f = dir.resolve("r.yaml");
    Files.writeString(
        f,
        HEAD
            + "depots: [sample:7.0, ../x.zip, 'https://${U}@h/index.xml']\n"
            + "base: latest:8.0U3\nprofile: {name: '${base}-g', acceptance: community}\n"
            + "vibs: {add: [a, b@1.0, d/e.vib], remove: [c]}\noutputs: {iso: o/x.iso}\n"
            + "boot: {kernelOptions: [k=1]}\n");
    Recipe r = RecipeParser.parse(f);
    assertEquals(
        java.util.List.of("sample:7.0", "../x.zip", "https://${U}@h/index.xml"), r.depots());
    assertEquals(dir.getParent().resolve("x.zip").toString(), r.resolvedDepots().get(1));
    assertEquals("https://${U}@h/index.xml", r.resolvedDepots().get(2));
    assertEquals(dir.resolve("d/e.vib").toString(), r.adds().get(2));
    assertEquals("b@1.0", r.adds().get(1));
    assertEquals(dir.resolve("o/x.iso"), r.iso());
    assertEquals(AcceptanceLevel.COMMUNITY, r.acceptance());
    assertEquals("latest:8.0U3", r.base());
    assertEquals(
        "ESXi-8.0U3b-24280767-standard-g",
        Substitutions.apply(r.name(), "ESXi-8.0U3b-24280767-standard"));
    assertEquals(
        "8.0U3b/24280767",
        Substitutions.apply("${base.version}/${base.build}", "ESXi-8.0U3b-24280767-standard"));
  }

  @Test
  void parse_imageBlock_softwareSpec() throws Exception {
    Path f = dir.resolve("i.yaml");
    Files.writeString(
        f,
        HEAD
            + "depots: [sample:8.0]\nprofile: {name: 'ESXi-${base.version}-x'}\n"
            + "image: {baseImage: 'latest:8.0', addon: A@1, components: {c: '', d: '2'},"
            + " removedComponents: [r]}\n");
    Recipe r = RecipeParser.parse(f);
    assertEquals(
        new org.esxforge.model.SoftwareSpec(
            "latest:8.0",
            new org.esxforge.model.SoftwareSpec.AddOnRef("A", "1"),
            new java.util.TreeMap<>(java.util.Map.of("c", "", "d", "2")),
            new java.util.TreeSet<>(java.util.List.of("r"))),
        r.spec());
    assertEquals(
        "ESXi-8.0.3-x/24280767",
        Substitutions.apply(r.name() + "/${base.build}", "ESXi:8.0.3-0.35.24280767"));
    String both =
        fail(
            "b.yaml",
            HEAD
                + "depots: [sample:8.0]\nprofile: {name: n}\nbase: latest\n"
                + "image: {baseImage: latest}\n");
    assertTrue(
        both.endsWith(
            ": give either base (clone a profile) or image (compose from a base"
                + " image), not both"),
        both);
    String none =
        fail("n.yaml", HEAD + "depots: [sample:8.0]\nprofile: {name: n}\n" + "image: {addon: A}\n");
    assertTrue(
        none.endsWith(
            ": image.baseImage is required (a base image version, latest or" + " latest:8.0)"),
        none);
  }

  @Test
  void parse_json_accepted() throws Exception {
    Path f = dir.resolve("r.json");
    Files.writeString(
        f,
        "{\"apiVersion\":\"esxforge/v1\",\"kind\":\"ImageRecipe\","
            + "\"depots\":[\"sample:7.0\"],\"profile\":{\"name\":\"n\"}}");
    assertEquals("latest", RecipeParser.parse(f).base());
  }

  @Test
  void parse_unknownField_namesFieldAndLine() throws Exception {
    String m =
        fail(
            "u.yaml",
            HEAD
                + "# vendr: a comment\ndepots: [sample:7.0]\nprofile:\n"
                + "  vendr: y\n  name: x\n");
    assertTrue(m.contains(":6:") && m.contains("unknown field 'profile.vendr'"), m);
    String top = fail("v.yaml", HEAD + "depots: [sample:7.0]\nprofile: {name: x}\nadd: [a]\n");
    assertTrue(
        top.contains(":5:") && top.contains("unknown field 'add'") && top.contains("vibs"), top);
  }

  @Test
  void parse_badHeaderValuesAndFields_oneLineEach() throws Exception {
    assertTrue(
        fail("a.yaml", "apiVersion: v2\nkind: ImageRecipe\ndepots: [d]\nprofile: {name: n}\n")
            .contains("apiVersion 'v2' is not supported"));
    assertTrue(fail("k.yaml", "apiVersion: esxforge/v1\nkind: ImageLock\n").contains("kind"));
    assertTrue(fail("n.yaml", HEAD + "depots: [d]\n").contains("profile.name is required"));
    assertTrue(fail("d.yaml", HEAD + "profile: {name: n}\n").contains("depots"));
    assertTrue(
        fail("s.yaml", HEAD + "depots: [d]\nprofile: {name: '${bse}'}\n")
            .contains("unknown substitution ${bse}"));
    assertTrue(
        fail("l.yaml", HEAD + "depots: [d]\nprofile: {name: n, acceptance: gold}\n")
            .contains("profile.acceptance 'gold'"));
    assertTrue(fail("t.yaml", HEAD + "depots: d\nprofile: {name: n}\n").contains("depots"));
    assertTrue(fail("y.yaml", HEAD + "depots: [d\n").contains(":"));
    assertTrue(
        fail("dup.yaml", HEAD + "base: a\nbase: b\n")
            .toLowerCase(Locale.ROOT)
            .contains("duplicate"));
  }
}
