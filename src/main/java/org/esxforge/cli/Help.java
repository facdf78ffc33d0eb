package org.esxforge.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Usage text that fits a screen: the global help lists the commands one line each; a command's help
 * lists its own options in full and the shared network and common options as one line each ({@code
 * esxforge help network} shows those in full).
 *
 * <p>Stateless and thread-safe.
 */
final class Help {
  private static final int WIDTH = 80;
  private static final int COLUMN = 26;

  private Help() {}

  /** {@code esxforge --help}: the commands, one line each. */
  static void global(Map<String, Object> top, PrintStream out) {
    out.println("Usage: esxforge COMMAND [options]   (esxforge --version, esxforge help COMMAND)");
    out.println();
    out.println("Commands:");
    for (Map.Entry<String, Object> e : top.entrySet()) {
      if (e.getValue() instanceof Main.CommandGroup g) {
        for (Map.Entry<String, Command> s : g.subcommands().entrySet()) {
          row(out, e.getKey() + " " + s.getKey(), description(s.getValue()));
        }
      } else {
        row(out, e.getKey(), description(e.getValue()));
      }
    }
    out.println();
    out.println("Run 'esxforge help COMMAND' (or 'esxforge COMMAND --help') for its options,");
    out.println("'esxforge help network' for the proxy, CA, cache and token options.");
    out.println("Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid profile, 4 depot access,");
    out.println("5 corrupt input, 6 lock mismatch, 7 changes pending (respin --exit-code).");
  }

  /** A group's help ({@code esxforge profile --help}): its subcommands. */
  static void group(String name, Main.CommandGroup group, PrintStream out) {
    out.println("Usage: esxforge " + name + " SUBCOMMAND [options]");
    out.println();
    out.println(description(group));
    out.println();
    out.println("Subcommands:");
    for (Map.Entry<String, Command> s : group.subcommands().entrySet()) {
      row(out, s.getKey(), description(s.getValue()));
    }
    out.println();
    out.println("Run 'esxforge help " + name + " SUBCOMMAND' for its options.");
  }

  /** A command's help: synopsis, description, own options in full, shared ones in brief. */
  static void command(String path, JCommander jc, PrintStream out) {
    ParameterDescription main = jc.getMainParameter() == null ? null : jc.getMainParameterValue();
    String operands = main == null ? "" : " " + operand(main.getDescription());
    Object command = jc.getObjects().isEmpty() ? null : jc.getObjects().get(0);
    out.println("Usage: esxforge " + path + " [options]" + operands);
    out.println();
    wrap(out, command == null ? "" : description(command), "");
    out.println();
    List<ParameterDescription> own = new ArrayList<>();
    List<ParameterDescription> network = new ArrayList<>();
    List<ParameterDescription> common = new ArrayList<>();
    for (ParameterDescription p : sorted(jc.getParameters())) {
      if (p.getObject() instanceof NetworkOptions) {
        network.add(p);
      } else if (p.getObject() instanceof CommonOptions) {
        common.add(p);
      } else {
        own.add(p);
      }
    }
    if (!own.isEmpty()) {
      out.println("Options:");
      for (ParameterDescription p : own) {
        option(out, p);
      }
    }
    if (!network.isEmpty()) {
      wrap(out, "Network: " + brief(network) + " (esxforge help network)", "  ");
    }
    wrap(out, "Common: " + brief(common), "  ");
  }

  /** {@code esxforge help network}: the shared network options in full. */
  static void network(PrintStream out) {
    JCommander jc = JCommander.newBuilder().addObject(new NetworkOptions()).build();
    jc.parse(); // fills the option descriptions
    out.println("Network options (every command that reads depots takes them):");
    for (ParameterDescription p : sorted(jc.getParameters())) {
      option(out, p);
    }
    out.println();
    wrap(
        out,
        "Depot URLs may contain ${NAME} (an environment variable) or ${file:PATH} (a"
            + " file's content), e.g. https://dl.broadcom.com/${ESXFORGE_TOKEN}/PROD/COMP/ESX_HOST/"
            + "main/vmw-depot-index.xml; such values are never printed.",
        "");
  }

  private static List<ParameterDescription> sorted(List<ParameterDescription> in) {
    List<ParameterDescription> out = new ArrayList<>(in);
    out.sort(Comparator.comparing(p -> p.getLongestName().replaceFirst("^-+", "")));
    return out;
  }

  private static void option(PrintStream out, ParameterDescription p) {
    String names = p.getNames() + value(p);
    String text = p.getDescription();
    if (names.length() + 2 >= COLUMN) {
      out.println("  " + names);
      wrap(out, text, " ".repeat(COLUMN));
    } else {
      String first = "  " + names + " ".repeat(COLUMN - 2 - names.length());
      wrapAfter(out, first, text, " ".repeat(COLUMN));
    }
  }

  /** {@code --name NAME}: the value placeholder, none for switches. */
  private static String value(ParameterDescription p) {
    Class<?> type = p.getParameterized().getType();
    if (type == boolean.class || type == Boolean.class || p.isHelp()) {
      return "";
    }
    return " "
        + p.getLongestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static String brief(List<ParameterDescription> ps) {
    List<String> parts = new ArrayList<>();
    for (ParameterDescription p : ps) {
      parts.add(p.getNames().replace(", ", "/") + value(p));
    }
    return String.join(", ", parts);
  }

  /**
   * The operands a main parameter's description starts with: its leading words in capitals,
   * optionally bracketed or with a lower-case extension ({@code TREE OUT.iso}, {@code [RECIPE]}),
   * or {@code ARGS} when it starts with none.
   */
  private static String operand(String mainDescription) {
    List<String> operands = new ArrayList<>();
    for (String word : mainDescription.split(" ", -1)) {
      if (!word.matches("\\[?[A-Z][A-Z0-9_]*(\\.[a-z]+)?]?")) {
        break;
      }
      operands.add(word);
    }
    return operands.isEmpty() ? "ARGS" : String.join(" ", operands);
  }

  static String description(Object command) {
    Parameters p = command.getClass().getAnnotation(Parameters.class);
    return p == null ? "" : p.commandDescription();
  }

  private static void row(PrintStream out, String name, String text) {
    String first = "  " + name;
    if (first.length() >= COLUMN) {
      out.println(first);
      wrap(out, text, " ".repeat(COLUMN));
    } else {
      wrapAfter(out, first + " ".repeat(COLUMN - first.length()), text, " ".repeat(COLUMN));
    }
  }

  private static void wrap(PrintStream out, String text, String indent) {
    wrapAfter(out, indent, text, indent);
  }

  /** Prints {@code text} after {@code first}, wrapped at {@link #WIDTH} with {@code indent}. */
  private static void wrapAfter(PrintStream out, String first, String text, String indent) {
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    for (String word : text.split("\\s+", -1)) {
      if (word.isEmpty()) {
        continue;
      }
      if (!empty && line.length() + 1 + word.length() > WIDTH) {
        out.println(line.toString().stripTrailing());
        line = new StringBuilder(indent);
        empty = true;
      }
      if (!empty) {
        line.append(' ');
      }
      line.append(word);
      empty = false;
    }
    out.println(line.toString().stripTrailing());
  }
}
