package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.esxforge.event.LogEvent;
import org.esxforge.event.ProgressEvent;
import org.junit.jupiter.api.Test;

/** Every command's events: progress rendered by style, log lines redacted. */
class ConsoleTest {
  private static final String TOKEN_URL =
      "https://dl.broadcom.com/Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0/PROD/COMP/ESX_HOST/main/index.xml";

  @Test
  void events_jsonMode_progressAsJsonLinesOnStderrAndRedacted() {
    CommonOptions o = new CommonOptions();
    o.json = true;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console c =
        new Console(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            o);
    c.events().dispatch(new ProgressEvent("fetch " + TOKEN_URL, 5, 10, "bytes"));
    c.events().dispatch(LogEvent.lifecycle("reading " + TOKEN_URL));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        text.startsWith(
            "{\"event\":\"progress\",\"task\":\"fetch https://dl.broadcom.com/"
                + "<redacted>/PROD/COMP/ESX_HOST/main/index.xml\",\"done\":5,\"total\":10,"
                + "\"unit\":\"bytes\"}\n"),
        text);
    assertTrue(
        text.endsWith(
            "{\"event\":\"log\",\"level\":\"info\",\"message\":\"reading"
                + " https://dl.broadcom.com/<redacted>/PROD/COMP/ESX_HOST/main/index.xml\"}\n"),
        text);
    assertTrue(!text.contains("Zq8bX2kLmN4pR7sT9vW1yA3cE5gH6jK0"), text);
  }

  @Test
  void events_quiet_noProgressNoStatus() {
    CommonOptions o = new CommonOptions();
    o.quiet = true;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console c =
        new Console(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            o);
    c.events().dispatch(new ProgressEvent("write x.iso", 1, 2, "bytes"));
    c.events().dispatch(LogEvent.lifecycle("writing"));
    c.events().dispatch(LogEvent.warn("careful"));
    assertEquals("WARNING: careful\n", err.toString(StandardCharsets.UTF_8));
  }
}
