package org.esxforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.event.ProgressEvent;
import org.jspecify.annotations.Nullable;

/**
 * Where a command's output goes: results on stdout, messages on stderr. Renders library events as
 * text (or as JSON lines when the command runs with {@code --json}).
 *
 * <p>Not thread-safe beyond what {@link PrintStream} gives.
 */
public final class Console {
  /**
   * The JSON mappers, created on first use: building them loads ~300 Jackson classes (about 0.25 s
   * of a cold start), which commands printing text never need.
   */
  private static final class Mappers {
    static final ObjectMapper JSON =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** Compact, for one JSON object per line on stderr. */
    static final ObjectMapper LINE = new ObjectMapper();

    private Mappers() {}
  }

  private final PrintStream out;
  private final PrintStream err;
  private final CommonOptions options;
  private final java.util.Map<String, String> env;
  private @Nullable ProgressRenderer progress;

  /** A console in this process's environment. */
  public Console(PrintStream out, PrintStream err, CommonOptions options) {
    this(out, err, options, System.getenv());
  }

  /**
   * @param env the environment variables the command sees ({@code SOURCE_DATE_EPOCH}, proxies,
   *     {@code ${NAME}} secrets, {@code ESXFORGE_HOME}, the cache location)
   */
  public Console(
      PrintStream out, PrintStream err, CommonOptions options, java.util.Map<String, String> env) {
    this.out = FlagPrintStream.of(out); // library messages name settings by token
    this.err = FlagPrintStream.of(err);
    this.options = options;
    this.env = java.util.Map.copyOf(env);
  }

  /** The environment of this run: an input like the arguments, never read from the process. */
  public java.util.Map<String, String> env() {
    return env;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public boolean json() {
    return options.json;
  }

  /** Event handlers that render library events on stderr. */
  public EventHandlers events() {
    return EventHandlers.of(this::render);
  }

  /** Prints {@code value} (maps, lists, records) as pretty JSON with sorted keys. */
  public void printJson(Object value) {
    writeJson(out, value);
  }

  /** Writes {@code value} to {@code out} as pretty JSON with sorted keys and a final newline. */
  static void writeJson(PrintStream out, Object value) {
    // streamed through one large buffer: a 10,000-VIB listing is ~9 MB of JSON
    try {
      java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
      org.esxforge.io.RedactingJson.write(Mappers.JSON.writer(), buffered, value, Flags::render);
      buffered.write('\n');
      buffered.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A progress or status line for the user (suppressed by --quiet); with {@code --json} a JSON line
   * {@code {"event":"log","level":"info","message":…}}.
   */
  public void status(String line) {
    if (!options.quiet) {
      log("info", line, line);
    }
  }

  /** A warning on stderr: {@code WARNING: …}, or a JSON line with {@code --json}. */
  public void warn(String line) {
    log("warn", line, "WARNING: " + line);
  }

  /** One message on stderr: {@code text}, or with {@code --json} one compact JSON object. */
  private void log(String level, String rawMessage, String rawText) {
    String message = Flags.render(rawMessage);
    String text = Flags.render(rawText);
    if (!options.json) {
      err.println(text);
      return;
    }
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("event", "log");
    m.put("level", level);
    m.put("message", message);
    try {
      err.println(Mappers.LINE.writeValueAsString(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /** Progress (downloads, VIB verification, ISO writes) as a bar, plain lines or JSON lines. */
  private synchronized ProgressRenderer progress() {
    if (progress == null) {
      progress = ProgressRenderer.forConsole(this, options);
    }
    return progress;
  }

  private void render(BuildEvent event) {
    if (event instanceof LogEvent raw) {
      progress().finishBar();
      LogEvent log =
          new LogEvent(raw.level(), org.esxforge.io.Redactor.shared().redact(raw.message()));
      switch (log.level()) {
        case DEBUG -> {
          if (options.debug) {
            log("debug", log.message(), "debug: " + log.message());
          }
        }
        case INFO, LIFECYCLE -> status(log.message());
        case WARN -> warn(log.message());
        case ERROR -> log("error", log.message(), "ERROR: " + log.message());
      }
    } else if (event instanceof ProgressEvent p) {
      progress().accept(p);
    }
  }
}
