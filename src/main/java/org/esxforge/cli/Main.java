package org.esxforge.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;

/**
 * esxforge command line entry point. Parses with jcommander, runs one command, and maps every
 * failure to one line on stderr and an {@link ExitCode}; stack traces only with {@code --debug}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs esxforge in-process in this process's environment; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /**
   * Runs esxforge in-process; returns the exit code.
   *
   * @param env the environment the command sees instead of the process's ({@code
   *     SOURCE_DATE_EPOCH}, proxies, secrets, {@code ESXFORGE_HOME}, {@code XDG_CACHE_HOME})
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out,
      PrintStream err) {
    Map<String, Object> top = Commands.topLevel();
    JCommander jc = JCommander.newBuilder().programName("esxforge").build();
    MainOptions mainOptions = new MainOptions();
    jc.addObject(mainOptions);
    for (Map.Entry<String, Object> e : top.entrySet()) {
      jc.addCommand(e.getKey(), e.getValue());
      if (e.getValue() instanceof CommandGroup group) {
        JCommander sub = jc.getCommands().get(e.getKey());
        for (Map.Entry<String, Command> s : group.subcommands().entrySet()) {
          sub.addCommand(s.getKey(), s.getValue());
        }
      }
    }
    List<String> path = new ArrayList<>();
    try {
      jc.parse(args);
      if (mainOptions.version) {
        out.println("esxforge " + Version.text());
        return ExitCode.OK.code();
      }
      String name = jc.getParsedCommand();
      if (name == null || mainOptions.help) {
        usage(jc, out);
        return name == null && !mainOptions.help ? ExitCode.USAGE.code() : ExitCode.OK.code();
      }
      path.add(name);
      Object selected = top.get(name);
      JCommander selectedJc = jc.getCommands().get(name);
      if (selected instanceof CommandGroup group) {
        String subName = selectedJc.getParsedCommand();
        if (subName == null) {
          usage(selectedJc, err);
          return ExitCode.USAGE.code();
        }
        path.add(subName);
        selected = group.subcommands().get(subName);
        selectedJc = selectedJc.getCommands().get(subName);
      }
      Command command = (Command) selected;
      if (command.common().help) {
        usage(selectedJc, out);
        return ExitCode.OK.code();
      }
      Console console = new Console(out, err, command.common(), env);
      return runCommand(command, console, err, String.join(" ", path));
    } catch (ParameterException e) {
      List<String> named = path.isEmpty() ? commandPath(args, top) : path;
      err.println("esxforge: " + usageMessage(e));
      err.println("Run 'esxforge " + (named.isEmpty() ? "" : String.join(" ", named) + " ")
          + "--help'");
      return ExitCode.USAGE.code();
    }
  }

  /** The command words of {@code args} (for the usage hint when parsing failed). */
  private static List<String> commandPath(String[] args, Map<String, Object> top) {
    List<String> words = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-")) {
        continue;
      }
      Object c = top.get(a);
      if (words.isEmpty() && c != null) {
        words.add(a);
        if (!(c instanceof CommandGroup)) {
          break;
        }
      } else if (!words.isEmpty()) {
        CommandGroup g = (CommandGroup) top.get(words.get(0));
        if (g.subcommands().containsKey(a)) {
          words.add(a);
        }
        break;
      }
    }
    return words;
  }

  private static String usageMessage(ParameterException e) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher unknown =
        java.util.regex.Pattern.compile("Was passed main parameter '(-[^']*)'").matcher(m);
    if (unknown.find()) {
      return "unknown option '" + unknown.group(1) + "'";
    }
    return m;
  }

  private static int runCommand(Command command, Console console, PrintStream err, String name) {
    boolean debug = command.common().debug;
    try {
      return command.run(console).code();
    } catch (UsageException e) {
      err.println("esxforge " + name + ": " + e.getMessage());
      err.println("Run 'esxforge " + name + " --help'");
      return ExitCode.USAGE.code();
    } catch (Exception e) {
      Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
      ExitCode code = classify(t);
      err.println("esxforge: " + oneLine(t));
      if (debug) {
        t.printStackTrace(err);
      } else if (code == ExitCode.FAILURE && !(t instanceof IOException)
          && !(t instanceof ExitCodeException)) {
        err.println("(internal error; run with --debug for the stack trace)");
      }
      return code.code();
    }
  }

  /** Maps an exception to an exit code by its type. */
  static ExitCode classify(Throwable t) {
    if (t instanceof FormatException) {
      return ExitCode.CORRUPT_INPUT;
    }
    if (t instanceof DepotAccessException) {
      return ExitCode.DEPOT_ACCESS;
    }
    if (t instanceof ExitCodeException x) {
      return x.exitCode();
    }
    return ExitCode.FAILURE;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    } else if (!(t instanceof IOException) && !(t instanceof ExitCodeException)) {
      m = t.getClass().getSimpleName() + ": " + m;
    }
    // every error line passes the shared redactor: no depot token may reach the terminal
    return org.esxforge.io.Redactor.shared().redact(m.replace('\n', ' ').replace('\r', ' '));
  }

  private static void usage(JCommander jc, PrintStream stream) {
    StringBuilder sb = new StringBuilder();
    jc.getUsageFormatter().usage(sb);
    stream.print(sb);
  }

  /** Options before the command name. */
  static final class MainOptions {
    @com.beust.jcommander.Parameter(
        names = {"-h", "--help"},
        help = true,
        description = "Show the commands")
    boolean help;

    @com.beust.jcommander.Parameter(names = "--version", description = "Print the version")
    boolean version;
  }

  /** A command that only groups subcommands (e.g. {@code depot info}). */
  interface CommandGroup {
    Map<String, Command> subcommands();
  }

  /** Builds an ordered map of names to commands. */
  static Map<String, Command> ordered(Object... nameCommandPairs) {
    Map<String, Command> m = new LinkedHashMap<>();
    for (int i = 0; i < nameCommandPairs.length; i += 2) {
      m.put((String) nameCommandPairs[i], (Command) nameCommandPairs[i + 1]);
    }
    return m;
  }
}
