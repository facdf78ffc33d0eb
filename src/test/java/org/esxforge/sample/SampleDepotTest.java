package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.esxforge.event.EventHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDepotTest {
  @TempDir Path tmp;

  @Test
  void write_intoDirectoryWithOtherFiles_refusedAndNothingTouched() throws Exception {
    Path depots = tmp.resolve("depots");
    Files.createDirectories(depots);
    Files.writeString(depots.resolve("README.md"), "mine");
    IOException e =
        assertThrows(
            IOException.class,
            () -> SampleDepot.write(depots, SampleVersion.V7_0, EventHandlers.none()));
    assertEquals(
        depots.toAbsolutePath()
            + ": exists and is not an esxforge sample depot; give"
            + " a new or empty directory (e.g. depots/sample-7.0)",
        e.getMessage());
    assertEquals("mine", Files.readString(depots.resolve("README.md")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(depots), s.toList());
    }
  }

  @Test
  void requireReplaceable_earlierSampleOrEmpty_accepted() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    SampleDepot.requireReplaceable(empty);
    SampleDepot.requireReplaceable(tmp.resolve("missing"));
    Path old = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(old.resolve("index.xml"), "<vendorList/>");
    Files.writeString(old.resolve(SampleDepot.CA_PEM), "x");
    SampleDepot.requireReplaceable(old);
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertEquals(
        file + ": exists and is not a directory; give a new directory for the sample" + " depot",
        assertThrows(IOException.class, () -> SampleDepot.requireReplaceable(file)).getMessage());
  }
}
