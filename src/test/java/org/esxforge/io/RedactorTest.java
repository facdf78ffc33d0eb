package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor r = new Redactor();

  @Test
  void redact_broadcomTokenSegment_masked() {
    assertEquals(
        "fetching https://dl.broadcom.com/<redacted>/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml now",
        r.redact(
            "fetching https://dl.broadcom.com/abc123TOKENxyz/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml now"));
  }

  @Test
  void redact_broadcomProdFirst_keptAsIs() {
    String url = "https://dl.broadcom.com/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml";
    assertEquals(url, r.redact(url));
  }

  @Test
  void redact_userInfo_masked() {
    assertEquals(
        "http://<redacted>@proxy.local:3128/x", r.redact("http://bob:s3cret@proxy.local:3128/x"));
  }

  @Test
  void redact_secretQueryParameter_valueMasked() {
    assertEquals(
        "https://h/x.zip?a=1&access_token=<redacted>&X-Amz-Signature=<redacted>#f",
        r.redact("https://h/x.zip?a=1&access_token=abc&X-Amz-Signature=def#f"));
  }

  @Test
  void redact_tokenLikeSegmentOnAnyHost_masked() {
    assertEquals(
        "http://127.0.0.1:8080/<redacted>/PROD/vib20/x/VMW_bootbank_x_1.0-1vmw.800.1.0.1234567.vib",
        r.redact(
            "http://127.0.0.1:8080/Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0/PROD/vib20/x/VMW_bootbank_x_1.0-1vmw.800.1.0.1234567.vib"));
  }

  @Test
  void redact_registeredSecret_maskedAnywhere() {
    r.register("hunter22");
    assertEquals(
        "token <redacted> in text and <redacted>", r.redact("token hunter22 in text and hunter22"));
  }

  @Test
  void redact_ordinaryDepotUrl_unchanged() {
    String url = "https://hostupdate.vmware.com/software/VUM/PRODUCTION/main/vmw-depot-index.xml";
    assertEquals(url, r.redact(url));
  }

  @Test
  void redact_fileUrl_unchanged() {
    String url = "file:///tmp/junit-9089321327992681370/depot/index.xml";
    assertEquals(url, r.redact(url));
  }

  @Test
  void redact_longHyphenatedVibName_unchanged() {
    // a real VIB directory of the 7.0 image: long, letters and digits, but hyphenated words
    String url =
        "http://127.0.0.1:40163/vib20/lsuv2-intelv2-nvme-vmd-plugin/"
            + "VMware_bootbank_lsuv2-intelv2-nvme-vmd-plugin_1.0.0-2vmw.700.1.0.15843807.vib";
    assertEquals(url, r.redact(url));
  }

  @Test
  void redact_uuidSegment_masked() {
    assertEquals(
        "https://mirror.example/<redacted>/main/index.xml",
        r.redact("https://mirror.example/3f2b8c1e-9d4a-4b7e-a1c2-5e6f7a8b9c0d/main/index.xml"));
  }

  @Test
  void redact_placeholdersAreReferencesNotSecrets_kept() {
    Redactor r = new Redactor();
    assertEquals(
        "http://h/index.xml?token=${file:/run/pw}",
        r.redact("http://h/index.xml?token=${file:/run/pw}"));
    assertEquals("http://${USER}:${PASS}@h/x", r.redact("http://${USER}:${PASS}@h/x"));
    assertEquals(
        "http://h/index.xml?token=<redacted>", r.redact("http://h/index.xml?token=abc${X}"));
    assertEquals("http://<redacted>@h/x", r.redact("http://u:${PASS}@h/x"));
  }
}
