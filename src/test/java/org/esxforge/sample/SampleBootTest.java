package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.esxforge.bundle.DepotContent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.model.ImageProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleBootTest {
  @TempDir Path tmp;

  @Test
  void images_noKernel_placeholdersLoudWarningAndNoteInEveryProfile() throws Exception {
    List<LogEvent> log = new ArrayList<>();
    EventHandlers events =
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l) {
                log.add(l);
              }
            });
    BootImages boot = SampleBoot.images(tmp, work -> Optional.empty(), events);
    assertFalse(boot.bootable());
    String why =
        GrubImages.unavailable()
            .orElse("the multiboot test kernel could not be built (gcc/ld missing)");
    assertEquals(why, boot.problem());
    assertEquals(1, log.size());
    assertEquals(LogEvent.Level.WARN, log.get(0).level());
    assertTrue(
        log.get(0).message().contains("ISOs built from it will NOT boot"), log.get(0).message());
    assertEquals(1 << 20, boot.efibootImg().length);

    DepotContent c = SampleContent.of(SampleVersion.V7_0, boot, EventHandlers.none());
    for (ImageProfile p : c.profiles()) {
      assertTrue(
          p.description().endsWith("(" + why + "); ISOs built from it will NOT boot."),
          p.description());
    }
  }
}
