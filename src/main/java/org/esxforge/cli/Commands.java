package org.esxforge.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of top-level commands, in the order the usage text lists them. */
final class Commands {
  private Commands() {}

  /** Fresh command objects (jcommander fills their fields), name to command or group. */
  static Map<String, Object> topLevel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("build", new BuildCommand());
    m.put("diff", new DiffCommand());
    return m;
  }
}
