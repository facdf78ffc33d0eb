package org.esxforge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed real fixtures are complete: every file or folder the provenance README names is in
 * the repository, and nothing is there that the README does not account for. A missing fixture
 * fails here with its name, not as a puzzling error in some other test.
 */
class FixturesTest {

  @Test
  void everyFixtureTheReadmeNamesIsCommitted() throws IOException {
    Path dir = Fixtures.realDir();
    List<String> named = namedInReadme(dir);
    assertTrue(named.size() >= 10, "README table lists the fixtures: " + named);
    List<String> missing = new ArrayList<>();
    for (String n : named) {
      if (!Files.exists(dir.resolve(n))) {
        missing.add(n);
      }
    }
    assertEquals(List.of(), missing, "fixtures named in README.md but missing from " + dir);
  }

  @Test
  void everyTopLevelFixtureIsNamedInTheReadme() throws IOException {
    Path dir = Fixtures.realDir();
    TreeSet<String> tops = new TreeSet<>();
    for (String n : namedInReadme(dir)) {
      tops.add(n.split("/")[0]);
    }
    TreeSet<String> unexplained = new TreeSet<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("README.md") && !tops.contains(n))
          .forEach(unexplained::add);
    }
    assertEquals(new TreeSet<>(), unexplained, "fixtures without provenance in README.md");
  }

  /** The back-quoted names in the first column of the README's table. */
  private static List<String> namedInReadme(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    Pattern cell = Pattern.compile("`([^`]+)`");
    for (String line : Files.readAllLines(dir.resolve("README.md"), StandardCharsets.UTF_8)) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(1, line.indexOf('|', 1));
      Matcher m = cell.matcher(first);
      while (m.find()) {
        String n = m.group(1);
        names.add(n.endsWith("/") ? n.substring(0, n.length() - 1) : n);
      }
    }
    return names;
  }
}
