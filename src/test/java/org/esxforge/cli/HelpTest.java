package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.esxforge.testing.Cli;
import org.junit.jupiter.api.Test;

/** Help that fits a screen, for every command and group; "did you mean"; JSON usage errors. */
class HelpTest {
  /** A tall terminal; build (the command with most options) is 62 lines, was 97. */
  private static final int SCREEN = 66;

  @Test
  void groups_help_listsSubcommandsAndExits0() {
    for (List<String> g :
        List.of(List.of("profile", "show"), List.of("depot", "info"), List.of("cache", "prune"))) {
      for (String form : List.of("--help", "-h")) {
        Cli.Result r = Cli.run(g.get(0), form);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().startsWith("Usage: esxforge " + g.get(0) + " SUBCOMMAND"), r.out());
        assertTrue(r.out().contains("\n  " + g.get(1) + " "), r.out());
      }
      Cli.Result bare = Cli.run(g.get(0));
      assertEquals(2, bare.exitCode());
      assertTrue(bare.err().contains(g.get(1)), bare.err());
    }
  }

  @Test
  void helpCommand_everyCommand_fitsAScreenAndMatchesDashDashHelp() {
    Cli.Result global = Cli.run("help");
    assertEquals(0, global.exitCode());
    assertTrue(lines(global.out()) <= SCREEN, global.out());
    assertEquals(global.out(), Cli.run("--help").out());
    for (String c :
        List.of(
            "vibs",
            "profiles",
            "inspect",
            "verify",
            "build",
            "diff",
            "respin",
            "sample-depot",
            "mirror",
            "mkiso",
            "depot info",
            "profile show",
            "cache info",
            "cache prune")) {
      String[] words = c.split(" ");
      Cli.Result help = Cli.run(concat(new String[] {"help"}, words));
      assertEquals(0, help.exitCode(), c + ": " + help.all());
      assertTrue(help.out().startsWith("Usage: esxforge " + c + " [options]"), help.out());
      assertTrue(lines(help.out()) <= SCREEN, c + " help is " + lines(help.out()) + " lines");
      assertEquals(help.out(), Cli.run(concat(words, new String[] {"--help"})).out(), c);
    }
    // the synopsis names every operand a command takes
    for (String synopsis :
        List.of(
            "mkiso [options] TREE OUT.iso",
            "build [options] [RECIPE]",
            "diff [options] REF COMP",
            "verify [options] FILE")) {
      String command = synopsis.substring(0, synopsis.indexOf(' '));
      assertEquals(
          "Usage: esxforge " + synopsis,
          Cli.run(command, "--help").out().lines().findFirst().orElseThrow());
    }
    Cli.Result network = Cli.run("help", "network");
    assertEquals(0, network.exitCode());
    assertTrue(network.out().contains("--proxy PROXY"), network.out());
  }

  @Test
  void mistypedCommandSubcommandOption_didYouMean_exit2() {
    assertEquals(
        "esxforge: unknown command 'biuld'; did you mean 'build'?\n" + "Run 'esxforge --help'\n",
        Cli.run("biuld").err());
    assertEquals(
        "esxforge: unknown command 'prnue'; did you mean 'prune'?\n"
            + "Run 'esxforge cache --help'\n",
        Cli.run("cache", "prnue").err());
    Cli.Result r = Cli.run("build", "--nmae", "x");
    assertEquals(2, r.exitCode());
    assertEquals(
        "esxforge: unknown option '--nmae'; did you mean '--name'?\n"
            + "Run 'esxforge build --help'\n",
        r.err());
    assertEquals(
        "esxforge: unknown option '--newst'; did you mean '--newest'?\n"
            + "Run 'esxforge vibs --help'\n",
        Cli.run("vibs", "--newst").err());
    assertEquals(
        "esxforge: unknown command 'zzzz'\nRun 'esxforge help'\n", Cli.run("help", "zzzz").err());
  }

  @Test
  void json_usageError_jsonOnStdoutWithStableKeys() throws Exception {
    Cli.Result r = Cli.run("vibs", "--json", "--newst");
    assertEquals(2, r.exitCode());
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertEquals(
        List.of("details", "error", "exitCode", "hint", "message", "problems"),
        iterable(n.fieldNames()));
    assertEquals("usage", n.get("error").asText());
    assertEquals(2, n.get("exitCode").asInt());
    assertEquals("unknown option '--newst'; did you mean '--newest'?", n.get("message").asText());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static int lines(String s) {
    return s.split("\n", -1).length - 1;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
