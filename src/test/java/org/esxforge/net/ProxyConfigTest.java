package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.esxforge.net.ProxyConfig.InvalidProxyException;
import org.esxforge.net.ProxyConfig.ProxyUri;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {
  @Test
  void matches_domainAndSuffixForms_matchSubdomains() {
    NoProxy np = NoProxy.parse("example.com, .corp.local internal");
    assertTrue(np.matches("example.com", 443));
    assertTrue(np.matches("dl.example.com", 443));
    assertFalse(np.matches("badexample.com", 443));
    assertTrue(np.matches("a.corp.local", 80));
    assertTrue(np.matches("corp.local", 80));
    assertTrue(np.matches("INTERNAL", 80));
    assertFalse(np.matches("internal.example.org", 80));
  }

  @Test
  void matches_ipCidrPortAndStar() {
    NoProxy np = NoProxy.parse("10.0.0.0/8,127.0.0.1,depot:8080,[::1]");
    assertTrue(np.matches("10.20.30.40", 80));
    assertFalse(np.matches("11.0.0.1", 80));
    assertTrue(np.matches("127.0.0.1", 1234));
    assertTrue(np.matches("depot", 8080));
    assertFalse(np.matches("depot", 80));
    assertTrue(np.matches("[::1]", 80));
    assertTrue(NoProxy.parse("*").matches("anything", 1));
    assertFalse(NoProxy.parse("").matches("anything", 1));
  }

  @Test
  void fromEnvironment_lowerCaseWinsAndNoProxyApplies() throws InvalidProxyException {
    ProxyConfig c =
        ProxyConfig.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "http://upper:1",
                "https_proxy", "http://lower:2",
                "HTTP_PROXY", "plain:3",
                "NO_PROXY", "local.lan"));
    assertEquals(
        Optional.of(new ProxyUri("lower", 2, null, null)),
        c.select(URI.create("https://dl.broadcom.com/x")));
    assertEquals(
        Optional.of(new ProxyUri("plain", 3, null, null)), c.select(URI.create("http://h/x")));
    assertEquals(Optional.empty(), c.select(URI.create("https://depot.local.lan/x")));
  }

  @Test
  void parse_credentials_keptButNeverPrinted() throws InvalidProxyException {
    ProxyUri p = ProxyUri.parse("http://alice:pa55word@proxy:8888");
    assertEquals("alice", p.user());
    assertEquals("pa55word", p.password());
    assertEquals("<redacted>@proxy:8888", p.toString());
    assertEquals(3128, ProxyUri.parse("proxy").port());
  }

  @Test
  void parse_socksProxy_rejectedWithoutPassword() {
    InvalidProxyException e =
        assertThrows(
            InvalidProxyException.class, () -> ProxyUri.parse("socks5://bob:pw123456@h:1080"));
    assertEquals(
        "invalid proxy 'socks5://<redacted>@h:1080': only http:// proxies are supported",
        e.getMessage());
  }

  @Test
  void noProxy_bracketedIpv6WithPort_matchesThatPortOnly() {
    NoProxy n = NoProxy.parse("[::1]:8080");
    assertTrue(n.matches("[::1]", 8080));
    assertTrue(n.matches("::1", 8080));
    assertFalse(n.matches("[::1]", 8081));
  }
}
