package org.esxforge.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.esxforge.io.Sha256;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfileTest {
  @TempDir Path dir;

  private static Lockfile lock(String base, String... ids) throws Exception {
    TreeMap<VibId, Lockfile.Entry> m = new TreeMap<>();
    for (String id : ids) {
      m.put(
          VibId.parse(id),
          new Lockfile.Entry(
              Sha256.of(id.getBytes(StandardCharsets.UTF_8)), List.of("sample:7.0")));
    }
    return new Lockfile(
        "r.yaml",
        Sha256.of(new byte[0]),
        "latest",
        base,
        "why",
        "P",
        AcceptanceLevel.PARTNER,
        Instant.parse("2020-06-16T10:00:00Z"),
        "t",
        m);
  }

  @Test
  void write_thenRead_sameLockAndCanonicalText() throws Exception {
    Lockfile l =
        lock("ESXi-7.0b-16324942-standard", "VMW_bootbank_b_1.0-1", "VMW_bootbank_a_1.0-1");
    Path f = dir.resolve("r.yaml.lock.json");
    l.write(f);
    Lockfile back = Lockfile.read(f);
    assertEquals(l, back);
    String text = Files.readString(f);
    assertEquals(text, back.toJson());
    assertTrue(text.endsWith("}\n") && !text.contains("\r"), text);
    // keys sorted at every level, VIB ids sorted
    assertTrue(
        text.indexOf("\"acceptance\"") < text.indexOf("\"apiVersion\"")
            && text.indexOf("\"apiVersion\"") < text.indexOf("\"vibs\""),
        text);
    assertTrue(text.indexOf("VMW_bootbank_a_") < text.indexOf("VMW_bootbank_b_"), text);
    assertEquals(Lockfile.pathFor(dir.resolve("r.yaml")), f);
  }

  @Test
  void read_malformed_oneLineNamingFile() throws Exception {
    Path f = dir.resolve("x.lock.json");
    for (String bad :
        List.of(
            "{",
            "{\"apiVersion\":\"esxforge/v1\",\"kind\":\"ImageRecipe\"}",
            lock("B", "VMW_bootbank_a_1.0-1")
                .toJson()
                .replace("\"sha256\": \"", "\"sha256\": \"zz"))) {
      Files.writeString(f, bad);
      RecipeException e = assertThrows(RecipeException.class, () -> Lockfile.read(f));
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void changelog_baseAndVibChanges_textAndMarkdown() throws Exception {
    Lockfile old =
        lock("ESXi-7.0.0-15843807-standard", "VMW_bootbank_a_1.0-1", "VMW_bootbank_gone_1.0-1");
    Lockfile now =
        lock("ESXi-7.0b-16324942-standard", "VMW_bootbank_a_1.0-2", "VMW_bootbank_new_1.0-1");
    Changelog c = Changelog.of(old, now);
    assertEquals(
        """
        base: ESXi-7.0.0-15843807-standard -> ESXi-7.0b-16324942-standard
        added      VMW_bootbank_new_1.0-1
        removed    VMW_bootbank_gone_1.0-1
        upgraded   a: 1.0-1 -> 1.0-2
        1 added, 1 removed, 1 upgraded, 0 downgraded, 0 changed, 0 unchanged
        """,
        c.toText());
    assertTrue(c.toMarkdown().contains("| upgraded | a | `1.0-1` | `1.0-2` |"), c.toMarkdown());
    assertTrue(Changelog.of(now, now).isEmpty());
    assertTrue(Changelog.of(now, old).toText().contains("downgraded a: 1.0-2 -> 1.0-1"));
    // a name with an underscore keeps its version intact
    assertTrue(
        Changelog.of(
                lock("B", "VMW_bootbank_nvme_pcie_1.2-1"),
                lock("B", "VMW_bootbank_nvme_pcie_1.2-3"))
            .toText()
            .contains("upgraded   nvme_pcie: 1.2-1 -> 1.2-3"));
  }
}
