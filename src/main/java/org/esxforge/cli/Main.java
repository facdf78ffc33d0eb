package org.esxforge.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.MissingCommandException;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.depot.NotADepotException;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;
import org.esxforge.io.Messages;
import org.esxforge.profile.Problem;
import org.jspecify.annotations.Nullable;

/**
 * esxforge command line entry point. Parses with jcommander, runs one command, and maps every
 * failure to one line on stderr and an {@link ExitCode}; stack traces only with {@code --debug}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    System.out.flush();
    if (code == ExitCode.OK.code() && Boolean.getBoolean(TrainingClasses.PROPERTY)) {
      TrainingClasses.load(); // the launcher's training build: its archive serves every build
    }
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
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, Object> top = Commands.topLevel();
    JCommander jc = JCommander.newBuilder().programName("esxforge").build();
    MainOptions mainOptions = new MainOptions();
    jc.addObject(mainOptions);
    for (Map.Entry<String, Object> e : registered(args, top).entrySet()) {
      jc.addCommand(e.getKey(), e.getValue());
      if (e.getValue() instanceof CommandGroup group) {
        JCommander sub = known(jc.getCommands(), e.getKey());
        for (Map.Entry<String, Command> s : group.subcommands().entrySet()) {
          sub.addCommand(s.getKey(), s.getValue());
        }
      }
    }
    if (args.length > 0 && args[0].equals("help")) {
      return help(Arrays.copyOfRange(args, 1, args.length), top, jc, out, err);
    }
    boolean json = Arrays.asList(args).contains("--json");
    List<String> path = new ArrayList<>();
    try {
      jc.parse(args);
      if (mainOptions.version) {
        out.println("esxforge " + Version.text());
        return ExitCode.OK.code();
      }
      String name = jc.getParsedCommand();
      if (name == null || mainOptions.help) {
        Help.global(top, name == null && !mainOptions.help ? err : out);
        return name == null && !mainOptions.help ? ExitCode.USAGE.code() : ExitCode.OK.code();
      }
      path.add(name);
      Object selected = known(top, name);
      JCommander selectedJc = known(jc.getCommands(), name);
      if (selected instanceof CommandGroup group) {
        String subName = selectedJc.getParsedCommand();
        if (subName == null) {
          Help.group(name, group, group.help() ? out : err);
          return group.help() ? ExitCode.OK.code() : ExitCode.USAGE.code();
        }
        path.add(subName);
        selected = known(group.subcommands(), subName);
        selectedJc = known(selectedJc.getCommands(), subName);
      }
      Command command = (Command) selected;
      rejectOptionLikeOperands(selectedJc);
      if (command.common().help) {
        Help.command(String.join(" ", path), selectedJc, out);
        return ExitCode.OK.code();
      }
      Console console = new Console(out, err, command.common(), env);
      return runCommand(command, console, err, String.join(" ", path));
    } catch (ParameterException e) {
      List<String> named = path.isEmpty() ? commandPath(args, top) : path;
      JCommander failed = jc;
      for (String w : named) {
        failed = failed.getCommands().getOrDefault(w, failed);
      }
      String message = usageMessage(e, top, failed);
      String hint =
          "Run 'esxforge " + (named.isEmpty() ? "" : String.join(" ", named) + " ") + "--help'";
      if (json) {
        printJsonError(out, ExitCode.USAGE, message, hint, List.of(), List.of());
      }
      err.println("esxforge: " + message);
      err.println(hint);
      return ExitCode.USAGE.code();
    }
  }

  /**
   * The commands to register with jcommander: only the one named when the first word that is not an
   * option names one (the main options take no values, so that word is the command), every command
   * otherwise ({@code help}, no command, an unknown one). Registering reads each command's
   * annotated options through reflection: all seventeen cost ~12–15 ms of every run.
   */
  private static Map<String, Object> registered(String[] args, Map<String, Object> top) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        Object c = top.get(a);
        return c == null ? top : Map.of(a, c);
      }
    }
    return top;
  }

  /** {@code esxforge help [COMMAND [SUBCOMMAND]]} and {@code esxforge help network}. */
  private static int help(
      String[] words, Map<String, Object> top, JCommander jc, PrintStream out, PrintStream err) {
    if (words.length == 0) {
      Help.global(top, out);
      return ExitCode.OK.code();
    }
    if (words[0].equals("network") && words.length == 1) {
      Help.network(out);
      return ExitCode.OK.code();
    }
    Object selected = top.get(words[0]);
    if (selected == null) {
      err.println(
          "esxforge: unknown command '"
              + words[0]
              + "'"
              + Suggestions.didYouMean(words[0], top.keySet()));
      err.println("Run 'esxforge help'");
      return ExitCode.USAGE.code();
    }
    if (selected instanceof CommandGroup group) {
      if (words.length == 1) {
        Help.group(words[0], group, out);
        return ExitCode.OK.code();
      }
      if (!group.subcommands().containsKey(words[1])) {
        err.println(
            "esxforge: unknown command '"
                + words[0]
                + " "
                + words[1]
                + "'"
                + Suggestions.didYouMean(words[1], group.subcommands().keySet()));
        err.println("Run 'esxforge help " + words[0] + "'");
        return ExitCode.USAGE.code();
      }
      jc.parse(words[0], words[1], "--help"); // fills jcommander's option descriptions
      Help.command(
          words[0] + " " + words[1],
          known(known(jc.getCommands(), words[0]).getCommands(), words[1]),
          out);
      return ExitCode.OK.code();
    }
    jc.parse(words[0], "--help");
    Help.command(words[0], known(jc.getCommands(), words[0]), out);
    return ExitCode.OK.code();
  }

  /**
   * An unknown option after a command that takes operands lands among the operands: {@code --nmae}
   * there is a usage error naming the closest option, not an odd operand.
   */
  private static void rejectOptionLikeOperands(JCommander jc) {
    ParameterDescription main = jc.getMainParameter() == null ? null : jc.getMainParameterValue();
    if (main == null) {
      return;
    }
    Object value = main.getParameterized().get(main.getObject());
    if (value instanceof List<?> operands) {
      for (Object o : operands) {
        String a = String.valueOf(o);
        if (a.length() > 1 && a.startsWith("-") && !a.matches("-\\d.*")) {
          throw new ParameterException(
              "unknown option '" + a + "'" + Suggestions.didYouMean(a, optionNames(jc)));
        }
      }
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
        CommandGroup g = (CommandGroup) known(top, words.get(0));
        if (g.subcommands().containsKey(a)) {
          words.add(a);
        }
        break;
      }
    }
    return words;
  }

  private static String usageMessage(
      ParameterException e, Map<String, Object> top, JCommander command) {
    if (e instanceof MissingCommandException m) {
      java.util.Collection<String> names =
          command == null || command.getCommands().isEmpty()
              ? top.keySet()
              : command.getCommands().keySet();
      return "unknown command '"
          + m.getUnknownCommand()
          + "'"
          + Suggestions.didYouMean(m.getUnknownCommand(), names);
    }
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher unknown =
        java.util.regex.Pattern.compile(
                "(?:Was passed main parameter '|Unknown options?: )(-[^' ]*)")
            .matcher(m);
    if (unknown.find()) {
      return "unknown option '"
          + unknown.group(1)
          + "'"
          + Suggestions.didYouMean(unknown.group(1), optionNames(command));
    }
    return m;
  }

  /** Every option name {@code jc} (the command that failed to parse) takes. */
  private static List<String> optionNames(JCommander jc) {
    List<String> names = new ArrayList<>();
    if (jc != null) {
      for (ParameterDescription p : jc.getParameters()) {
        for (String n : p.getNames().split(",", -1)) {
          names.add(n.strip());
        }
      }
    }
    return names;
  }

  private static int runCommand(Command command, Console console, PrintStream err, String name) {
    boolean debug = command.common().debug;
    try {
      return command.run(console).code();
    } catch (UsageException e) {
      String hint = "Run 'esxforge " + name + " --help'";
      if (console.json()) {
        printJsonError(console.out(), ExitCode.USAGE, Messages.of(e), hint, List.of(), List.of());
      }
      err.println("esxforge " + name + ": " + e.getMessage());
      err.println(hint);
      return ExitCode.USAGE.code();
    } catch (OutOfMemoryError e) {
      // Outputs are written to temp files and moved at the end, so unwinding to here has already
      // removed partial files and released the memory this message needs.
      String line = outOfMemory(Runtime.getRuntime().maxMemory());
      if (console.json()) {
        printJsonError(console.out(), ExitCode.FAILURE, line, null, List.of(), List.of());
      }
      err.println("esxforge: " + line);
      if (debug) {
        e.printStackTrace(err);
      }
      return ExitCode.FAILURE.code();
    } catch (Exception e) {
      Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
      ExitCode code = classify(t);
      String line = oneLine(t);
      if (console.json()) {
        printJsonError(
            console.out(),
            code,
            line,
            null,
            t instanceof ExitCodeException x ? x.problems() : List.of(),
            t instanceof ExitCodeException x ? x.details() : List.of());
      }
      err.println("esxforge: " + line);
      if (debug) {
        t.printStackTrace(err);
      } else if (code == ExitCode.FAILURE
          && !(t instanceof IOException)
          && !(t instanceof ExitCodeException)) {
        err.println("(internal error; run with --debug for the stack trace)");
      }
      return code.code();
    }
  }

  /** The one line for a command that ran out of heap, with how to give it more. */
  static String outOfMemory(long maxHeapBytes) {
    return "out of memory (Java heap limit "
        + (maxHeapBytes >> 20)
        + " MiB); run it with a larger heap, e.g. ESXFORGE_JAVA_OPTS=-Xmx"
        + Math.max(1, (maxHeapBytes >> 30) * 2 + 1)
        + "g";
  }

  /**
   * With {@code --json}, a failure is one JSON object on stdout with stable keys: {@code error}
   * (the exit code's name, e.g. {@code usage}), {@code exitCode}, {@code message}, {@code hint} (or
   * null), {@code problems} (each {@code code}, {@code vib}, {@code message}, {@code hint}) and
   * {@code details} (other one-line facts, e.g. each lock difference).
   */
  static void printJsonError(
      PrintStream out,
      ExitCode code,
      String message,
      @Nullable String hint,
      List<Problem> problems,
      List<String> details) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code.name().toLowerCase(java.util.Locale.ROOT));
    m.put("exitCode", code.code());
    m.put("message", org.esxforge.io.Redactor.shared().redact(message));
    m.put("hint", hint);
    List<Map<String, Object>> ps = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("code", p.code().name().toLowerCase(java.util.Locale.ROOT));
      pm.put("vib", p.vibId() == null ? null : p.vibId().value());
      pm.put("message", p.message());
      pm.put("hint", p.hint());
      ps.add(pm);
    }
    m.put("problems", ps);
    m.put("details", details);
    Console.writeJson(out, m);
  }

  /** Maps an exception to an exit code by its type. */
  static ExitCode classify(Throwable t) {
    if (t instanceof NotADepotException) {
      return ExitCode.USAGE; // intact input of the wrong kind: the command line must change
    }
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
    return org.esxforge.io.Redactor.shared()
        .redact(Flags.render(m).replace('\n', ' ').replace('\r', ' '));
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

    /** True when {@code -h/--help} was given after the group's name. */
    boolean help();
  }

  /** Builds an ordered map of names to commands. */
  static Map<String, Command> ordered(Object... nameCommandPairs) {
    Map<String, Command> m = new LinkedHashMap<>();
    for (int i = 0; i < nameCommandPairs.length; i += 2) {
      m.put((String) nameCommandPairs[i], (Command) nameCommandPairs[i + 1]);
    }
    return m;
  }

  /** The command registered as {@code name}: jcommander parsed only names that were added. */
  private static <V> V known(Map<String, V> commands, String name) {
    V v = commands.get(name);
    if (v == null) {
      throw new IllegalStateException("no command registered as '" + name + "'");
    }
    return v;
  }
}
