package org.esxforge.cli;

/** A CLI command: a thin adapter from options to library calls (house-style §7). */
public interface Command {
  /** The shared options of this command. */
  CommonOptions common();

  /**
   * Runs the command.
   *
   * @return the exit code
   * @throws Exception mapped to a one-line message and an exit code by {@link Main}
   */
  ExitCode run(Console console) throws Exception;
}
