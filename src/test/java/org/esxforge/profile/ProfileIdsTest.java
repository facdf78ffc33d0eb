package org.esxforge.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ProfileIdsTest {
  private static ImageProfile profile(int vibs) {
    List<VibId> ids = new ArrayList<>();
    for (int i = 0; i < vibs; i++) {
      ids.add(VibId.of("VMW", "bootbank", "drv" + i, "1.0." + i + "-1vmw.700.1.0.15843807"));
    }
    return ImageProfile.builder("ESXi-7.0b-custom", AcceptanceLevel.PARTNER)
        .creator("esxforge")
        .description("Grüße, 日本")
        .baseImage("7.0.0-1.25.16324942")
        .vibIds(ids)
        .build();
  }

  /** The id's definition, one digest update per line, as ProfileIds was first written. */
  private static String perLine(ImageProfile p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "esxforge-profile-id-1",
                p.name(),
                p.creator(),
                p.description(),
                p.acceptanceLevel().xmlValue(),
                p.baseImage()));
    p.vibIds().forEach(id -> lines.add(id.value()));
    for (String s : lines) {
      md.update((s + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest(), 0, 16);
  }

  @Test
  void derive_sameIdAsOneUpdatePerLine() throws Exception {
    for (int n : new int[] {0, 1, 3, 2000}) {
      ImageProfile p = profile(n);
      String id = ProfileIds.derive(p);
      assertEquals(perLine(p), id, n + " VIBs");
      assertTrue(ProfileIds.isVmwareShaped(id), id);
    }
  }

  @Test
  void derive_dependsOnTheVibs() {
    assertNotEquals(ProfileIds.derive(profile(2)), ProfileIds.derive(profile(3)));
  }
}
