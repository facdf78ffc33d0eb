package org.esxforge.cli;

import org.esxforge.io.UserSetting;

/**
 * The command line's spelling of each {@link UserSetting}: library messages name settings by token,
 * and the CLI renders them as the flags a user types ({@link #render}).
 *
 * <p>Stateless and thread-safe.
 */
final class Flags {
  private Flags() {}

  /** The flag (with its argument where that helps) that changes {@code s}. */
  static String of(UserSetting s) {
    return switch (s) {
      case CACHE -> "--cache DIR";
      case NO_CACHE -> "--no-cache";
      case OFFLINE -> "--offline";
      case PROXY -> "--proxy";
      case CA_CERT -> "--ca-cert FILE.pem";
      case MIN_SPEED -> "--min-speed";
      case ALLOW_INSECURE_REDIRECTS -> "--allow-insecure-redirects";
      case TRUST -> "--trust";
      case FORCE -> "--force";
      case BASE_IMAGE -> "--base-image";
      case LOCKED -> "--locked";
      case UPDATE_LOCK -> "--update-lock";
      case PRUNE_ALL -> "'esxforge cache prune --all'";
    };
  }

  /** {@code text} (a message from the library) with its setting tokens as flags. */
  static String render(String text) {
    return UserSetting.render(text, Flags::of);
  }
}
