package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocationsTest {
  private static final List<URI> BASES =
      List.of(
          URI.create("esxforge:/"),
          URI.create("esxforge:/metadata/"),
          URI.create("esxforge:/a%20b/c/"),
          URI.create("https://depot.example.com/vmw/"),
          URI.create("http://user:pw@example.com:8080/x/y/"));

  @Test
  void isPlainRelativePath_ordinaryVibPaths_true() {
    for (String ref :
        List.of(
            "vib20/syn-drv00000/SYN_bootbank_syn-drv00000_1.0.0-1OEM.700.1.0.15843807.vib",
            "VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib",
            "a",
            "a/",
            "a.b/..c/c..",
            "...",
            "x@y/a=b,c+d~e")) {
      assertTrue(Locations.isPlainRelativePath(ref), ref);
    }
  }

  @Test
  void isPlainRelativePath_anythingToResolveOrEscape_false() {
    for (String ref :
        List.of(
            "",
            "..",
            ".",
            "../x.vib",
            "a/../../x.vib",
            "a/..",
            "a/./b",
            "./a",
            "a/.",
            "/etc/passwd",
            "//host/x",
            "a//b",
            "%2e%2e/x",
            "a%2Fb",
            "C:/x",
            "c:x",
            "http://h/x",
            "a?b",
            "a#b",
            "a\\..\\b",
            "..\\x",
            " a",
            "a b",
            "a\tb",
            "a\nb",
            "a\0b",
            "é/x",
            "a[b]",
            "a;b",
            "a'b",
            "a\"b",
            "a<b")) {
      assertFalse(Locations.isPlainRelativePath(ref), ref);
    }
  }

  /**
   * The fast path's promise: for every plain reference, URI resolution gives the base's path
   * followed by the reference, and the member is safe; checked on random strings over an alphabet
   * of every character that matters to a URI.
   */
  @Test
  void isPlainRelativePath_randomReferences_resolveToBasePlusReference() throws Exception {
    String alphabet = "ab./.-_~+=,@:%?#\\ é2[]";
    Random r = new Random(13);
    int plain = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String ref = b.toString();
      if (!Locations.isPlainRelativePath(ref)) {
        continue;
      }
      plain++;
      for (URI base : BASES) {
        URI resolved = resolve(base, ref);
        assertEquals(base.getPath() + ref, resolved.getPath(), ref);
        assertEquals(base.getScheme(), resolved.getScheme(), ref);
        assertEquals(base.getRawAuthority(), resolved.getRawAuthority(), ref);
        assertEquals(null, resolved.getRawQuery(), ref);
        assertEquals(null, resolved.getRawFragment(), ref);
      }
      String member = DepotTree.member(resolve(URI.create("esxforge:/m/"), ref), "t");
      assertEquals("m/" + ref, member);
    }
    assertTrue(plain > 1000, "plain references tried: " + plain);
  }

  private static URI resolve(URI base, String ref) throws URISyntaxException {
    return Locations.resolve(base, ref);
  }
}
