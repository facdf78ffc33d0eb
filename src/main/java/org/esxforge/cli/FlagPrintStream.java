package org.esxforge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    // every print goes to target (below), so this stream's own encoder is never used for text
    super(target, false, StandardCharsets.UTF_8);
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
  public void print(char c) {
    target.print(c);
  }

  @Override
  public void print(char[] s) {
    print(new String(s));
  }

  @Override
  public void print(int i) {
    target.print(i);
  }

  @Override
  public void print(long l) {
    target.print(l);
  }

  @Override
  public void print(boolean b) {
    target.print(b);
  }

  @Override
  public void println(char c) {
    target.println(c);
  }

  @Override
  public void println(char[] s) {
    println(new String(s));
  }

  @Override
  public void println(int i) {
    target.println(i);
  }

  @Override
  public void println(long l) {
    target.println(l);
  }

  @Override
  public void println(boolean b) {
    target.println(b);
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
  @SuppressWarnings("AnnotateFormatMethod") // overrides PrintStream.format, checked at its callers
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
