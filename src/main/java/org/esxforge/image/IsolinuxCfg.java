package org.esxforge.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The installer ISO's {@code ISOLINUX.CFG} (docs/formats.md §5.6) and the volume identifier, both
 * derived from the profile name. Stateless and thread-safe.
 */
public final class IsolinuxCfg {
  private IsolinuxCfg() {}

  /**
   * The menu: default {@code menu.c32}, title {@code <profile> Boot Menu}, an installer entry that
   * runs {@code mboot.c32 -c boot.cfg}, and a local-disk entry. Indentation (two spaces), LF line
   * ends and the final newline are [G]: syslinux ignores leading white space and needs neither.
   */
  public static String text(String profileName) {
    String name = oneLine(profileName);
    return "DEFAULT menu.c32\n"
        + "MENU TITLE "
        + name
        + " Boot Menu\n"
        + "NOHALT 1\n"
        + "PROMPT 0\n"
        + "TIMEOUT 80\n"
        + "LABEL install\n"
        + "  KERNEL mboot.c32\n"
        + "  APPEND -c boot.cfg\n"
        + "  MENU LABEL "
        + name
        + " ^Installer\n"
        + "LABEL hddboot\n"
        + "  LOCALBOOT 0x80\n"
        + "  MENU LABEL ^Boot from local disk\n";
  }

  public static byte[] bytes(String profileName) {
    return text(profileName).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The ISO volume identifier: the profile name upper-cased, cut to 32 characters (a 9.1 ISO mounts
   * as {@code ESXI-9.1.0.0100-25433460-STANDAR}). Characters outside {@code [A-Z0-9_.-]} become
   * {@code _} [G]; VMware keeps {@code -} and {@code .} although ISO9660 d-characters lack them.
   */
  public static String volumeId(String profileName) {
    String up = profileName.toUpperCase(Locale.ROOT);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < up.length(); i++) {
      char c = up.charAt(i);
      if (b.length() == 32) {
        break;
      }
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
      b.append(ok ? c : '_');
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}
