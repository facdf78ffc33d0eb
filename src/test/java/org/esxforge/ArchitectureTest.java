package org.esxforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the package rules of house-style §1 and §5 on the sources themselves, so they cannot
 * drift: the package graph is acyclic, the pure packages stay pure, nothing but the CLI reads the
 * wall clock.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/esxforge");
  private static final Pattern REF = Pattern.compile("\\borg\\.esxforge\\.([a-z0-9_.]+?)\\.[A-Z]");

  /** Package → packages it may use, for the packages whose purity is a design rule. */
  private static final Map<String, Set<String>> ONLY =
      Map.of(
          "model", Set.of(),
          "io", Set.of(),
          "event", Set.of(),
          "profile", Set.of("model"),
          "iso", Set.of("io", "event"));

  @Test
  void packageGraph_isAcyclic() throws IOException {
    Map<String, Set<String>> graph = graph();
    List<String> cycle = findCycle(graph);
    assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle));
  }

  @Test
  void purePackages_useOnlyWhatTheyMay() throws IOException {
    Map<String, Set<String>> graph = graph();
    Map<String, Set<String>> violations = new TreeMap<>();
    for (Map.Entry<String, Set<String>> rule : ONLY.entrySet()) {
      Set<String> used = new TreeSet<>(graph.getOrDefault(rule.getKey(), Set.of()));
      used.removeAll(rule.getValue());
      if (!used.isEmpty()) {
        violations.put(rule.getKey(), used);
      }
    }
    graph.forEach(
        (pkg, deps) -> {
          if (!pkg.equals("cli") && deps.contains("cli")) {
            violations.computeIfAbsent(pkg, k -> new TreeSet<>()).add("cli");
          }
        });
    assertEquals(Map.of(), violations, "packages using what they must not");
  }

  @Test
  void libraryCode_neverReadsTheWallClock() throws IOException {
    Pattern clock =
        Pattern.compile(
            "Instant\\.now\\(|System\\.currentTimeMillis\\(|LocalDateTime\\.now\\(|"
                + "ZonedDateTime\\.now\\(|OffsetDateTime\\.now\\(|new Date\\(\\)");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        if (packageOf(f).startsWith("cli")) {
          continue;
        }
        String text = Files.readString(f);
        Matcher m = clock.matcher(text);
        if (m.find()) {
          offenders.add(MAIN.relativize(f) + ": " + m.group());
        }
      }
    }
    assertEquals(List.of(), offenders, "only the CLI may read the clock (house-style §5)");
  }

  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String pkg = packageOf(f);
        Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REF.matcher(Files.readString(f));
        while (m.find()) {
          String dep = m.group(1);
          if (!dep.equals(pkg)) {
            deps.add(dep);
          }
        }
      }
    }
    assertTrue(graph.size() > 3, "expected several packages under " + MAIN);
    return graph;
  }

  private static String packageOf(Path file) {
    Path rel = MAIN.relativize(file.getParent());
    return rel.toString().replace('/', '.');
  }

  private static List<String> findCycle(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new TreeMap<>();
    for (String start : graph.keySet()) {
      List<String> stack = new ArrayList<>();
      List<String> cycle = dfs(start, graph, state, stack);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> dfs(
      String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> stack) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    stack.add(node);
    for (String dep : graph.getOrDefault(node, Set.of())) {
      List<String> c = dfs(dep, graph, state, stack);
      if (!c.isEmpty()) {
        return c;
      }
    }
    stack.remove(stack.size() - 1);
    state.put(node, 2);
    return List.of();
  }
}
