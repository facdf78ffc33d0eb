package org.esxforge.io;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting a user can change to act on a message ("pass the proxy's CA certificate"), named in
 * library messages by a token instead of by a front end's spelling. The library does not know
 * whether the user typed {@code --ca-cert} on a command line, set a recipe field or called an API:
 * it writes {@link #CA_CERT} (whose {@link #toString} is the token {@code {setting:ca_cert}}) and
 * each front end renders the tokens its own way ({@link #render}): the CLI as its flags, anything
 * else with {@link #neutral} words. Messages never depend on a front end, and no front end decides
 * anything by reading message text.
 *
 * <p>Thread-safe (an enum).
 */
public enum UserSetting {
  /** Where the download cache lives. */
  CACHE("the cache directory setting"),
  /** Not using a download cache. */
  NO_CACHE("the no-cache setting"),
  /** Using only what the cache holds. */
  OFFLINE("the offline setting"),
  /** The HTTP(S) proxy. */
  PROXY("the proxy setting"),
  /** Extra CA certificates for HTTPS (e.g. a TLS-inspecting proxy's). */
  CA_CERT("the CA certificate setting"),
  /** The minimum transfer speed before a download is abandoned. */
  MIN_SPEED("the minimum speed setting"),
  /** Following redirects from HTTPS to plain HTTP. */
  ALLOW_INSECURE_REDIRECTS("the insecure-redirects setting"),
  /** Extra certificates VIB signatures may chain to. */
  TRUST("the trusted certificates setting"),
  /** Building although validation found problems. */
  FORCE("the force setting"),
  /** The base image version of a 7.0+ image. */
  BASE_IMAGE("the base image setting"),
  /** Building only what a recipe's lock pins. */
  LOCKED("the locked setting"),
  /** Re-resolving a recipe and rewriting its lock. */
  UPDATE_LOCK("the update-lock setting"),
  /** Clearing the whole download cache. */
  PRUNE_ALL("a full cache prune");

  private static final Pattern TOKEN = Pattern.compile("\\{setting:([a-z_]+)\\}");

  private final String words;

  UserSetting(String words) {
    this.words = words;
  }

  /** The setting in neutral words, e.g. {@code the proxy setting}. */
  public String words() {
    return words;
  }

  /** The token that stands for this setting in a message, e.g. {@code {setting:proxy}}. */
  @Override
  public String toString() {
    return "{setting:" + name().toLowerCase(Locale.ROOT) + "}";
  }

  /** {@code text} with every setting token replaced by {@code names} of its setting. */
  public static String render(String text, Function<UserSetting, String> names) {
    if (text == null || text.indexOf("{setting:") < 0) {
      return text;
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement;
      try {
        replacement = names.apply(valueOf(m.group(1).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        replacement = m.group(); // not a setting: keep the text as it is
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code text} with every setting token in neutral words. */
  public static String neutral(String text) {
    return render(text, UserSetting::words);
  }
}
