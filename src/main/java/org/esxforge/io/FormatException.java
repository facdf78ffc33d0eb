package org.esxforge.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Corrupt or unsupported input. The message has the house form {@code
 * <source>[!<entry>][@<offset>]: <what>}, so a CLI can print it as the one line a user sees.
 *
 * <p>Immutable and thread-safe.
 */
public class FormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final @Nullable String entry;
  private final long offset;
  private final String problem;

  /**
   * @param source the file or URI (already redacted if it may hold a secret)
   * @param entry the member inside it, or {@code null}
   * @param offset the byte offset of the problem, or -1 if unknown
   * @param problem what is wrong, e.g. {@code "truncated ar header: 12 of 60 bytes"}
   */
  public FormatException(String source, @Nullable String entry, long offset, String problem) {
    this(source, entry, offset, problem, null);
  }

  public FormatException(
      String source,
      @Nullable String entry,
      long offset,
      String problem,
      @Nullable Throwable cause) {
    super(format(source, entry, offset, problem), cause);
    this.source = source;
    this.entry = entry;
    this.offset = offset;
    this.problem = problem;
  }

  /** Convenience for a problem with the whole file. */
  public FormatException(String source, String problem) {
    this(source, null, -1, problem, null);
  }

  public String source() {
    return source;
  }

  /** The member inside the source, or {@code null}. */
  public @Nullable String entry() {
    return entry;
  }

  /** The byte offset, or -1. */
  public long offset() {
    return offset;
  }

  /** The problem without the location prefix. */
  public String problem() {
    return problem;
  }

  /** Formats {@code <source>[!<entry>][@<offset>]: <what>}. */
  public static String format(String source, @Nullable String entry, long offset, String problem) {
    StringBuilder sb = new StringBuilder(String.valueOf(source));
    if (entry != null) {
      sb.append('!').append(entry);
    }
    if (offset >= 0) {
      sb.append('@').append(offset);
    }
    return sb.append(": ").append(problem).toString();
  }
}
