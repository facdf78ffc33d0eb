package org.esxforge.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.esxforge.io.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTemplatesTest {
  private final Redactor r = new Redactor();

  @Test
  void expand_envAndFilePlaceholders_valuesRegistered(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("token.txt");
    Files.writeString(f, "fileTok3n\n");
    SecretTemplates t = new SecretTemplates(Map.of("ESXFORGE_TOKEN", "envTok3n")::get, r);
    String url = t.expand("https://dl.broadcom.com/${ESXFORGE_TOKEN}/PROD/a/${file:" + f + "}/b");
    assertEquals("https://dl.broadcom.com/envTok3n/PROD/a/fileTok3n/b", url);
    assertEquals("https://dl.broadcom.com/<redacted>/PROD/a/<redacted>/b", r.redact(url));
  }

  @Test
  void expand_unsetVariable_errorNamesVariable() {
    SecretTemplates t = new SecretTemplates(Map.<String, String>of()::get, r);
    IOException e = assertThrows(IOException.class, () -> t.expand("https://h/${NOPE}/x"));
    assertEquals("environment variable 'NOPE' used as ${NOPE} is not set", e.getMessage());
  }
}
