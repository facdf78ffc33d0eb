package org.esxforge.build;

import java.util.List;
import java.util.Optional;
import org.esxforge.depot.Catalog;
import org.esxforge.io.Messages;
import org.esxforge.model.ImageProfile;
import org.esxforge.profile.ProfileNames;

/**
 * Resolves {@code --base}: a profile name, or {@code latest} / {@code latest:standard} (newest
 * standard, non-security-only profile), {@code latest:no-tools} (the newest {@code -no-tools}
 * profile), {@code latest:any-tools} (either), {@code latest:<version>} (e.g. {@code latest:7.0},
 * {@code latest:8.0U3}), {@code latest:security} (also admits security-only profiles), parts
 * combinable ({@link ProfileNames#selection}). "Newest" is {@link ProfileNames#latest}: version,
 * then build number, never a string sort.
 *
 * <p>Stateless and thread-safe.
 */
public final class BaseSelector {
  private BaseSelector() {}

  /** The chosen profile and why. */
  public record Chosen(ImageProfile profile, String reason) {}

  /** Chooses the base profile in {@code cat}; the message of a failure names what exists. */
  public static Chosen choose(Catalog cat, String selector) throws BuildException {
    String s = selector.trim();
    if (s.equals("latest") || s.startsWith("latest:")) {
      ProfileNames.Selection sel;
      try {
        sel = ProfileNames.selection(s);
      } catch (org.esxforge.model.InvalidModelException e) {
        throw new BuildException(BuildException.Setting.BASE, s, Messages.of(e));
      }
      Optional<ProfileNames.Choice> c = ProfileNames.latest(cat.profiles(), sel);
      if (c.isEmpty()) {
        throw new BuildException(
            BuildException.Setting.BASE,
            s,
            "no profile matches among " + names(cat.profiles()) + "; name one of them as the base");
      }
      return new Chosen(c.get().profile(), c.get().reason());
    }
    Optional<ImageProfile> p = cat.profile(s);
    if (p.isEmpty()) {
      throw new BuildException(
          BuildException.Setting.BASE,
          s,
          "no such image profile in the depots; they have " + names(cat.profiles()));
    }
    return new Chosen(p.get(), "named as the base");
  }

  private static String names(List<ImageProfile> profiles) {
    if (profiles.isEmpty()) {
      return "no image profiles (give a base depot, e.g. -d sample:7.0)";
    }
    List<String> n = profiles.stream().map(ImageProfile::name).limit(8).toList();
    return String.join(", ", n) + (profiles.size() > 8 ? " … (" + profiles.size() + ")" : "");
  }
}
