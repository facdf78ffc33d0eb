package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.beust.jcommander.JCommander;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SampleDepotCommandTest {
  @Test
  void run_unknownVersion_usageErrorWithOneLine() {
    SampleDepotCommand c = new SampleDepotCommand();
    JCommander.newBuilder().addCommand(c).build()
        .parse("sample-depot", "--version", "6.7", "out/x");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = c.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
        StandardCharsets.UTF_8));
    assertEquals(2, rc);
    assertEquals("esxforge sample-depot: unknown sample version '6.7': expected 7.0 or 8.0\n",
        err.toString(StandardCharsets.UTF_8));
  }
}
