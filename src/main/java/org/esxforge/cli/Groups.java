package org.esxforge.cli;

import com.beust.jcommander.Parameters;
import java.util.Map;

/** The command groups: {@code depot …} and {@code profile …}. */
final class Groups {
  private Groups() {}

  @Parameters(commandDescription = "Depot commands: info")
  static final class DepotGroup implements Main.CommandGroup {
    @com.beust.jcommander.Parameter(
        names = {"-h", "--help"},
        help = true,
        description = "Show the subcommands")
    boolean help;

    private final Map<String, Command> subcommands = Main.ordered("info", new DepotInfoCommand());

    @Override
    public Map<String, Command> subcommands() {
      return subcommands;
    }

    @Override
    public boolean help() {
      return help;
    }
  }

  @Parameters(commandDescription = "Image profile commands: show")
  static final class ProfileGroup implements Main.CommandGroup {
    @com.beust.jcommander.Parameter(
        names = {"-h", "--help"},
        help = true,
        description = "Show the subcommands")
    boolean help;

    private final Map<String, Command> subcommands = Main.ordered("show", new ProfileShowCommand());

    @Override
    public Map<String, Command> subcommands() {
      return subcommands;
    }

    @Override
    public boolean help() {
      return help;
    }
  }
}
