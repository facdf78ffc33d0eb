package org.esxforge.cli;

import com.beust.jcommander.Parameter;

/** Options every command takes, pulled in with {@code @ParametersDelegate}. */
public final class CommonOptions {
  @Parameter(
      names = "--json",
      description = "Machine-readable JSON on stdout (stable keys); messages go to stderr")
  public boolean json;

  @Parameter(names = "--debug", description = "Show debug messages and stack traces")
  public boolean debug;

  @Parameter(
      names = {"-q", "--quiet"},
      description = "Only errors and warnings on stderr")
  public boolean quiet;

  @Parameter(
      names = {"-h", "--help"},
      help = true,
      description = "Show this command's options")
  public boolean help;
}
