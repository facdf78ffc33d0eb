package org.esxforge.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of top-level commands, in the order the usage text lists them. */
final class Commands {
  private Commands() {}

  /** Fresh command objects (jcommander fills their fields), name to command or group. */
  static Map<String, Object> topLevel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("depot", new Groups.DepotGroup());
    m.put("vibs", new VibsCommand());
    m.put("profiles", new ProfilesCommand());
    m.put("profile", new Groups.ProfileGroup());
    m.put("inspect", new InspectCommand());
    m.put("hardware", new HardwareCommand());
    m.put("verify", new VerifyCommand());
    m.put("build", new BuildCommand());
    m.put("diff", new DiffCommand());
    m.put("respin", new RespinCommand());
    m.put("sample-depot", new SampleDepotCommand());
    m.put("mirror", new MirrorCommand());
    m.put("mkiso", new MkIsoCommand());
    m.put("cache", new CacheCommand());
    return m;
  }
}
