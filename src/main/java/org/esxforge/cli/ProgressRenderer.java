package org.esxforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.io.Redactor;

/**
 * Renders {@link ProgressEvent}s on stderr in one of four styles:
 *
 * <ul>
 *   <li>{@link Style#BAR} on a terminal: one self-overwriting line per task, {@code [#######.....]
 *       42% 12.3/29.0 MiB task}, redrawn at most 10 times a second;
 *   <li>{@link Style#LINES} when stderr is not a terminal: a plain line at start, at every 25% and
 *       at completion;
 *   <li>{@link Style#JSON} with {@code --json}: one JSON object per event, {@code
 *       {"event":"progress","task":…,"done":…,"total":…,"unit":…}}, for pipelines;
 *   <li>{@link Style#NONE} with {@code --quiet}.
 * </ul>
 *
 * Task names pass through {@link Redactor#shared()}.
 *
 * <p>Not thread-safe on its own; {@link #accept} is synchronized so concurrent downloads can share
 * it.
 */
public final class ProgressRenderer implements Consumer<ProgressEvent> {
  /** How progress is shown. */
  public enum Style {
    BAR,
    LINES,
    JSON,
    NONE
  }

  private static final int WIDTH = 24;

  private final PrintStream err;
  private final Style style;
  private final LongSupplier nanoClock;
  private final Map<String, Integer> lastQuarter = new LinkedHashMap<>();
  private long lastDraw = Long.MIN_VALUE;
  private boolean barOpen;

  public ProgressRenderer(PrintStream err, Style style, LongSupplier nanoClock) {
    this.err = err;
    this.style = style;
    this.nanoClock = nanoClock;
  }

  /** The style for these options: quiet → none, json → JSON, terminal → bar, else lines. */
  public static Style styleFor(CommonOptions options, boolean terminal) {
    if (options.quiet) {
      return Style.NONE;
    }
    if (options.json) {
      return Style.JSON;
    }
    return terminal ? Style.BAR : Style.LINES;
  }

  /**
   * A renderer for a command's console: stderr, style from the options and {@code
   * System.console()}.
   */
  public static ProgressRenderer forConsole(Console console, CommonOptions options) {
    boolean terminal = consoleIsTerminal() && console.err() == System.err;
    return new ProgressRenderer(console.err(), styleFor(options, terminal), System::nanoTime);
  }

  /**
   * Whether the JVM runs on an interactive terminal. Up to JDK 21 {@code System.console()} is null
   * unless it does; JDKs 22 to 24 return a console even when the streams are redirected, and tell
   * with {@code Console.isTerminal()} (JDK 22+, so called reflectively: the code targets 17).
   */
  @SuppressWarnings("SystemConsoleNull") // null is the JDK 17-21 answer; isTerminal() the later one
  static boolean consoleIsTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(java.io.Console.class.getMethod("isTerminal").invoke(c));
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22 a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // cannot tell: plain lines are safe anywhere
    }
  }

  /**
   * Handlers that send progress here and every other event to {@code others}, with log messages
   * redacted on the way.
   */
  public EventHandlers wrap(EventHandlers others) {
    return EventHandlers.of(
        (BuildEvent e) -> {
          if (e instanceof ProgressEvent p) {
            accept(p);
          } else if (e instanceof org.esxforge.event.LogEvent l) {
            finishBar();
            others.dispatch(
                new org.esxforge.event.LogEvent(l.level(), Redactor.shared().redact(l.message())));
          } else {
            others.dispatch(e);
          }
        });
  }

  @Override
  public synchronized void accept(ProgressEvent p) {
    String task = Redactor.shared().redact(p.task());
    switch (style) {
      case NONE -> {}
      case JSON -> json(task, p);
      case LINES -> line(task, p);
      case BAR -> bar(task, p);
    }
  }

  private void json(String task, ProgressEvent p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "progress");
    m.put("task", task);
    m.put("done", p.done());
    m.put("total", p.total());
    m.put("unit", p.unit());
    try {
      err.println(JsonLines.MAPPER.writeValueAsString(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Created on first use: text progress never loads Jackson (about 0.25 s of a cold start). */
  private static final class JsonLines {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {}
  }

  private void line(String task, ProgressEvent p) {
    int quarter =
        p.total() > 0 ? (int) Math.min(4, p.done() * 4 / p.total()) : (p.done() == 0 ? 0 : -1);
    Integer last = lastQuarter.get(task);
    if (quarter < 0 || (last != null && last >= quarter)) {
      return;
    }
    lastQuarter.put(task, quarter);
    err.println(
        task
            + ": "
            + amount(p.done(), p.unit())
            + (p.total() >= 0
                ? " of " + amount(p.total(), p.unit()) + " (" + percent(p) + "%)"
                : ""));
    if (quarter == 4) {
      lastQuarter.remove(task);
    }
  }

  /**
   * The share done, rounded down: the line printed as a task enters a quarter says how far it is (a
   * 489 MiB ISO's first line is 64 MiB, 13 %, not the quarter's 0 %).
   */
  private static long percent(ProgressEvent p) {
    return p.total() > 0 ? Math.min(100, p.done() * 100 / p.total()) : 0;
  }

  private void bar(String task, ProgressEvent p) {
    boolean complete = p.total() >= 0 && p.done() >= p.total();
    long now = nanoClock.getAsLong();
    if (!complete && lastDraw != Long.MIN_VALUE && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    StringBuilder sb = new StringBuilder("\r");
    if (p.total() > 0) {
      int filled = (int) Math.min(WIDTH, p.done() * WIDTH / p.total());
      sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      sb.append(String.format(java.util.Locale.ROOT, "%3d%% ", percent(p)));
      sb.append(amount(p.done(), p.unit())).append('/').append(amount(p.total(), p.unit()));
    } else {
      sb.append(amount(p.done(), p.unit()));
    }
    sb.append(' ').append(task).append("\033[K");
    err.print(sb);
    err.flush();
    barOpen = true;
    if (complete) {
      finishBar();
    }
  }

  /** Ends an open bar line so the next message starts on a fresh line. */
  public synchronized void finishBar() {
    if (barOpen) {
      err.println();
      barOpen = false;
    }
  }

  static String amount(long n, String unit) {
    if (!unit.equals("bytes")) {
      return n + " " + unit;
    }
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024L * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
    return String.format(java.util.Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }
}
