package org.esxforge.recipe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.Sha256;

/**
 * The hash a lock records of its recipe: SHA-256 of the canonical JSON of what decides the
 * resolution (depots as written, base selector, profile name/vendor/description templates, adds
 * with file paths relative to the recipe's folder, removes, acceptance, signature check). Output
 * paths, boot options and comments do not change it.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipeInputs {
  private RecipeInputs() {}

  /** The inputs hash of {@code r}. */
  public static Sha256 sha256(Recipe r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("depots", r.depots());
    m.put("base", r.base());
    m.put("name", r.name());
    m.put("vendor", String.valueOf(r.vendor()));
    m.put("description", String.valueOf(r.description()));
    List<String> adds = new ArrayList<>();
    for (String a : r.adds()) {
      adds.add(spell(r, a));
    }
    m.put("adds", adds);
    m.put("removes", r.removes());
    m.put("acceptance", r.acceptance() == null ? "" : r.acceptance().xmlValue());
    m.put("signatureCheck", r.signatureCheck());
    if (r.spec()
        != null) { // only then: the hashes of recipes without an image block stay as they were
      m.put(
          "image",
          new String(
              org.esxforge.depot.xml.SoftwareSpecJson.write(r.spec()), StandardCharsets.UTF_8));
    }
    if (r.hardware() != null) {
      // the device list decides which drivers are added: its content, not its path, is an input
      m.put("hardware", hardwareSha256(r.hardware()));
    }
    return Sha256.of(Lockfile.canonicalJson(m).getBytes(StandardCharsets.UTF_8));
  }

  private static String hardwareSha256(Path file) {
    try {
      return Sha256.of(java.nio.file.Files.readAllBytes(file)).hex();
    } catch (java.io.IOException e) {
      return "unreadable";
    }
  }

  /** An absolute path under the recipe's folder tree as a relative path with '/'; else as is. */
  static String spell(Recipe r, String location) {
    Path p;
    try {
      p = Path.of(location);
    } catch (RuntimeException e) {
      return location;
    }
    if (!p.isAbsolute()) {
      return location;
    }
    Path dir = r.file().toAbsolutePath().getParent();
    return dir == null ? location : dir.relativize(p).toString().replace('\\', '/');
  }
}
