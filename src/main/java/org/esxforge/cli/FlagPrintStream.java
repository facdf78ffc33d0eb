package org.esxforge.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A print stream that renders the {@link org.esxforge.io.UserSetting} tokens of library messages as
 * flags ({@link Flags#render}) in every string printed, and hands the result to the stream it wraps
 * (whose encoding and flushing stay as they were). Bytes written directly ({@link #write(byte[],
 * int, int)}, e.g. streamed JSON, which is rendered as it is generated) pass unchanged.
 *
 * <p>Thread-safe as far as the wrapped stream is.
 */
final class FlagPrintStream extends PrintStream {
  private final PrintStream target;

  private FlagPrintStream(PrintStream target) {
    super(target, false);
    this.target = target;
  }

  /** {@code s} wrapped, unless it already is. */
  static PrintStream of(PrintStream s) {
    return s instanceof FlagPrintStream ? s : new FlagPrintStream(s);
  }

  @Override
  public void print(String s) {
    target.print(Flags.render(s));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }

  @Override
  public void println(String s) {
    target.println(Flags.render(s));
  }

  @Override
  public void println(Object o) {
    println(String.valueOf(o));
  }

  @Override
  public void println() {
    target.println();
  }

  @Override
  public PrintStream printf(String format, Object... args) {
    return format(format, args);
  }

  @Override
  public PrintStream printf(Locale l, String format, Object... args) {
    return format(l, format, args);
  }

  @Override
  public PrintStream format(String format, Object... args) {
    print(String.format(format, args));
    return this;
  }

  @Override
  public PrintStream format(Locale l, String format, Object... args) {
    print(String.format(l, format, args));
    return this;
  }

  @Override
  public PrintStream append(CharSequence csq) {
    print(String.valueOf(csq));
    return this;
  }

  @Override
  public void write(int b) {
    target.write(b);
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    target.write(buf, off, len);
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public boolean checkError() {
    return target.checkError();
  }

  @Override
  public void close() {
    target.close();
  }
}
