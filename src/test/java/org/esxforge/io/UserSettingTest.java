package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserSettingTest {
  @Test
  void render_replacesEveryTokenByTheFrontEndsName_keepsUnknownTokens() {
    String msg =
        "use " + UserSetting.CACHE + " or " + UserSetting.NO_CACHE + " {setting:nope} $1\\";
    assertEquals(
        "use <CACHE> or <NO_CACHE> {setting:nope} $1\\",
        UserSetting.render(msg, s -> "<" + s.name() + ">"));
    assertEquals(
        "use the cache directory setting or the no-cache setting {setting:nope} $1\\",
        UserSetting.neutral(msg));
  }

  @Test
  void everySetting_roundTripsThroughItsToken() {
    for (UserSetting s : UserSetting.values()) {
      assertEquals(s.name(), UserSetting.render(s.toString(), UserSetting::name));
    }
  }
}
