package org.esxforge.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;

/**
 * The {@code profileID} of a profile esxforge creates (docs/formats.md §8.3). VMware gives every
 * new profile a fresh random UUID (32 hex digits); esxforge derives the 32 hex digits from the
 * profile's content instead — the first 16 bytes of the SHA-256 of its name, creator, description,
 * acceptance level, base image and sorted VIB ids, each followed by a line feed — so a clone never
 * keeps its base's id and the same inputs still give the same bytes [G: the shape is VMware's, the
 * derivation esxforge's]. Timestamps are left out: they do not make a different profile.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProfileIds {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  private ProfileIds() {}

  /** The derived id of {@code p}: 32 lower-case hex digits. */
  public static String derive(ImageProfile p) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    // one update of all the lines (the same bytes as one update per line): many small updates
    // of a 20,000-VIB profile each went through the digest's one-block path
    StringBuilder lines = new StringBuilder(64 * (8 + p.vibIds().size()));
    for (String s :
        new String[] {
          "esxforge-profile-id-1",
          p.name(),
          p.creator(),
          p.description(),
          p.acceptanceLevel().xmlValue(),
          p.baseImage()
        }) {
      lines.append(s).append('\n');
    }
    for (VibId id : p.vibIds()) {
      lines.append(id.value()).append('\n');
    }
    md.update(lines.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest(), 0, 16);
  }

  /** True when {@code id} has VMware's shape (32 lower-case hex digits). */
  public static boolean isVmwareShaped(String id) {
    return ID.matcher(id).matches();
  }
}
